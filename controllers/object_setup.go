package controllers

import (
	"context"
	"errors"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
)

// addToScheme registers every API group the controllers read.
func addToScheme(s *runtime.Scheme) error {
	return errors.Join(corev1.AddToScheme(s), appsv1.AddToScheme(s), batchv1.AddToScheme(s),
		discoveryv1.AddToScheme(s), networkingv1.AddToScheme(s), storagev1.AddToScheme(s))
}

// addObjectCaches configures the manager cache for the objects beyond pods:
// each slimmed by TransformObject, the namespaced ones without the excluded
// namespaces, and the events about anything but pods (those are in the
// store) and not written by pod-doctor itself.
func addObjectCaches(by map[client.Object]cache.ByObject, opts Options) {
	if len(opts.Scope.Kinds) == 0 {
		return
	}
	excl := andOrNil(excludeSelectors(opts.Scope.ExcludeNamespaces))
	tf := TransformObject(opts.Output.AnnotationPrefix)
	// ReplicaSets are in their own record store (see ReplicaSets).
	for _, o := range []client.Object{&appsv1.Deployment{}, &appsv1.StatefulSet{}, &appsv1.DaemonSet{},
		&batchv1.Job{}, &batchv1.CronJob{}, &corev1.Service{}, &discoveryv1.EndpointSlice{}, &networkingv1.Ingress{}} {
		by[o] = cache.ByObject{Transform: tf, Field: excl}
	}
	by[&networkingv1.IngressClass{}] = cache.ByObject{Transform: tf}
	by[&storagev1.StorageClass{}] = cache.ByObject{Transform: tf}
	sel := append([]fields.Selector{
		fields.OneTermNotEqualSelector("involvedObject.kind", kindPod),
		fields.OneTermNotEqualSelector("source", ControllerName),
	}, excludeSelectors(opts.Scope.ExcludeNamespaces)...)
	by[&corev1.Event{}] = cache.ByObject{Transform: TransformEvent, Field: fields.AndSelectors(sel...)}
}

// setupObjects registers one controller per kind beyond pods that
// --kinds enables, all sharing one gatherer over the cache and the store.
func setupObjects(mgr manager.Manager, store *Store, rss *ReplicaSets, pods *PodReconciler, opts Options) error {
	if len(opts.Scope.Kinds) == 0 {
		return nil
	}
	if err := addObjectIndexes(mgr); err != nil {
		return err
	}
	g := &gatherer{cache: mgr.GetClient(), pods: store, replicaSets: rss, podDx: pods.diagnose, engine: opts.Engine.DiagnosisOptions()}
	if opts.Scope.WantsKind("persistentvolumeclaims") {
		pods.claimCauses = g.claimCauses
	}
	m := objectMapper{cache: mgr.GetClient(), pods: store, replicaSets: rss, keys: pods.Keys}
	for _, spec := range kindSpecs {
		if !opts.Scope.WantsKind(spec.flag) {
			continue
		}
		r := newObjectReconciler(spec, g, opts, mgr.GetClient(), pods.Metrics)
		b := ctrl.NewControllerManagedBy(mgr).Named(spec.controllerName())
		if spec.kind == kindReplicaSet {
			b = b.WatchesRawSource(rss.Source(&handler.EnqueueRequestForObject{}, predicate.ResourceVersionChangedPredicate{}))
		} else {
			b = b.For(spec.newObject(), builder.WithPredicates(predicate.ResourceVersionChangedPredicate{}))
		}
		b = m.watchesFor(b, spec.kind)
		err := b.WithOptions(controller.Options{MaxConcurrentReconciles: opts.Manager.MaxConcurrentReconciles,
			SkipNameValidation: &opts.Manager.SkipNameValidation}).Complete(r)
		if err != nil {
			return fmt.Errorf("build %s controller: %w", spec.kind, err)
		}
	}
	return nil
}

// addObjectIndexes adds the cache indexes the gatherer lists by.
func addObjectIndexes(mgr manager.Manager) error {
	ctx := context.Background()
	fi := mgr.GetFieldIndexer()
	err := fi.IndexField(ctx, &corev1.Event{}, indexEventObject, func(o client.Object) []string {
		return []string{string(o.(*corev1.Event).InvolvedObject.UID)}
	})
	if err != nil {
		return fmt.Errorf("index events: %w", err)
	}
	owner := func(o client.Object) []string {
		for _, ref := range o.GetOwnerReferences() {
			if ref.Controller != nil && *ref.Controller {
				return []string{string(ref.UID)}
			}
		}
		return nil
	}
	if err := fi.IndexField(ctx, &batchv1.Job{}, indexController, owner); err != nil {
		return fmt.Errorf("index jobs: %w", err)
	}
	return nil
}
