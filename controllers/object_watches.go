package controllers

import (
	"bytes"
	"context"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/pod-doctor/pod-doctor/diagnosis/network"
)

// podChanged passes the pod changes an object beyond pods can see: a
// change of the pod itself, or of the cause our annotations record. The
// latter is how a verdict that changes by time alone (a grace period
// over, a restart aged out) reaches the objects rolling it up: the pod
// reconciler requeues for that moment and writes the new cause. A rewrite
// of our annotations for the same cause changes nothing they show.
func podChanged(reasonKey string) predicate.Predicate {
	return predicate.Funcs{UpdateFunc: func(e event.UpdateEvent) bool {
		o, ok1 := e.ObjectOld.(*podRecord)
		n, ok2 := e.ObjectNew.(*podRecord)
		if !ok1 || !ok2 {
			return true
		}
		return !bytes.Equal(o.raw, n.raw) || o.labelsKey != n.labelsKey || o.owner != n.owner || o.ours[reasonKey] != n.ours[reasonKey]
	}}
}

// objectMapper maps a change of one object to the objects beyond pods
// whose verdict it can change: a pod to its owner and the Services that
// select it, a ReplicaSet to its Deployment, a Service to its Ingresses.
// Every lookup is in the cache or the store's indexes: no request per pod.
type objectMapper struct {
	cache       client.Reader
	pods        *Store
	replicaSets *ReplicaSets
	keys        Keys
}

func one(ns, name string) []reconcile.Request {
	return []reconcile.Request{{NamespacedName: types.NamespacedName{Namespace: ns, Name: name}}}
}

// controllerOf is obj's controller if it is of kind.
func controllerOf(obj metav1.Object, kind string) (string, bool) {
	for _, ref := range obj.GetOwnerReferences() {
		if ref.Kind == kind && (ref.Controller == nil || *ref.Controller) {
			return ref.Name, true
		}
	}
	return "", false
}

// toController enqueues obj's controller of kind.
func toController(kind string) handler.MapFunc {
	return func(_ context.Context, obj client.Object) []reconcile.Request {
		if name, ok := controllerOf(obj, kind); ok {
			return one(obj.GetNamespace(), name)
		}
		return nil
	}
}

// toGrandController enqueues the controller (of kind) of obj's controller
// (of middle kind, read by get): a pod's ReplicaSet's Deployment, a pod's
// Job's CronJob.
func toGrandController(middle, kind string, get func(ctx context.Context, key types.NamespacedName) (client.Object, bool)) handler.MapFunc {
	return func(ctx context.Context, obj client.Object) []reconcile.Request {
		name, ok := controllerOf(obj, middle)
		if !ok {
			return nil
		}
		mid, ok := get(ctx, types.NamespacedName{Namespace: obj.GetNamespace(), Name: name})
		if !ok {
			return nil
		}
		return toController(kind)(ctx, mid)
	}
}

// replicaSet reads a ReplicaSet from its record store.
func (m objectMapper) replicaSet(_ context.Context, key types.NamespacedName) (client.Object, bool) {
	rs, ok, err := m.replicaSets.Get(key)
	return rs, ok && err == nil
}

// job reads a Job from the cache.
func (m objectMapper) job(ctx context.Context, key types.NamespacedName) (client.Object, bool) {
	j := &batchv1.Job{}
	return j, m.cache.Get(ctx, key, j, client.UnsafeDisableDeepCopy) == nil
}

// deploymentToReplicaSets enqueues a Deployment's ReplicaSets.
func (m objectMapper) deploymentToReplicaSets(_ context.Context, obj client.Object) []reconcile.Request {
	rss := m.replicaSets.Controlled(obj.GetNamespace(), obj.GetUID())
	out := make([]reconcile.Request, 0, len(rss))
	for _, rs := range rss {
		out = append(out, one(rs.Namespace, rs.Name)...)
	}
	return out
}

// eventToObject enqueues the object of kind an event is about.
func eventToObject(kind string) handler.MapFunc {
	return func(_ context.Context, obj client.Object) []reconcile.Request {
		e, ok := obj.(*corev1.Event)
		if !ok || e.InvolvedObject.Kind != kind {
			return nil
		}
		return one(e.InvolvedObject.Namespace, e.InvolvedObject.Name)
	}
}

// podToServices enqueues the Services of the pod's namespace whose selector
// matches its labels.
func (m objectMapper) podToServices(ctx context.Context, obj client.Object) []reconcile.Request {
	var out []reconcile.Request
	for _, s := range m.selecting(ctx, obj) {
		out = append(out, one(s.Namespace, s.Name)...)
	}
	return out
}

func (m objectMapper) selecting(ctx context.Context, obj client.Object) []corev1.Service {
	var list corev1.ServiceList
	if err := m.cache.List(ctx, &list, client.InNamespace(obj.GetNamespace()), client.UnsafeDisableDeepCopy); err != nil {
		return nil
	}
	var out []corev1.Service
	for _, s := range list.Items {
		if len(s.Spec.Selector) > 0 && labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(obj.GetLabels())) {
			out = append(out, s)
		}
	}
	return out
}

