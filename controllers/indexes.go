package controllers

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Cache field indexes. They make every lookup of the reconciler and of the
// mappers a map access instead of a scan of all pods or all events.
const (
	// indexPodNode finds the pods bound to a node (node condition changes).
	indexPodNode = "spec.nodeName"
	// indexPodClaim finds the pods that use a PVC.
	indexPodClaim = "spec.volumes.persistentVolumeClaim.claimName"
	// indexEventPod finds the events about a pod: its UID, or
	// "namespace/name" for the rare event recorded without one.
	indexEventPod = "involvedObject.pod"
)

// SetupIndexes registers the field indexes on the manager's cache.
func SetupIndexes(ctx context.Context, fi client.FieldIndexer) error {
	for _, ix := range []struct {
		obj   client.Object
		field string
		fn    client.IndexerFunc
	}{
		{&corev1.Pod{}, indexPodNode, podNodeIndex},
		{&corev1.Pod{}, indexPodClaim, podClaimIndex},
		{&corev1.Event{}, indexEventPod, eventPodIndex},
	} {
		if err := fi.IndexField(ctx, ix.obj, ix.field, ix.fn); err != nil {
			return fmt.Errorf("index %T by %s: %w", ix.obj, ix.field, err)
		}
	}
	return nil
}

func podNodeIndex(obj client.Object) []string {
	p, ok := obj.(*corev1.Pod)
	if !ok || p.Spec.NodeName == "" {
		return nil
	}
	return []string{p.Spec.NodeName}
}

func podClaimIndex(obj client.Object) []string {
	p, ok := obj.(*corev1.Pod)
	if !ok {
		return nil
	}
	return claimNames(p)
}

// claimNames lists the PVCs a pod uses, in volume order.
func claimNames(p *corev1.Pod) []string {
	var out []string
	for _, v := range p.Spec.Volumes {
		if v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName != "" {
			out = append(out, v.PersistentVolumeClaim.ClaimName)
		}
	}
	return out
}

func eventPodIndex(obj client.Object) []string {
	e, ok := obj.(*corev1.Event)
	if !ok || (e.InvolvedObject.Kind != "" && e.InvolvedObject.Kind != "Pod") {
		return nil
	}
	return []string{eventPodKey(e)}
}

// eventPodKey is the value eventPodIndex stores for an event.
func eventPodKey(e *corev1.Event) string {
	if e.InvolvedObject.UID != "" {
		return string(e.InvolvedObject.UID)
	}
	return podNameKey(eventPodNamespace(e), e.InvolvedObject.Name)
}

// podNameKey is the fallback index value for events without a UID; the "/"
// cannot occur in a UID, so the two kinds of keys never collide.
func podNameKey(ns, name string) string { return ns + "/" + name }

func eventPodNamespace(e *corev1.Event) string {
	if e.InvolvedObject.Namespace != "" {
		return e.InvolvedObject.Namespace
	}
	return e.Namespace
}
