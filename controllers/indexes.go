package controllers

import (
	corev1 "k8s.io/api/core/v1"
)

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

// eventPodKey is the value the store indexes an event by: the UID of the pod
// it is about, or "namespace/name" for the rare event recorded without one.
func eventPodKey(e *corev1.Event) string {
	if e.InvolvedObject.Kind != "" && e.InvolvedObject.Kind != "Pod" {
		return ""
	}
	if e.InvolvedObject.UID != "" {
		return string(e.InvolvedObject.UID)
	}
	return podNameKey(eventPodNamespace(e), e.InvolvedObject.Name)
}

// podNameKey is the fallback key for events without a UID; the "/" cannot
// occur in a UID, so the two kinds of keys never collide.
func podNameKey(ns, name string) string { return ns + "/" + name }

func eventPodNamespace(e *corev1.Event) string {
	if e.InvolvedObject.Namespace != "" {
		return e.InvolvedObject.Namespace
	}
	return e.Namespace
}