// podToIngresses enqueues the Ingresses in front of the Services that
// select the pod: the namespace's Ingresses are listed once, whatever the
// number of Services.
func (m objectMapper) podToIngresses(ctx context.Context, obj client.Object) []reconcile.Request {
	names := map[string]bool{}
	for _, s := range m.selecting(ctx, obj) {
		names[s.Name] = true
	}
	return m.ingressesOf(ctx, obj.GetNamespace(), names)
}

// serviceToIngresses enqueues the Ingresses of the namespace with the Service as a backend.
func (m objectMapper) serviceToIngresses(ctx context.Context, obj client.Object) []reconcile.Request {
	return m.ingressesOf(ctx, obj.GetNamespace(), map[string]bool{obj.GetName(): true})
}

// ingressesOf enqueues the Ingresses of namespace ns with one of the named
// Services as a backend.
func (m objectMapper) ingressesOf(ctx context.Context, ns string, services map[string]bool) []reconcile.Request {
	if len(services) == 0 {
		return nil
	}
	var list networkingv1.IngressList
	if err := m.cache.List(ctx, &list, client.InNamespace(ns), client.UnsafeDisableDeepCopy); err != nil {
		return nil
	}
	var out []reconcile.Request
	for i := range list.Items {
		if slices.ContainsFunc(network.BackendServices(&list.Items[i]), func(n string) bool { return services[n] }) {
			out = append(out, one(list.Items[i].Namespace, list.Items[i].Name)...)
		}
	}
	return out
}

// allOf enqueues every cached object of a kind: for the few cluster-wide
// inputs (IngressClasses, StorageClasses) that any of them may use.
func (m objectMapper) allOf(list client.ObjectList) handler.MapFunc {
	return func(ctx context.Context, _ client.Object) []reconcile.Request {
		l := list.DeepCopyObject().(client.ObjectList)
		if err := m.cache.List(ctx, l, client.UnsafeDisableDeepCopy); err != nil {
			return nil
		}
		items, err := meta.ExtractList(l)
		if err != nil {
			return nil
		}
		out := make([]reconcile.Request, 0, len(items))
		for _, it := range items {
			if o, err := meta.Accessor(it); err == nil {
				out = append(out, one(o.GetNamespace(), o.GetName())...)
			}
		}
		return out
	}
}

// podToClaims enqueues the claims a pod record uses: a WaitForFirstConsumer
// claim is normal until a pod uses it.
func podToClaims(_ context.Context, obj client.Object) []reconcile.Request {
	r, ok := obj.(*podRecord)
	if !ok {
		return nil
	}
	var out []reconcile.Request
	for _, c := range r.claims {
		ns, name, _ := strings.Cut(c, "/")
		out = append(out, one(ns, name)...)
	}
	return out
}

// sliceToService enqueues the Service an EndpointSlice belongs to.
func sliceToService(_ context.Context, obj client.Object) []reconcile.Request {
	if name := obj.GetLabels()[discoveryv1.LabelServiceName]; name != "" {
		return one(obj.GetNamespace(), name)
	}
	return nil
}

// watchesFor adds the watches of one kind beyond its own objects.
func (m objectMapper) watchesFor(b *ctrl.Builder, kind string) *ctrl.Builder {
	pods := func(f handler.MapFunc) *ctrl.Builder {
		return b.WatchesRawSource(m.pods.PodSource(handler.EnqueueRequestsFromMapFunc(f), podChanged(m.keys.Reason)))
	}
	events := handler.EnqueueRequestsFromMapFunc(eventToObject(kind))
	switch kind {
	case kindReplicaSet:
		b = pods(toController(kind))
		// A Deployment's annotations are mirrored on its newest ReplicaSet.
		b = b.Watches(&appsv1.Deployment{}, handler.EnqueueRequestsFromMapFunc(m.deploymentToReplicaSets))
	case kindStatefulSet, kindDaemonSet, kindJob:
		b = pods(toController(kind))
	case kindDeployment:
		b = pods(toGrandController(kindReplicaSet, kindDeployment, m.replicaSet))
		b = b.WatchesRawSource(m.replicaSets.Source(handler.EnqueueRequestsFromMapFunc(toController(kindDeployment)), predicate.ResourceVersionChangedPredicate{}))
	case kindCronJob:
		b = pods(toGrandController(kindJob, kindCronJob, m.job))
		b = b.Watches(&batchv1.Job{}, handler.EnqueueRequestsFromMapFunc(toController(kindCronJob)))
	case kindService:
		b = pods(m.podToServices)
		b = b.Watches(&discoveryv1.EndpointSlice{}, handler.EnqueueRequestsFromMapFunc(sliceToService))
	case kindIngress:
		b = pods(m.podToIngresses)
		b = b.Watches(&corev1.Service{}, handler.EnqueueRequestsFromMapFunc(m.serviceToIngresses))
		b = b.Watches(&networkingv1.IngressClass{}, handler.EnqueueRequestsFromMapFunc(m.allOf(&networkingv1.IngressList{})))
	case kindClaim:
		b = pods(podToClaims)
		b = b.Watches(&storagev1.StorageClass{}, handler.EnqueueRequestsFromMapFunc(m.allOf(&corev1.PersistentVolumeClaimList{})))
	}
	if kind != kindNamespace && kind != kindIngress && kind != kindService {
		b = b.Watches(&corev1.Event{}, events)
	}
	return b
}
