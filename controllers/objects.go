package controllers

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// The objects beyond pods are read from the manager's cache (slimmed by
// their transforms) and patched through their metadata; events about them
// are read from the cache too. Still nothing on Secrets.
//
// +kubebuilder:rbac:groups=apps,resources=deployments;replicasets;statefulsets;daemonsets,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups=batch,resources=jobs;cronjobs,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups="",resources=services;persistentvolumeclaims;namespaces,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups=networking.k8s.io,resources=ingresses,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups=networking.k8s.io,resources=ingressclasses,verbs=get;list;watch
// +kubebuilder:rbac:groups=discovery.k8s.io,resources=endpointslices,verbs=get;list;watch
// +kubebuilder:rbac:groups=storage.k8s.io,resources=storageclasses,verbs=get;list;watch

// ObjectReconciler diagnoses the objects of one kind beyond pods (design.md,
// "Beyond pods") and writes the verdict the way the PodReconciler does:
// load → diagnose → decide → apply, with the same decider and writer, so
// the annotation and event contracts hold word for word.
type ObjectReconciler struct {
	spec   *kindSpec
	g      *gatherer
	keys   Keys
	scope  ScopeOptions
	output OutputOptions
	writer *writer
	state  *stateStore
	// Now is the clock (time.Now outside tests).
	Now func() time.Time
}

// newObjectReconciler wires the reconciler of one kind.
func newObjectReconciler(spec *kindSpec, g *gatherer, opts Options, c client.Client, m *Metrics) *ObjectReconciler {
	r := &ObjectReconciler{spec: spec, g: g, keys: NewKeys(opts.Output.AnnotationPrefix), scope: opts.Scope,
		output: opts.Output, state: newStateStore(), Now: time.Now}
	r.writer = &writer{client: c, keys: r.keys, output: opts.Output, metrics: m, state: r.state, now: func() time.Time { return r.Now() }}
	return r
}

// Reconcile is load → diagnose → decide → apply.
func (r *ObjectReconciler) Reconcile(ctx context.Context, req reconcile.Request) (reconcile.Result, error) {
	obj, st, err := r.load(ctx, req)
	if obj == nil || err != nil {
		return reconcile.Result{}, err
	}
	now := r.Now()
	f := facts{cached: r.keys.Current(obj.GetAnnotations()), cachedRV: obj.GetResourceVersion(), mem: st.mem, now: now,
		// A namespace being deleted is what NamespaceStuckTerminating is
		// about; any other object on its way out is neither stuck nor healthy.
		deleting: obj.GetDeletionTimestamp() != nil && r.spec.kind != kindNamespace}
	if f.ignored, err = r.ignored(ctx, obj); err != nil {
		return reconcile.Result{}, err
	}
	if f.mirror, err = r.mirror(ctx, obj); err != nil {
		return reconcile.Result{}, err
	}
	if !f.ignored && f.mirror == nil {
		if f.result, err = r.spec.diagnose(r.g, ctx, obj, now); err != nil {
			return reconcile.Result{}, fmt.Errorf("diagnose %s: %w", r.spec.kind, err)
		}
	}
	d := decider{keys: r.keys, dryRun: r.output.DryRun}
	return r.writer.apply(ctx, objectTarget(r.spec.kind, r.spec.apiVersion, obj), st, d.decide(f), now)
}

// load returns the cached object and the controller's memory of it; nil
// means it is gone or out of scope, and has been forgotten.
func (r *ObjectReconciler) load(ctx context.Context, req reconcile.Request) (client.Object, podState, error) {
	obj, err := r.fetch(ctx, req.NamespacedName)
	if apierrors.IsNotFound(err) || (err == nil && !r.inScope(obj)) {
		r.writer.metrics.move(r.state.forget(req.NamespacedName), gaugeLabels{})
		return nil, podState{}, nil
	}
	if err != nil {
		return nil, podState{}, fmt.Errorf("get %s: %w", r.spec.kind, err)
	}
	st, stale := r.state.get(req.NamespacedName, obj.GetUID())
	r.writer.metrics.move(stale, gaugeLabels{})
	return obj, st, nil
}

// fetch reads the object: ReplicaSets from their record store, every other
// kind from the manager's cache.
func (r *ObjectReconciler) fetch(ctx context.Context, key types.NamespacedName) (client.Object, error) {
	if r.spec.kind == kindReplicaSet {
		rs, found, err := r.g.replicaSets.Get(key)
		if err == nil && !found {
			err = apierrors.NewNotFound(appsv1.Resource("replicasets"), key.Name)
		}
		return rs, err
	}
	obj := r.spec.newObject()
	err := r.g.cache.Get(ctx, key, obj, client.UnsafeDisableDeepCopy)
	return obj, err
}

// inScope: a namespaced object in a namespace the scope allows; a
// Namespace that is itself allowed.
func (r *ObjectReconciler) inScope(obj client.Object) bool {
	if r.spec.kind == kindNamespace {
		return r.scope.Allows(obj.GetName())
	}
	return r.scope.Allows(obj.GetNamespace())
}

// ignored reports whether the object or its namespace carries the opt-out label.
func (r *ObjectReconciler) ignored(ctx context.Context, obj client.Object) (bool, error) {
	if obj.GetLabels()[IgnoreLabel] == "true" {
		return true, nil
	}
	if r.spec.kind == kindNamespace {
		return false, nil
	}
	return namespaceIgnored(ctx, r.g.cache, obj.GetNamespace())
}

// mirror returns what a Deployment's ReplicaSet must carry, nil for any
// other object. Kubernetes' deployment controller copies a Deployment's
// annotations, ours included, onto its newest ReplicaSet, and restores
// them when they differ (but never removes one): a verdict of the
// ReplicaSet's own would fight it forever. So the newest ReplicaSet mirrors
// the Deployment's keys (the Deployment's verdict rolls the ReplicaSet's
// up), which removes them once the Deployment recovers; older ones, which
// the deployment controller leaves alone, carry none.
func (r *ObjectReconciler) mirror(ctx context.Context, obj client.Object) (map[string]string, error) {
	if r.spec.kind != kindReplicaSet {
		return nil, nil
	}
	name, ok := controllerOf(obj, kindDeployment)
	if !ok {
		return nil, nil // a bare ReplicaSet speaks for itself
	}
	dep := &appsv1.Deployment{}
	err := r.g.cache.Get(ctx, types.NamespacedName{Namespace: obj.GetNamespace(), Name: name}, dep, client.UnsafeDisableDeepCopy)
	switch {
	case apierrors.IsNotFound(err):
		return map[string]string{}, nil
	case err != nil:
		return nil, fmt.Errorf("get deployment: %w", err)
	}
	newest, err := r.g.newestReplicaSet(ctx, dep)
	if err != nil || newest == nil || newest.GetUID() != obj.GetUID() {
		return map[string]string{}, err
	}
	return r.keys.Current(dep.Annotations), nil
}

// verdict is an engine result for one object; shared by the kinds that
// diagnose another kind on the way (a Deployment its ReplicaSet).
type verdict = diagnosis.Result
