package storage

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Diagnose returns the verdict on one claim. A claim is diagnosed only
// while Pending, and only once opts.GracePeriod has passed since
// provisioning was due (graceStart); until then RecheckAt says when. A
// WaitForFirstConsumer claim no pod uses is normal. A panic in a rule is a
// bug, but it becomes an Unclassified diagnosis naming it, never a crash.
func Diagnose(in Input, opts diagnosis.Options) (res diagnosis.Result) {
	if in.Claim == nil {
		return diagnosis.Result{}
	}
	defer func() {
		if r := recover(); r != nil {
			obj := diagnosis.Object{Kind: "PersistentVolumeClaim", Namespace: in.Claim.Namespace, Name: in.Claim.Name, Created: in.Now}
			f := diagnosis.Finding{Vars: diagnosis.Vars{"reason": "EngineError", "message": fmt.Sprint(r)}, Evidence: []string{fmt.Sprint(r)}}
			res = diagnosis.Result{Diagnosis: diagnosis.RenderObject(diagnosis.ReasonUnclassified, obj, f, opts.Lang)}
		}
	}()
	return diagnose(in, opts)
}

func diagnose(in Input, opts diagnosis.Options) diagnosis.Result {
	// The API server defaults an empty phase to Pending.
	if p := in.Claim.Status.Phase; p != corev1.ClaimPending && p != "" {
		return diagnosis.Result{}
	}
	v := newView(in, opts)
	if v.waitsForConsumer() {
		return diagnosis.Result{}
	}
	if due := v.graceStart().Add(opts.GracePeriod); in.Now.Before(due) {
		return diagnosis.Result{RecheckAt: due}
	}
	for _, r := range registry {
		if f, ok := r.Check(v); ok {
			return diagnosis.Result{Diagnosis: diagnosis.RenderObject(r.Reason, v.obj, f, opts.Lang)}
		}
	}
	return diagnosis.Result{Diagnosis: diagnosis.RenderObject(diagnosis.ReasonUnclassified, v.obj, v.unclassified(), opts.Lang)}
}

// unclassified keeps the raw facts of a claim no rule explains: the
// newest warning (else the newest event) and the claim itself.
func (v *view) unclassified() diagnosis.Finding {
	f := diagnosis.Finding{Since: v.graceStart()}
	e := v.newestEvent()
	if e == nil {
		f.Vars = diagnosis.Vars{"reason": string(corev1.ClaimPending),
			"message": diagnosis.Say(v.opts.Lang, phrase.NoEvent, "age", diagnosis.Age(v.in.Now.Sub(v.graceStart())))}
	} else {
		f.Vars = diagnosis.Vars{"reason": e.Reason, "message": diagnosis.Truncate(diagnosis.OneLine(e.Message), maxMessage)}
	}
	f.Evidence = appendEvidence(nil, v.claimEvidence(), v.classEvidence(), eventLine(e))
	return f
}

// newestEvent prefers the newest Warning; a Normal event beats none.
func (v *view) newestEvent() *diagnosis.Event {
	for i := range v.events {
		if v.events[i].Type == corev1.EventTypeWarning {
			return &v.events[i]
		}
	}
	if len(v.events) > 0 {
		return &v.events[0]
	}
	return nil
}
