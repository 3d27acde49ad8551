package diagnosis

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Settled reports whether the pod is healthy at now in a way the clock
// alone cannot change: the gate of "What counts as abnormal" finds nothing,
// and no deadline lies ahead (a grace period running, a restart ageing out
// of the restart window). Only a change of the pod itself, or of its node,
// can then make it abnormal.
//
// The controller's store uses it to decide which pods it may keep in a
// compact form; it must be called with the options the engine runs with.
// It looks at the pod alone: events and the node play no part in it.
func Settled(pod *corev1.Pod, now time.Time, opts Options) bool {
	if pod == nil {
		return false
	}
	v := newContext(Input{Pod: pod, Now: now}, opts).assess()
	return !v.abnormal && v.recheck.IsZero()
}

// NeedsEvents reports whether the pod's verdict at in.Now may depend on its
// events, which in need not hold yet. It does not when the gate finds the
// pod healthy and the scheduler has bound it (or it is being deleted): the
// gate reads events only for an unbound pod (FailedScheduling), and the
// rules run only for a pod the gate finds abnormal, so Diagnose then finds
// nothing whatever the events say.
//
// A live sweep uses it to diagnose most pods of a large cluster while the
// events are still being listed.
func NeedsEvents(in Input, opts Options) bool {
	if in.Pod == nil {
		return false
	}
	if in.Pod.Spec.NodeName == "" && in.Pod.DeletionTimestamp == nil {
		return true
	}
	in.Events = nil
	return newContext(in, opts).assess().abnormal
}
