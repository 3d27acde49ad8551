package namespace

import (
	"fmt"
	"slices"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Diagnose returns the verdict on one namespace: none until its deletion
// is older than opts.GracePeriod (RecheckAt says when), then
// NamespaceStuckTerminating naming what holds it, with the hints of those
// causes only. A panic in the rule is a bug, but it becomes an
// Unclassified diagnosis naming it, never a crash.
func Diagnose(in Input, opts diagnosis.Options) (res diagnosis.Result) {
	ns := in.Namespace
	if ns == nil || ns.DeletionTimestamp == nil {
		return diagnosis.Result{}
	}
	if due := ns.DeletionTimestamp.Add(opts.GracePeriod); in.Now.Before(due) {
		return diagnosis.Result{RecheckAt: due}
	}
	defer func() {
		if r := recover(); r != nil {
			obj := diagnosis.Object{Kind: "Namespace", Name: ns.Name, Created: in.Now}
			f := diagnosis.Finding{Vars: diagnosis.Vars{"reason": "EngineError", "message": fmt.Sprint(r)}, Evidence: []string{fmt.Sprint(r)}}
			res = diagnosis.Result{Diagnosis: diagnosis.RenderObject(diagnosis.ReasonUnclassified, obj, f, opts.Lang)}
		}
	}()
	return diagnosis.Result{Diagnosis: diagnose(in, opts)}
}

// diagnose is Diagnose past the gate, without the safety net, so the tests
// see panics.
func diagnose(in Input, opts diagnosis.Options) *diagnosis.Diagnosis {
	v := newView(in, opts)
	for _, r := range registry {
		if f, ok := r.Check(v); ok {
			d := diagnosis.RenderObject(r.Reason, v.obj, f, opts.Lang)
			d.Hints = pick(d.Hints, v.hints())
			return d
		}
	}
	return nil
}

// hints are the catalog hints of the causes found, in cause order, once each.
func (v *view) hints() []int {
	var out []int
	for _, c := range v.found {
		for _, h := range c.hints {
			if !slices.Contains(out, h) {
				out = append(out, h)
			}
		}
	}
	return out
}

// pick keeps the rendered hints at the given indexes, in that order.
func pick(all []string, idx []int) []string {
	out := make([]string, 0, len(idx))
	for _, i := range idx {
		if i < len(all) {
			out = append(out, all[i])
		}
	}
	return out
}
