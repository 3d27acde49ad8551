package network

import (
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// rule recognises one code on one kind of object (C is its context). Check
// returns ok=false when its cause is not what blocks the object.
type rule[C any] struct {
	// Reason is "" for a roll-up step, which carries the code of the pods
	// or Services it rolls up instead of one of its own.
	Reason diagnosis.Reason
	Check  func(c C) (verdict, bool)
}

// verdict is what a matching rule concludes.
type verdict struct {
	finding diagnosis.Finding
	// carried is a cause rolled up from other objects, rendered already.
	carried *diagnosis.Diagnosis
	// due is when the cause has lasted the grace period: before it the
	// object counts as healthy and is checked again then.
	due time.Time
}

// serviceRules are the Service checks in precedence order: a selector that
// matches nothing and a port the pods do not declare are mistakes in the
// Service itself, so they come before the state of the pods; the pods' own
// cause comes before the generic "no ready endpoint".
var serviceRules = []rule[*serviceContext]{
	{diagnosis.ReasonServiceSelectorMatchesNothing, checkSelectorMatchesNothing},
	{diagnosis.ReasonServiceTargetPortMismatch, checkTargetPortMismatch},
	{"", rollupPods},
	{diagnosis.ReasonServiceNoReadyEndpoints, checkNoReadyEndpoints},
	{diagnosis.ReasonUnclassified, checkEndpointsMissing},
}

// ingressRules are the Ingress checks in precedence order: without a class
// no controller reads the Ingress at all; a missing backend is the
// Ingress's own mistake; only then does a backend's own cause count.
var ingressRules = []rule[*ingressContext]{
	{diagnosis.ReasonIngressClassNotFound, checkClassNotFound},
	{diagnosis.ReasonIngressBackendNotFound, checkBackendNotFound},
	{"", rollupBackends},
}

// RuleReasons lists the code of every rule, Services' then Ingresses', in
// precedence order (roll-up steps carry other codes and are left out; the
// Service's Unclassified step is the family's fallback, listed too).
func RuleReasons() []diagnosis.Reason {
	var out []diagnosis.Reason
	for _, r := range serviceRules {
		if r.Reason != "" {
			out = append(out, r.Reason)
		}
	}
	for _, r := range ingressRules {
		if r.Reason != "" {
			out = append(out, r.Reason)
		}
	}
	return out
}

// run applies rules in order; the first match decides, even while it
// waits out its grace period (a later rule must not speak for a cause an
// earlier one already saw).
func run[C any](rules []rule[C], c C, obj diagnosis.Object, now time.Time, lang diagnosis.Lang) diagnosis.Result {
	for _, r := range rules {
		v, ok := r.Check(c)
		if !ok {
			continue
		}
		if now.Before(v.due) {
			return diagnosis.Result{RecheckAt: v.due}
		}
		if v.carried != nil {
			return diagnosis.Result{Diagnosis: v.carried}
		}
		return diagnosis.Result{Diagnosis: diagnosis.RenderObject(r.Reason, obj, v.finding, lang)}
	}
	return diagnosis.Result{}
}
