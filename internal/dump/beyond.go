package dump

import (
	"encoding/json"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis/snapshot"
)

// beyondKind is one kind of design.md's "Beyond pods" (or one they need:
// EndpointSlices, IngressClasses, StorageClasses) that a dump may hold.
type beyondKind struct {
	group, kind string
	decode      func(raw []byte) (metav1.Object, error)
	add         func(o *snapshot.Objects, m metav1.Object)
}

// decodeAs decodes raw into a new T.
func decodeAs[T any, P interface {
	*T
	metav1.Object
}](raw []byte) (metav1.Object, error) {
	p := P(new(T))
	err := json.Unmarshal(raw, p)
	return p, err
}

// BeyondKinds are the kinds read beyond Pod, Event, Node and PVC, in the
// order the count line names them.
var beyondKinds = []beyondKind{
	{"apps", "Deployment", decodeAs[appsv1.Deployment], func(o *snapshot.Objects, m metav1.Object) {
		o.Deployments = append(o.Deployments, m.(*appsv1.Deployment))
	}},
	{"apps", "ReplicaSet", decodeAs[appsv1.ReplicaSet], func(o *snapshot.Objects, m metav1.Object) {
		o.ReplicaSets = append(o.ReplicaSets, m.(*appsv1.ReplicaSet))
	}},
	{"apps", "StatefulSet", decodeAs[appsv1.StatefulSet], func(o *snapshot.Objects, m metav1.Object) {
		o.StatefulSets = append(o.StatefulSets, m.(*appsv1.StatefulSet))
	}},
	{"apps", "DaemonSet", decodeAs[appsv1.DaemonSet], func(o *snapshot.Objects, m metav1.Object) { o.DaemonSets = append(o.DaemonSets, m.(*appsv1.DaemonSet)) }},
	{"batch", "Job", decodeAs[batchv1.Job], func(o *snapshot.Objects, m metav1.Object) { o.Jobs = append(o.Jobs, m.(*batchv1.Job)) }},
	{"batch", "CronJob", decodeAs[batchv1.CronJob], func(o *snapshot.Objects, m metav1.Object) { o.CronJobs = append(o.CronJobs, m.(*batchv1.CronJob)) }},
	{"", "Service", decodeAs[corev1.Service], func(o *snapshot.Objects, m metav1.Object) { o.Services = append(o.Services, m.(*corev1.Service)) }},
	{"discovery.k8s.io", "EndpointSlice", decodeAs[discoveryv1.EndpointSlice], func(o *snapshot.Objects, m metav1.Object) {
		o.EndpointSlices = append(o.EndpointSlices, m.(*discoveryv1.EndpointSlice))
	}},
	{"networking.k8s.io", "Ingress", decodeAs[networkingv1.Ingress], func(o *snapshot.Objects, m metav1.Object) {
		o.Ingresses = append(o.Ingresses, m.(*networkingv1.Ingress))
	}},
	{"networking.k8s.io", "IngressClass", decodeAs[networkingv1.IngressClass], func(o *snapshot.Objects, m metav1.Object) {
		o.IngressClasses = append(o.IngressClasses, m.(*networkingv1.IngressClass))
	}},
	{"storage.k8s.io", "StorageClass", decodeAs[storagev1.StorageClass], func(o *snapshot.Objects, m metav1.Object) {
		o.StorageClasses = append(o.StorageClasses, m.(*storagev1.StorageClass))
	}},
	{"", "Namespace", decodeAs[corev1.Namespace], func(o *snapshot.Objects, m metav1.Object) { o.Namespaces = append(o.Namespaces, m.(*corev1.Namespace)) }},
}

// findBeyondKind returns the kind of group/kind, false when it is not read.
func findBeyondKind(group, kind string) (beyondKind, bool) {
	for _, k := range beyondKinds {
		if k.group == group && k.kind == kind {
			return k, true
		}
	}
	return beyondKind{}, false
}

// decodeBeyond decodes an object of a kind beyond pods.
func decodeBeyond(k beyondKind, raw []byte, where string) (decoded, error) {
	m, err := k.decode(raw)
	if err != nil {
		return decoded{}, fmt.Errorf("%s: invalid %s: %w", where, k.kind, err)
	}
	m.SetManagedFields(nil)
	if m.GetNamespace() == "" && k.kind != "Namespace" && k.kind != "IngressClass" && k.kind != "StorageClass" {
		m.SetNamespace("default") // kubectl's meaning of an object without one
	}
	return decoded{beyond: m, beyondKind: k.kind}, nil
}

// addBeyond records an object beyond pods and its observed times.
func (o *Objects) addBeyond(d decoded) {
	k, _ := findBeyondKind(groupOfKind(d.beyondKind), d.beyondKind)
	k.add(&o.Beyond, d.beyond)
	o.Read[d.beyondKind]++
	o.clock.observe(beyondTimes(d.beyond))
}

// groupOfKind finds the group a read kind was registered with.
func groupOfKind(kind string) string {
	for _, k := range beyondKinds {
		if k.kind == kind {
			return k.group
		}
	}
	return ""
}

// beyondTimes are the observed times of an object beyond pods: its
// creation and the transitions of its status conditions (never a
// deletionTimestamp, which is a deadline).
func beyondTimes(m metav1.Object) []time.Time {
	ts := []time.Time{m.GetCreationTimestamp().Time}
	switch x := m.(type) {
	case *appsv1.Deployment:
		for _, c := range x.Status.Conditions {
			ts = append(ts, c.LastUpdateTime.Time, c.LastTransitionTime.Time)
		}
	case *appsv1.ReplicaSet:
		for _, c := range x.Status.Conditions {
			ts = append(ts, c.LastTransitionTime.Time)
		}
	case *batchv1.Job:
		for _, c := range x.Status.Conditions {
			ts = append(ts, c.LastProbeTime.Time, c.LastTransitionTime.Time)
		}
	case *corev1.Namespace:
		for _, c := range x.Status.Conditions {
			ts = append(ts, c.LastTransitionTime.Time)
		}
	}
	return ts
}

// Snapshot returns the objects beyond pods with the events and claims the
// family engines read, and which lists are complete: listed live, or
// present in the dump (a dump without any Service cannot tell "none" from
// "not dumped").
func (o *Objects) Snapshot() *snapshot.Objects {
	s := o.Beyond
	s.Claims, s.Events = o.PVCs, o.Events
	s.Known = map[string]bool{"Pod": o.PodCount() > 0 || o.PodsListed, kindPVC: o.PVCsListed || len(o.PVCs) > 0}
	for _, k := range beyondKinds {
		s.Known[k.kind] = o.Listed[k.kind] || o.Read[k.kind] > 0
	}
	return &s
}
