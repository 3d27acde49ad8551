package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

// mapEventToPod enqueues the pod an event record is about (events live in
// the namespace of the pod they are about).
func mapEventToPod(_ context.Context, obj client.Object) []reconcile.Request {
	r, ok := obj.(*eventRecord)
	if !ok || r.podName == "" {
		return nil
	}
	return []reconcile.Request{{NamespacedName: types.NamespacedName{Namespace: r.namespace, Name: r.podName}}}
}

// podMapper maps other objects to the pods they affect through the store's
// indexes.
type podMapper struct {
	pods  *Store
	scope ScopeOptions
}

// nodeToPods enqueues the pods bound to a node.
func (m podMapper) nodeToPods(_ context.Context, obj client.Object) []reconcile.Request {
	return m.pods.PodsOnNode(obj.GetName())
}

// claimToPods enqueues the pending pods that use a PVC: only they can be
// blocked by it (a running pod has its volume mounted already).
func (m podMapper) claimToPods(_ context.Context, obj client.Object) []reconcile.Request {
	return m.pods.PendingPodsUsingClaim(obj.GetNamespace(), obj.GetName())
}

// namespaceToPods enqueues every pod of a namespace whose ignore label changed.
func (m podMapper) namespaceToPods(_ context.Context, obj client.Object) []reconcile.Request {
	if !m.scope.Allows(obj.GetName()) {
		return nil
	}
	return m.pods.PodsInNamespace(obj.GetName())
}

func isPending(p *corev1.Pod) bool {
	return p.Status.Phase == corev1.PodPending || p.Status.Phase == ""
}

// Predicates. Every watch drops the periodic resync (an update whose old and
// new objects share a resourceVersion): nothing polls.

// podPredicate passes every real change of a pod, and the creation (as well
// as the initial listing) of a pod that needs a look. A settled pod (healthy,
// nothing pending) without our annotations on a Ready node would be
// diagnosed healthy and get no write: skipping it keeps a start's queue, CPU
// and memory to the pods that can need one — a fifth of them in the scale
// benchmark instead of all. Its node turning NotReady still enqueues it
// (nodePredicate), and so does any change of the pod itself.
func podPredicate(nodes *nodeList) predicate.Predicate {
	return predicate.And[client.Object](predicate.ResourceVersionChangedPredicate{}, predicate.Funcs{
		CreateFunc: func(e event.CreateEvent) bool {
			r, ok := e.Object.(*podRecord)
			return !ok || needsLook(r, nodes)
		},
	})
}

func needsLook(r *podRecord, nodes *nodeList) bool {
	if !r.settled || len(r.ours) > 0 {
		return true
	}
	// A node not cached yet may be NotReady: look rather than miss NodeLost.
	return nodes == nil || !nodes.ready(r.nodeName)
}

// eventPredicate passes real changes of events. pod-doctor's own events
// never reach it: the store's field selector excludes source=pod-doctor.
func eventPredicate() predicate.Predicate { return predicate.ResourceVersionChangedPredicate{} }

// nodePredicate passes node deletion, the creation (or initial listing) of
// a node that is not Ready, and updates that change a condition's status or
// reason. Heartbeats (lastHeartbeatTime) change no verdict, and a Ready
// node's arrival changes none of its pods' (each is enqueued by its own
// creation when it needs a look; see podPredicate).
func nodePredicate() predicate.Predicate {
	return predicate.Funcs{
		CreateFunc: func(e event.CreateEvent) bool {
			n, ok := e.Object.(*corev1.Node)
			return !ok || !nodeReady(n)
		},
		UpdateFunc: func(e event.UpdateEvent) bool {
			o, ok1 := e.ObjectOld.(*corev1.Node)
			n, ok2 := e.ObjectNew.(*corev1.Node)
			return ok1 && ok2 && nodeConditionsChanged(o, n)
		},
		GenericFunc: func(event.GenericEvent) bool { return false },
	}
}

func nodeConditionsChanged(o, n *corev1.Node) bool {
	if len(o.Status.Conditions) != len(n.Status.Conditions) {
		return true
	}
	old := make(map[corev1.NodeConditionType]corev1.NodeCondition, len(o.Status.Conditions))
	for _, c := range o.Status.Conditions {
		old[c.Type] = c
	}
	for _, c := range n.Status.Conditions {
		p, ok := old[c.Type]
		if !ok || p.Status != c.Status || p.Reason != c.Reason {
			return true
		}
	}
	return false
}

// namespacePredicate passes only a change of the ignore label: a pod's own
// creation already enqueues it, so namespace creation and deletion add nothing.
func namespacePredicate() predicate.Predicate {
	return predicate.Funcs{
		CreateFunc: func(event.CreateEvent) bool { return false },
		DeleteFunc: func(event.DeleteEvent) bool { return false },
		UpdateFunc: func(e event.UpdateEvent) bool {
			return e.ObjectOld.GetLabels()[IgnoreLabel] != e.ObjectNew.GetLabels()[IgnoreLabel]
		},
		GenericFunc: func(event.GenericEvent) bool { return false },
	}
}

// claimPredicate passes real changes of PVCs.
func claimPredicate() predicate.Predicate { return predicate.ResourceVersionChangedPredicate{} }
