package controllers

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// target is the object a plan is written to: a pod, or an object beyond
// pods (design.md: "the same keys, with the same rules, on every object").
// The write path reads nothing else of it.
type target struct {
	// kind and apiVersion name the type for the patch and the event's
	// involvedObject; kind is "Pod" for a pod.
	kind, apiVersion string
	key              types.NamespacedName
	uid              types.UID
	resourceVersion  string
}

func podTarget(p *corev1.Pod) target {
	return target{kind: kindPod, apiVersion: "v1", key: client.ObjectKeyFromObject(p), uid: p.UID, resourceVersion: p.ResourceVersion}
}

func objectTarget(kind, apiVersion string, o metav1.Object) target {
	return target{kind: kind, apiVersion: apiVersion, key: types.NamespacedName{Namespace: o.GetNamespace(), Name: o.GetName()},
		uid: o.GetUID(), resourceVersion: o.GetResourceVersion()}
}

// kindPod is the kind of the pods the PodReconciler writes to.
const kindPod = "Pod"

// patchObject is what a merge patch of the target's metadata is sent as:
// a typed pod (the pod store is not the manager's cache, so nothing is
// cached by it), or metadata alone for every other kind.
func (t target) patchObject() client.Object {
	if t.kind == kindPod {
		p := &corev1.Pod{}
		p.Namespace, p.Name = t.key.Namespace, t.key.Name
		return p
	}
	m := &metav1.PartialObjectMetadata{}
	m.APIVersion, m.Kind = t.apiVersion, t.kind
	m.Namespace, m.Name = t.key.Namespace, t.key.Name
	return m
}
