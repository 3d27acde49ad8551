package storage

import (
	"strings"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// provisionerNotRunning: the PV controller hands the claim to an external
// provisioner ("Waiting for a volume to be created either by the external
// provisioner 'x' ...") and x never answers. A running provisioner writes
// Provisioning within seconds of seeing the claim, so a notice older than
// the grace period with no event from x since means nothing serves x: its
// controller is not deployed, crashed, or the class misspells the driver.
func provisionerNotRunning(v *view) (diagnosis.Finding, bool) {
	if v.ext == nil || v.in.Now.Sub(v.ext.First) < v.opts.GracePeriod {
		return diagnosis.Finding{}, false
	}
	name := waitedFor(v.ext.Message)
	if name == "" {
		name = v.provisioner(nil)
	}
	if name == pvController || v.answeredSince(name, v.ext.First) {
		// No provisioner named anywhere: nothing to say it is missing.
		return diagnosis.Finding{}, false
	}
	f := diagnosis.Finding{
		Vars: diagnosis.Vars{"provisioner": name, "grep": grepTerm(name), "class": v.classVar(),
			"age": diagnosis.Age(v.in.Now.Sub(v.ext.First))},
		Evidence: appendEvidence(nil, eventLine(v.ext), "no Provisioning event from "+name+" since "+v.ext.First.UTC().Format(time.RFC3339),
			v.claimEvidence(), v.classEvidence()),
		Since: v.ext.First,
	}
	return f, true
}

// answeredSince: an external provisioner wrote about the claim at or after
// t. Its event source is "<name>_<host>_<uuid>"; any provisioning event
// not from the PV controller counts, in case the name is spelled otherwise.
func (v *view) answeredSince(name string, t time.Time) bool {
	for _, e := range v.events {
		if e.Last.Before(t) {
			return false // newest first: the rest are older
		}
		if strings.HasPrefix(e.Source, name+"_") {
			return true
		}
		switch e.Reason {
		case eventProvisioning, eventProvisioningFailed, eventProvisioningSucceeded:
			if e.Source != pvController {
				return true
			}
		}
	}
	return false
}
