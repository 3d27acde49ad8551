// Package snapshot diagnoses every object of one snapshot of a cluster — a
// dump read by `diagnose -f` or the lists of a live `diagnose` — beyond
// its pods: it finds each object's pods, children and backends and hands
// them to the family engines (workload, network, storage, namespace) in the
// order the roll-ups need: pods first (the caller), then the workloads that
// own them, then what owns those, then Services and the Ingresses in front
// of them. Pure: no client, no clock.
package snapshot

import (
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Objects are the objects beyond pods of one snapshot, with the events
// about any of them.
type Objects struct {
	Deployments    []*appsv1.Deployment
	ReplicaSets    []*appsv1.ReplicaSet
	StatefulSets   []*appsv1.StatefulSet
	DaemonSets     []*appsv1.DaemonSet
	Jobs           []*batchv1.Job
	CronJobs       []*batchv1.CronJob
	Services       []*corev1.Service
	EndpointSlices []*discoveryv1.EndpointSlice
	Ingresses      []*networkingv1.Ingress
	IngressClasses []*networkingv1.IngressClass
	StorageClasses []*storagev1.StorageClass
	Claims         []*corev1.PersistentVolumeClaim
	Namespaces     []*corev1.Namespace
	// Events may hold events about anything; those about pods are ignored.
	Events []corev1.Event
	// Known says which lists are complete (listed live, or present in the
	// dump): a rule never concludes that something is missing from a list
	// that was not read. Keyed by kind.
	Known map[string]bool
}

// Pod is one pod of the snapshot with the pod engine's verdict. The pod
// need only carry what Slim keeps.
type Pod struct {
	Pod       *corev1.Pod
	Diagnosis *diagnosis.Diagnosis
}

// Verdict is the verdict on one object beyond pods; Diagnosis is nil for a
// healthy object.
type Verdict struct {
	Object    diagnosis.Object
	Diagnosis *diagnosis.Diagnosis
}

// Empty reports whether the snapshot holds no object beyond pods, so a
// caller can skip keeping its pods.
func (o *Objects) Empty() bool {
	return len(o.Deployments)+len(o.ReplicaSets)+len(o.StatefulSets)+len(o.DaemonSets)+len(o.Jobs)+
		len(o.CronJobs)+len(o.Services)+len(o.Ingresses)+len(o.Claims)+len(o.Namespaces) == 0
}

// Diagnose returns a verdict for every object of the snapshot, in a fixed
// order: workloads, Services, Ingresses, claims, namespaces, each in input order.
func Diagnose(objs *Objects, pods []Pod, now time.Time, opts diagnosis.Options) []Verdict {
	x := newIndex(objs, pods)
	d := &diagnoser{objs: objs, x: x, now: now, opts: opts}
	var out []Verdict
	out = append(out, d.workloads()...)
	out = append(out, d.services()...)
	out = append(out, d.ingresses()...)
	out = append(out, d.claims()...)
	out = append(out, d.namespaces()...)
	return out
}

// diagnoser runs the families over one snapshot, remembering the verdicts
// later families roll up (ReplicaSets for Deployments, Services for Ingresses).
type diagnoser struct {
	objs *Objects
	x    *index
	now  time.Time
	opts diagnosis.Options
	// bySvc holds each Service's verdict by namespace/name.
	bySvc map[string]*diagnosis.Diagnosis
}

// PodFilter says which pods the roll-ups of one snapshot read: those a
// workload of the snapshot controls, those in a namespace with a Service
// (which may select them), and those mounting a claim. A caller keeps only
// these for Diagnose: on a large cluster most pods belong to none, and a
// kept pod costs a slim copy.
func (o *Objects) PodFilter() func(*corev1.Pod) bool {
	owners := map[types.UID]bool{}
	addUIDs(owners, o.ReplicaSets)
	addUIDs(owners, o.StatefulSets)
	addUIDs(owners, o.DaemonSets)
	addUIDs(owners, o.Jobs)
	withService := map[string]bool{}
	for _, s := range o.Services {
		withService[s.Namespace] = true
	}
	claims := len(o.Claims) > 0
	return func(p *corev1.Pod) bool {
		if uid := controllerUID(p); uid != "" && owners[uid] {
			return true
		}
		if withService[p.Namespace] {
			return true
		}
		if claims {
			for _, v := range p.Spec.Volumes {
				if v.PersistentVolumeClaim != nil {
					return true
				}
			}
		}
		return false
	}
}

// addUIDs adds the UID of every workload in list to set.
func addUIDs[T metav1.Object](set map[types.UID]bool, list []T) {
	for _, w := range list {
		set[w.GetUID()] = true
	}
}
