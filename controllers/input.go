package controllers

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// input gathers the engine's input from the cache. Lists skip the deep copy:
// the engine is pure and never mutates what it is given.
func (r *PodReconciler) input(ctx context.Context, pod *corev1.Pod, now time.Time) (diagnosis.Input, error) {
	in := diagnosis.Input{Pod: pod, Now: now}
	var err error
	if in.Events, err = r.events(ctx, pod); err != nil {
		return in, err
	}
	if pod.Spec.NodeName != "" {
		in.Node, err = r.node(ctx, pod.Spec.NodeName)
	} else {
		// Only an unscheduled pod's selector is checked against all nodes.
		in.Nodes, in.NodeFacts, err = r.nodes(ctx)
	}
	if err != nil {
		return in, err
	}
	if in.PVCs, err = r.claims(ctx, pod); err != nil || r.claimCauses == nil {
		return in, err
	}
	in.ClaimCauses, err = r.claimCauses(ctx, in.PVCs, now)
	return in, err
}

// events returns the newest MaxEventsPerPod events about the pod.
func (r *PodReconciler) events(_ context.Context, pod *corev1.Pod) ([]corev1.Event, error) {
	return r.Pods.Events(pod, r.Engine.MaxEventsPerPod)
}

// lastSeen is when an event last happened, whichever API wrote it.
func lastSeen(e *corev1.Event) time.Time {
	for _, t := range []time.Time{e.LastTimestamp.Time, seriesLast(e), e.EventTime.Time, e.FirstTimestamp.Time, e.CreationTimestamp.Time} {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func seriesLast(e *corev1.Event) time.Time {
	if e.Series == nil {
		return time.Time{}
	}
	return e.Series.LastObservedTime.Time
}

// node returns the pod's node, nil when it is not (or no longer) known.
func (r *PodReconciler) node(ctx context.Context, name string) (*corev1.Node, error) {
	n := &corev1.Node{}
	err := r.Client.Get(ctx, types.NamespacedName{Name: name}, n, client.UnsafeDisableDeepCopy)
	switch {
	case apierrors.IsNotFound(err):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("get node: %w", err)
	}
	return n, nil
}

// nodes returns every node, nil when there are none known (the engine reads
// nil as "unknown", not as "no nodes"): from the nodeList when the manager
// set one up, else listed from the client.
func (r *PodReconciler) nodes(ctx context.Context) ([]*corev1.Node, *diagnosis.NodeFacts, error) {
	if r.nodeList != nil {
		nodes, facts := r.nodeList.get()
		return nodes, facts, nil
	}
	var list corev1.NodeList
	if err := r.Client.List(ctx, &list, client.UnsafeDisableDeepCopy); err != nil {
		return nil, nil, fmt.Errorf("list nodes: %w", err)
	}
	if len(list.Items) == 0 {
		return nil, nil, nil
	}
	out := make([]*corev1.Node, len(list.Items))
	for i := range list.Items {
		out[i] = &list.Items[i]
	}
	return out, nil, nil
}

// claims maps the pod's claim names to the cached claims; a missing entry in
// the non-nil map tells the engine the claim does not exist.
func (r *PodReconciler) claims(ctx context.Context, pod *corev1.Pod) (map[string]*corev1.PersistentVolumeClaim, error) {
	names := claimNames(pod)
	if len(names) == 0 {
		return nil, nil
	}
	out := make(map[string]*corev1.PersistentVolumeClaim, len(names))
	for _, name := range names {
		c := &corev1.PersistentVolumeClaim{}
		err := r.Client.Get(ctx, types.NamespacedName{Namespace: pod.Namespace, Name: name}, c, client.UnsafeDisableDeepCopy)
		switch {
		case apierrors.IsNotFound(err):
			continue
		case err != nil:
			return nil, fmt.Errorf("get claim %s: %w", name, err)
		}
		out[name] = c
	}
	return out, nil
}
