package controllers

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/namespace"
	"github.com/pod-doctor/pod-doctor/diagnosis/network"
	"github.com/pod-doctor/pod-doctor/diagnosis/snapshot"
	"github.com/pod-doctor/pod-doctor/diagnosis/storage"
	"github.com/pod-doctor/pod-doctor/diagnosis/workload"
)

// Cache field indexes of the objects beyond pods.
const (
	indexEventObject = "involvedObject.uid"  // events by the UID of the object they are about
	indexController  = "metadata.controller" // Jobs by their controller's UID
)

// Reads skip the cache's deep copy: the engines are pure and never change
// what they are given.
//
// gatherer builds the family engines' inputs from the manager's cache and
// the pod store, and runs the engines. It is shared by every kind's
// reconciler: a Deployment's verdict needs its ReplicaSet's, an Ingress's
// its Services'. Pods are diagnosed here with the pod engine on the same
// inputs the PodReconciler uses, so a roll-up never waits for a pod's
// annotations (and works in dry-run).
type gatherer struct {
	cache       client.Reader
	pods        *Store
	replicaSets *ReplicaSets
	podDx       func(ctx context.Context, pod *corev1.Pod, now time.Time) (diagnosis.Result, error)
	engine      diagnosis.Options
}

// events are the cached events about one object.
func (g *gatherer) events(ctx context.Context, obj client.Object) ([]corev1.Event, error) {
	var list corev1.EventList
	if err := g.cache.List(ctx, &list, client.InNamespace(obj.GetNamespace()), client.MatchingFields{indexEventObject: string(obj.GetUID())}, client.UnsafeDisableDeepCopy); err != nil {
		return nil, fmt.Errorf("list events of %s: %w", obj.GetName(), err)
	}
	return list.Items, nil
}

// podVerdicts diagnoses the pods controlled by the object with uid. When a
// pod's verdict changes by time alone, the pod reconciler's write of the
// new cause brings the owner back (podChanged): no requeue is kept here.
func (g *gatherer) podVerdicts(ctx context.Context, ns string, uid types.UID, now time.Time) ([]diagnosis.PodVerdict, error) {
	pods, err := g.pods.PodsOwnedBy(ns, uid)
	if err != nil {
		return nil, err
	}
	out := make([]diagnosis.PodVerdict, 0, len(pods))
	for _, p := range pods {
		res, err := g.podDx(ctx, p, now)
		if err != nil {
			return nil, err
		}
		out = append(out, snapshot.PodVerdict(p, res.Diagnosis))
	}
	return out, nil
}

