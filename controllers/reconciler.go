package controllers

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// The ClusterRole config/rbac/role.yaml is generated from these markers
// (`make manifests`). Pods are patched (annotations only), events created;
// everything else is read. Nothing touches Secrets.
//
// +kubebuilder:rbac:groups="",resources=pods,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups="",resources=events,verbs=get;list;watch;create
// +kubebuilder:rbac:groups="",resources=nodes;namespaces;persistentvolumeclaims,verbs=get;list;watch
//
// With --metrics-secure, /metrics asks the API server who a scraper is and
// whether it may read the metrics.
//
// +kubebuilder:rbac:groups=authentication.k8s.io,resources=tokenreviews,verbs=create
// +kubebuilder:rbac:groups=authorization.k8s.io,resources=subjectaccessreviews,verbs=create

// PodReconciler diagnoses one pod per call and writes the verdict when it
// changed. Reads come from the Store (pods, events) and the manager's cache
// (nodes, PVCs, namespaces); writes are a merge patch of our annotation keys
// and core/v1 Events.
type PodReconciler struct {
	// Client reads nodes, PVCs and namespaces (from the manager's cache) and
	// writes; Pods reads pods and their events.
	Client client.Client
	// APIReader reads what is not cached: pod-doctor's own Diagnosed events,
	// listed once when this replica starts (see announcements); nil skips
	// that check.
	APIReader client.Reader
	Pods      *Store
	Keys      Keys
	Scope     ScopeOptions
	Engine    EngineOptions
	Output    OutputOptions
	Metrics   *Metrics
	// Now is the clock (time.Now outside tests).
	Now func() time.Time

	engineOpts diagnosis.Options
	state      *stateStore
	announced  *announcements
	writer     *writer
	// claimCauses diagnoses a pod's Pending claims (set when claims are
	// among --kinds); nil leaves a PVCNotBound summary without its claim's cause.
	claimCauses func(ctx context.Context, claims map[string]*corev1.PersistentVolumeClaim, now time.Time) (map[string]*diagnosis.Diagnosis, error)
	// nodeList serves the cached nodes without copying them (SetupWithManager).
	nodeList *nodeList
}

// NewPodReconciler wires a reconciler from validated options.
func NewPodReconciler(c client.Client, pods *Store, opts Options, m *Metrics) *PodReconciler {
	r := &PodReconciler{
		Client: c, Pods: pods, Keys: NewKeys(opts.Output.AnnotationPrefix),
		Scope: opts.Scope, Engine: opts.Engine, Output: opts.Output,
		Metrics: m, Now: time.Now,
		engineOpts: opts.Engine.DiagnosisOptions(),
		state:      newStateStore(),
		announced:  &announcements{scope: opts.Scope},
	}
	r.writer = &writer{client: c, keys: r.Keys, output: r.Output, metrics: m, state: r.state, now: func() time.Time { return r.Now() }}
	return r
}

// Reconcile is load → diagnose → decide → apply: everything it writes
// is decided by decide from the pod's own annotations, so a restarted
// controller neither re-announces nor re-patches.
func (r *PodReconciler) Reconcile(ctx context.Context, req reconcile.Request) (reconcile.Result, error) {
	pod, st, err := r.load(req)
	if pod == nil || err != nil {
		return reconcile.Result{}, err
	}
	now := r.Now()
	f, err := r.facts(ctx, pod, st.mem, now)
	if err != nil {
		return reconcile.Result{}, err
	}
	return r.writer.apply(ctx, podTarget(pod), st, r.decider().decide(f), now)
}

// load returns the cached pod and the controller's memory of it; a nil pod
// means it is gone (or out of scope) and has been forgotten.
func (r *PodReconciler) load(req reconcile.Request) (*corev1.Pod, podState, error) {
	pod, found, err := r.Pods.Pod(req.NamespacedName)
	if err != nil {
		return nil, podState{}, err
	}
	if !found || !r.Scope.Allows(pod.Namespace) {
		r.Metrics.move(r.state.forget(req.NamespacedName), gaugeLabels{})
		return nil, podState{}, nil
	}
	st, stale := r.state.get(req.NamespacedName, pod.UID)
	r.Metrics.move(stale, gaugeLabels{})
	return pod, st, nil
}

// facts gathers what decide needs; an ignored pod is not diagnosed.
func (r *PodReconciler) facts(ctx context.Context, pod *corev1.Pod, mem memory, now time.Time) (facts, error) {
	f := facts{cached: r.Keys.Current(pod.Annotations), cachedRV: pod.ResourceVersion,
		deleting: pod.DeletionTimestamp != nil, mem: mem, now: now}
	var err error
	if f.ignored, err = r.ignored(ctx, pod); err != nil || f.ignored {
		return f, err
	}
	// Only a pod this replica has not met yet that carries a cause needs the
	// announcement index: healthy pods never make it list the events.
	if id := r.Keys.Identity(f.cached); id != "" && mem.idle() && !r.Output.DryRun && r.APIReader != nil {
		if err := r.announced.load(ctx, r.APIReader); err != nil {
			return f, err
		}
		f.unannounced = r.announced.missing(pod.UID, id, f.cached[r.Keys.Since], now)
	}
	f.result, err = r.diagnose(ctx, pod, now)
	return f, err
}

func (r *PodReconciler) decider() decider {
	return decider{keys: r.Keys, dryRun: r.Output.DryRun}
}

// ignored reports whether the pod or its namespace carries the opt-out label.
func (r *PodReconciler) ignored(ctx context.Context, pod *corev1.Pod) (bool, error) {
	if pod.Labels[IgnoreLabel] == "true" {
		return true, nil
	}
	return namespaceIgnored(ctx, r.Client, pod.Namespace)
}

// namespaceIgnored reports whether namespace ns carries the opt-out label;
// a namespace the cache does not know is not ignored.
func namespaceIgnored(ctx context.Context, c client.Reader, ns string) (bool, error) {
	n := &corev1.Namespace{}
	err := c.Get(ctx, types.NamespacedName{Name: ns}, n, client.UnsafeDisableDeepCopy)
	switch {
	case apierrors.IsNotFound(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("get namespace: %w", err)
	}
	return n.Labels[IgnoreLabel] == "true", nil
}

// diagnose builds the engine input from the cache and runs the engine.
func (r *PodReconciler) diagnose(ctx context.Context, pod *corev1.Pod, now time.Time) (diagnosis.Result, error) {
	in, err := r.input(ctx, pod, now)
	if err != nil {
		return diagnosis.Result{}, err
	}
	start := time.Now()
	res := diagnosis.Diagnose(in, r.engineOpts)
	r.Metrics.EngineDuration.Observe(time.Since(start).Seconds())
	return res, nil
}
