package namespace

import (
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// view holds what the rule reads about one terminating namespace.
type view struct {
	in   Input
	opts diagnosis.Options
	obj  diagnosis.Object
	// held are the namespace controller's conditions that are True, in the
	// order the controller writes them.
	held []corev1.NamespaceCondition
	// reported: the namespace controller wrote conditions at all.
	reported bool
	// ownFinalizer: spec.finalizers still holds the controller's own
	// "kubernetes", removed once all content is gone.
	ownFinalizer bool
	// specOthers are the other spec.finalizers, meta metadata.finalizers:
	// each is removed by the controller that set it, or never.
	specOthers, meta []string
	// found is what holds it (causes), the one to fix first first.
	found []cause
}

func newView(in Input, opts diagnosis.Options) *view {
	ns := in.Namespace
	v := &view{in: in, opts: opts, reported: len(ns.Status.Conditions) > 0, meta: ns.Finalizers,
		obj: diagnosis.Object{Kind: "Namespace", Name: ns.Name, Created: ns.CreationTimestamp.Time}}
	for _, c := range ns.Status.Conditions {
		if c.Status == corev1.ConditionTrue {
			v.held = append(v.held, c)
		}
	}
	for _, f := range ns.Spec.Finalizers {
		if f == corev1.FinalizerKubernetes {
			v.ownFinalizer = true
			continue
		}
		v.specOthers = append(v.specOthers, string(f))
	}
	v.found = v.causes()
	return v
}

// condition is the True condition of type t, nil when it is not True.
func (v *view) condition(t corev1.NamespaceConditionType) *corev1.NamespaceCondition {
	i := slices.IndexFunc(v.held, func(c corev1.NamespaceCondition) bool { return c.Type == t })
	if i < 0 {
		return nil
	}
	return &v.held[i]
}