// earliestTime is the earlier non-zero time; zero means "none".
func earliestTime(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// owner diagnoses a workload that controls pods: ReplicaSet, StatefulSet,
// DaemonSet, Job.
func (g *gatherer) owner(ctx context.Context, obj client.Object, now time.Time) (verdict, error) {
	in := workload.Input{Object: obj, Now: now}
	var err error
	if in.Events, err = g.events(ctx, obj); err != nil {
		return verdict{}, err
	}
	if in.Pods, err = g.podVerdicts(ctx, obj.GetNamespace(), obj.GetUID(), now); err != nil {
		return verdict{}, err
	}
	return workload.Diagnose(in, g.engine), nil
}

// parent diagnoses a Deployment or a CronJob from its own status and its
// newest child's verdict.
func (g *gatherer) parent(ctx context.Context, obj client.Object, kind string, newest client.Object, now time.Time) (verdict, error) {
	in := workload.Input{Object: obj, Now: now}
	var err error
	if in.Events, err = g.events(ctx, obj); err != nil {
		return verdict{}, err
	}
	// A child whose verdict changes by time changes the parent's without
	// any object changing (a mirroring ReplicaSet writes nothing): look
	// again then.
	var recheck time.Time
	if newest != nil {
		v, err := g.owner(ctx, newest, now)
		if err != nil {
			return verdict{}, err
		}
		in.Newest = &workload.Child{Object: snapshot.ObjectOf(kind, newest), Diagnosis: v.Diagnosis}
		recheck = v.RecheckAt
	}
	res := workload.Diagnose(in, g.engine)
	res.RecheckAt = earliestTime(res.RecheckAt, recheck)
	return res, nil
}

// deployment diagnoses a Deployment through its newest ReplicaSet.
func (g *gatherer) deployment(ctx context.Context, obj client.Object, now time.Time) (verdict, error) {
	newest, err := g.newestReplicaSet(ctx, obj)
	if err != nil {
		return verdict{}, err
	}
	return g.parent(ctx, obj, kindReplicaSet, newest, now)
}

// newestReplicaSet is the Deployment's newest ReplicaSet, nil for none.
func (g *gatherer) newestReplicaSet(_ context.Context, dep client.Object) (client.Object, error) {
	newest, _ := snapshot.NewestReplicaSet(g.replicaSets.Controlled(dep.GetNamespace(), dep.GetUID())).(*appsv1.ReplicaSet)
	return orNil(newest), nil
}

// cronJob diagnoses a CronJob through its newest Job.
func (g *gatherer) cronJob(ctx context.Context, obj client.Object, now time.Time) (verdict, error) {
	var list batchv1.JobList
	if err := g.cache.List(ctx, &list, client.InNamespace(obj.GetNamespace()), client.MatchingFields{indexController: string(obj.GetUID())}, client.UnsafeDisableDeepCopy); err != nil {
		return verdict{}, fmt.Errorf("list jobs: %w", err)
	}
	newest, _ := snapshot.NewestJob(pointers(list.Items)).(*batchv1.Job)
	return g.parent(ctx, obj, kindJob, orNil(newest), now)
}

// orNil turns a typed nil pointer into a nil interface.
func orNil[T any, P interface {
	*T
	client.Object
}](p P) client.Object {
	if p == nil {
		return nil
	}
	return p
}

func pointers[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

// service diagnoses a Service from the pods it selects and its EndpointSlices.
func (g *gatherer) service(ctx context.Context, obj client.Object, now time.Time) (verdict, error) {
	svc := obj.(*corev1.Service)
	in := network.ServiceInput{Service: svc, Now: now}
	var err error
	if in.Events, err = g.events(ctx, svc); err != nil {
		return verdict{}, err
	}
	if len(svc.Spec.Selector) > 0 {
		var pods []*corev1.Pod
		pods, in.LabelSets, err = g.pods.PodsSelected(svc.Namespace, labels.SelectorFromSet(svc.Spec.Selector))
		if err != nil {
			return verdict{}, err
		}
		for _, p := range pods {
			res, err := g.podDx(ctx, p, now)
			if err != nil {
				return verdict{}, err
			}
			in.Pods = append(in.Pods, network.ServicePod{Pod: p, Diagnosis: res.Diagnosis})
		}
	}
	var slices discoveryv1.EndpointSliceList
	if err := g.cache.List(ctx, &slices, client.InNamespace(svc.Namespace), client.MatchingLabels{discoveryv1.LabelServiceName: svc.Name}, client.UnsafeDisableDeepCopy); err != nil {
		return verdict{}, fmt.Errorf("list endpointslices: %w", err)
	}
	in.EndpointSlices = pointers(slices.Items)
	return network.DiagnoseService(in, g.engine), nil
}

// ingress diagnoses an Ingress from its backend Services' verdicts.
func (g *gatherer) ingress(ctx context.Context, obj client.Object, now time.Time) (verdict, error) {
	ing := obj.(*networkingv1.Ingress)
	var recheck time.Time
	in := network.IngressInput{Ingress: ing, Now: now, Services: map[string]*corev1.Service{}, Verdicts: map[string]*diagnosis.Diagnosis{}}
	for _, name := range network.BackendServices(ing) {
		svc := &corev1.Service{}
		err := g.cache.Get(ctx, types.NamespacedName{Namespace: ing.Namespace, Name: name}, svc, client.UnsafeDisableDeepCopy)
		switch {
		case apierrors.IsNotFound(err):
			continue
		case err != nil:
			return verdict{}, fmt.Errorf("get service %s: %w", name, err)
		}
		v, err := g.service(ctx, svc, now)
		if err != nil {
			return verdict{}, err
		}
		in.Services[name], in.Verdicts[name] = svc, v.Diagnosis
		recheck = earliestTime(recheck, v.RecheckAt)
	}
	var classes networkingv1.IngressClassList
	if err := g.cache.List(ctx, &classes, client.UnsafeDisableDeepCopy); err != nil {
		return verdict{}, fmt.Errorf("list ingressclasses: %w", err)
	}
	in.Classes = pointers(classes.Items)
	res := network.DiagnoseIngress(in, g.engine)
	res.RecheckAt = earliestTime(res.RecheckAt, recheck)
	return res, nil
}

// claim diagnoses a PersistentVolumeClaim.
func (g *gatherer) claim(ctx context.Context, obj client.Object, now time.Time) (verdict, error) {
	pvc := obj.(*corev1.PersistentVolumeClaim)
	in := storage.Input{Claim: pvc, Now: now, UsedBy: g.pods.ClaimUsers(pvc.Namespace, pvc.Name)}
	var err error
	if in.Events, err = g.events(ctx, pvc); err != nil {
		return verdict{}, err
	}
	var classes storagev1.StorageClassList
	if err := g.cache.List(ctx, &classes, client.UnsafeDisableDeepCopy); err != nil {
		return verdict{}, fmt.Errorf("list storageclasses: %w", err)
	}
	in.Classes = pointers(classes.Items)
	return storage.Diagnose(in, g.engine), nil
}

// namespace diagnoses a Namespace.
func (g *gatherer) namespace(_ context.Context, obj client.Object, now time.Time) (verdict, error) {
	return namespace.Diagnose(namespace.Input{Namespace: obj.(*corev1.Namespace), Now: now}, g.engine), nil
}

// claimCauses diagnoses the Pending claims among a pod's, for the pod
// engine's PVCNotBound summary (diagnosis.Input.ClaimCauses).
func (g *gatherer) claimCauses(ctx context.Context, claims map[string]*corev1.PersistentVolumeClaim, now time.Time) (map[string]*diagnosis.Diagnosis, error) {
	var out map[string]*diagnosis.Diagnosis
	for name, pvc := range claims {
		if pvc == nil || pvc.Status.Phase == corev1.ClaimBound {
			continue
		}
		v, err := g.claim(ctx, pvc, now)
		if err != nil {
			return nil, err
		}
		if v.Diagnosis != nil {
			if out == nil {
				out = map[string]*diagnosis.Diagnosis{}
			}
			out[name] = v.Diagnosis
		}
	}
	return out, nil
}
