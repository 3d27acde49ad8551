package controllers

import (
	"k8s.io/utils/ptr"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// podRecord and eventRecord are what the store's informers keep instead of
// the API objects: the identity the informer keys, indexes and reports
// events by, and the slimmed object as protobuf, decoded only when a
// reconcile reads it.
//
// Why not the typed objects: a decoded corev1.Pod costs 6–8 KiB of heap
// even after every unused field is stripped (the empty Pod struct alone is
// 1.2 KiB, each ResourceList map ~0.7 KiB), an Event ~1.1 KiB. The same
// content as protobuf is 0.3–1.8 KiB. Decoding one pod and its events takes
// microseconds, and a reconcile happens only when something changed.
type podRecord struct {
	recordMeta
	nodeName string
	claims   []string // "namespace/claim"
	pending  bool
	// settled is diagnosis.Settled when the record was made: healthy, with
	// nothing pending (see compactSettled and podPredicate).
	settled bool
	// labels select the pod into Services; owner is its controller (kind,
	// name, UID only), nil when it has none. Both are kept out of raw.
	labels    map[string]string // shared among pods with the same set (labelTable)
	labelsKey string
	owner     podOwner
	ours      map[string]string // our annotations (TransformPod keeps no others)
	raw       []byte
}

// GetLabels and GetOwnerReferences let the mappers of the objects beyond
// pods read a record like a pod.
func (r *podRecord) GetLabels() map[string]string { return r.labels }

func (r *podRecord) GetOwnerReferences() []metav1.OwnerReference {
	if r.owner.uid == "" {
		return nil
	}
	return []metav1.OwnerReference{{Kind: r.owner.kind, Name: r.owner.name, UID: r.owner.uid, Controller: ptr.To(true)}}
}

// podOwner is a pod's controller; its strings are interned (the pods of
// one ReplicaSet share them). Zero when the pod has none.
type podOwner struct {
	kind, name string
	uid        types.UID
}

type eventRecord struct {
	recordMeta
	// podKey is the pod the event is about (eventPodKey), podName its name
	// (events live in their pod's namespace), last when it last happened
	// (Unix nanoseconds, to keep the newest).
	podKey, podName string
	last            int64
	raw             []byte
}

// recordMeta is the part of metav1.Object a record has.
type recordMeta struct {
	name, namespace, rv string
}

var (
	_ metav1.Object  = (*podRecord)(nil)
	_ runtime.Object = (*podRecord)(nil)
	_ metav1.Object  = (*eventRecord)(nil)
	_ runtime.Object = (*eventRecord)(nil)
)

// runtime.Object: records never leave the process, so no kind is needed;
// raw and claims are never mutated after creation, so copies share them.

func (r *recordMeta) GetObjectKind() schema.ObjectKind { return schema.EmptyObjectKind }

func (r *podRecord) DeepCopyObject() runtime.Object {
	c := *r
	return &c
}

func (r *eventRecord) DeepCopyObject() runtime.Object {
	c := *r
	return &c
}

// metav1.Object: the getters the informer, the controller's handlers and
// predicates use; setters of fields a record does not keep do nothing.

func (r *recordMeta) GetNamespace() string                                       { return r.namespace }
func (r *recordMeta) SetNamespace(ns string)                                     { r.namespace = ns }
func (r *recordMeta) GetName() string                                            { return r.name }
func (r *recordMeta) SetName(n string)                                           { r.name = n }
func (r *recordMeta) GetGenerateName() string                                    { return "" }
func (r *recordMeta) SetGenerateName(string)                                     {}
func (r *recordMeta) GetUID() types.UID                                          { return "" }
func (r *recordMeta) SetUID(types.UID)                                           {}
func (r *recordMeta) GetResourceVersion() string                                 { return r.rv }
func (r *recordMeta) SetResourceVersion(v string)                                { r.rv = v }
func (r *recordMeta) GetGeneration() int64                                       { return 0 }
func (r *recordMeta) SetGeneration(int64)                                        {}
func (r *recordMeta) GetSelfLink() string                                        { return "" }
func (r *recordMeta) SetSelfLink(string)                                         {}
func (r *recordMeta) GetCreationTimestamp() metav1.Time                          { return metav1.Time{} }
func (r *recordMeta) SetCreationTimestamp(metav1.Time)                           {}
func (r *recordMeta) GetDeletionTimestamp() *metav1.Time                         { return nil }
func (r *recordMeta) SetDeletionTimestamp(*metav1.Time)                          {}
func (r *recordMeta) GetDeletionGracePeriodSeconds() *int64                      { return nil }
func (r *recordMeta) SetDeletionGracePeriodSeconds(*int64)                       {}
func (r *recordMeta) GetLabels() map[string]string                               { return nil }
func (r *recordMeta) SetLabels(map[string]string)                                {}
func (r *recordMeta) GetAnnotations() map[string]string                          { return nil }
func (r *recordMeta) SetAnnotations(map[string]string)                           {}
func (r *recordMeta) GetFinalizers() []string                                    { return nil }
func (r *recordMeta) SetFinalizers([]string)                                     {}
func (r *recordMeta) GetOwnerReferences() []metav1.OwnerReference                { return nil }
func (r *recordMeta) SetOwnerReferences([]metav1.OwnerReference)                 {}
func (r *recordMeta) GetManagedFields() []metav1.ManagedFieldsEntry              { return nil }
func (r *recordMeta) SetManagedFields(managedFields []metav1.ManagedFieldsEntry) {}
