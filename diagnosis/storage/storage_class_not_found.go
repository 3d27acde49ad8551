package storage

import "github.com/pod-doctor/pod-doctor/diagnosis"

// The PV controller's notice for a claim with no class: it can only wait
// for a matching PersistentVolume (syncUnboundClaim, reason FailedBinding).
const (
	eventFailedBinding = "FailedBinding"
	msgNoClass         = "no persistent volumes available for this claim and no storage class is set"
)

// storageClassNotFound: no provisioner acts on a class that does not
// exist, so the claim stays Pending until someone creates the class or
// re-creates the claim. Judged from the class list when known, else from
// the PV controller's own words (its class lookup failing NotFound, or its
// "no storage class is set" for a claim that asked for the default).
// A claim without a class while none is default counts too: it asked for
// the default class, which does not exist — the fix is the same kind
// (mark a default, or name a class), so it is this code, not Unclassified.
// A claim bound by volumeName is never provisioned, and storageClassName ""
// opts out of provisioning: neither needs a class.
func storageClassNotFound(v *view) (diagnosis.Finding, bool) {
	if v.in.Claim.Spec.VolumeName != "" || (v.classSet && v.className == "") {
		return diagnosis.Finding{}, false
	}
	switch {
	case v.classesKnown && v.classSet && v.class == nil:
		return v.classMissing(v.className, v.notFoundEvent()), true
	case v.classesKnown && !v.classSet && v.className == "":
		return v.noDefault(v.noClassEvent()), true
	case !v.classesKnown && v.notFoundEvent() != nil:
		return v.classMissing(notFoundClass(v.outcome.Message), v.outcome), true
	case !v.classesKnown && !v.classSet && v.noClassEvent() != nil:
		return v.noDefault(v.noClassEvent()), true
	}
	return diagnosis.Finding{}, false
}

func (v *view) classMissing(class string, e *diagnosis.Event) diagnosis.Finding {
	lang := v.opts.Lang
	f := diagnosis.Finding{Vars: diagnosis.Vars{
		"class":   class,
		"missing": diagnosis.Say(lang, phrase.ClassMissing, "class", class),
		"fix":     diagnosis.Say(lang, phrase.FixMissing, "class", class),
	}}
	f.Evidence = appendEvidence(nil, v.claimEvidence(), v.knownClasses(), eventLine(e))
	if e != nil {
		f.Since = e.First
	}
	return f
}

func (v *view) noDefault(e *diagnosis.Event) diagnosis.Finding {
	lang := v.opts.Lang
	f := diagnosis.Finding{Vars: diagnosis.Vars{
		"class":   "<class>",
		"missing": diagnosis.Say(lang, phrase.NoDefaultClass),
		"fix":     diagnosis.Say(lang, phrase.FixNoDefault),
	}}
	f.Evidence = appendEvidence(nil, v.claimEvidence(), v.knownClasses(), eventLine(e))
	return f
}

// knownClasses is the class list's evidence, "" when it is not known.
func (v *view) knownClasses() string {
	if !v.classesKnown {
		return ""
	}
	return v.classesEvidence()
}

// notFoundEvent is the newest outcome when it says the class is missing.
func (v *view) notFoundEvent() *diagnosis.Event {
	if o := v.outcome; o != nil && o.Reason == eventProvisioningFailed && notFoundClass(o.Message) != "" {
		return o
	}
	return nil
}

// noClassEvent is the PV controller's newest event when it is the
// "no storage class is set" notice.
func (v *view) noClassEvent() *diagnosis.Event {
	for i := range v.events {
		e := &v.events[i]
		if e.Source != pvController && e.Source != "" {
			continue
		}
		if e.Reason == eventFailedBinding && e.Message == msgNoClass {
			return e
		}
		return nil
	}
	return nil
}
