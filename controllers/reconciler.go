package controllers

import (
	"context"
	"fmt"
	"time"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
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

// Timing of the few requeues that are not RecheckAt.
const (
	// cacheLagRetry re-checks a pod whose cache entry predates our own write;
	// the watch event of that write normally arrives first and makes it moot.
	cacheLagRetry = time.Second
	// unclassifiedSettle is how long a new Unclassified verdict must persist
	// before it is written. The kubelet writes a container's status and the
	// event that explains it separately, in either order; the explaining
	// event usually lands within milliseconds and turns the verdict into a
	// real code. Without the wait users would get a Diagnosed Unclassified
	// event immediately followed by the real one.
	unclassifiedSettle = 2 * time.Second
	// minRecheck guards against a RecheckAt that is already past (clock
	// skew between the engine's inputs and now) turning into a hot loop.
	minRecheck = 100 * time.Millisecond
)

// PodReconciler diagnoses one pod per call and writes the verdict when it
// changed. Reads come from the Store (pods, events) and the manager's cache
// (nodes, PVCs, namespaces); writes are a merge patch of our annotation keys
// and core/v1 Events.
type PodReconciler struct {
	// Client reads nodes, PVCs and namespaces (from the manager's cache) and
	// writes; Pods reads pods and their events.
	Client  client.Client
	Pods    *Store
	Keys    Keys
	Scope   ScopeOptions
	Engine  EngineOptions
	Output  OutputOptions
	Metrics *Metrics
	// Now is the clock (time.Now outside tests).
	Now func() time.Time

	engineOpts diagnosis.Options
	state      *stateStore
}

// NewPodReconciler wires a reconciler from validated options.
func NewPodReconciler(c client.Client, pods *Store, opts Options, m *Metrics) *PodReconciler {
	return &PodReconciler{
		Client: c, Pods: pods, Keys: NewKeys(opts.Output.AnnotationPrefix),
		Scope: opts.Scope, Engine: opts.Engine, Output: opts.Output,
		Metrics: m, Now: time.Now,
		engineOpts: opts.Engine.DiagnosisOptions(),
		state:      newStateStore(),
	}
}

// Reconcile fetches the pod and what the engine needs, diagnoses it, writes
// the difference and requeues for the engine's RecheckAt.
func (r *PodReconciler) Reconcile(ctx context.Context, req reconcile.Request) (reconcile.Result, error) {
	pod, st, err := r.load(req)
	if pod == nil || err != nil {
		return reconcile.Result{}, err
	}
	defer r.state.dropIfIdle(req.NamespacedName)
	if st.cacheBehind(pod.ResourceVersion) {
		return reconcile.Result{RequeueAfter: cacheLagRetry}, nil
	}
	now := r.Now()
	v, err := r.judge(ctx, pod, st, now)
	if err != nil || v.hold {
		return v.result, err
	}
	if err := r.write(ctx, logf.FromContext(ctx), pod, st, v.diagnosis, v.quiet, now); err != nil {
		return reconcile.Result{}, err
	}
	return v.result, nil
}

// load returns the cached pod and the controller's memory of it; a nil pod
// means it is gone (or out of scope) and has been forgotten.
func (r *PodReconciler) load(req reconcile.Request) (*corev1.Pod, *podState, error) {
	pod, found, err := r.Pods.Pod(req.NamespacedName)
	if err != nil {
		return nil, nil, err
	}
	if !found || !r.Scope.Allows(pod.Namespace) {
		r.Metrics.move(r.state.forget(req.NamespacedName), gaugeLabels{})
		return nil, nil, nil
	}
	st, old := r.state.get(req.NamespacedName, pod.UID)
	r.Metrics.move(old, gaugeLabels{})
	return pod, st, nil
}

// verdict is what to do with a pod: write diagnosis (nil removes ours;
// quietly: without a Recovered event), or hold (write nothing now), then
// return result.
type verdict struct {
	diagnosis *diagnosis.Diagnosis
	quiet     bool
	hold      bool
	result    reconcile.Result
}

func (r *PodReconciler) judge(ctx context.Context, pod *corev1.Pod, st *podState, now time.Time) (verdict, error) {
	ignored, err := r.ignored(ctx, pod)
	if err != nil || ignored {
		// Opted out: drop our annotations, if any, without a Recovered event.
		return verdict{quiet: true}, err
	}
	res, err := r.diagnose(ctx, pod, now)
	if err != nil {
		return verdict{}, err
	}
	if wait := r.settle(pod, st, res.Diagnosis, now); wait > 0 {
		return verdict{hold: true, result: reconcile.Result{RequeueAfter: wait}}, nil
	}
	v := verdict{diagnosis: res.Diagnosis, result: requeueAt(res.RecheckAt, now)}
	if res.Diagnosis == nil && pod.DeletionTimestamp != nil {
		// A pod on its way out within its grace period is neither stuck nor
		// recovered: leave its annotations, emit nothing.
		r.track(st, nil)
		v.hold = true
	}
	return v, nil
}

// requeueAt is the only requeue decision: exactly at RecheckAt, never a poll.
func requeueAt(at, now time.Time) reconcile.Result {
	if at.IsZero() {
		return reconcile.Result{}
	}
	return reconcile.Result{RequeueAfter: max(at.Sub(now), minRecheck)}
}

// settle returns how long to wait before writing a new Unclassified verdict
// (see unclassifiedSettle); zero to write now.
func (r *PodReconciler) settle(pod *corev1.Pod, st *podState, d *diagnosis.Diagnosis, now time.Time) time.Duration {
	if d == nil || d.Reason != diagnosis.ReasonUnclassified || r.Keys.Identity(r.current(pod, st)) == identityOf(d) {
		st.unclassifiedAt = time.Time{}
		return 0
	}
	if st.unclassifiedAt.IsZero() {
		st.unclassifiedAt = now
	}
	return st.unclassifiedAt.Add(unclassifiedSettle).Sub(now)
}

// ignored reports whether the pod or its namespace carries the opt-out label.
func (r *PodReconciler) ignored(ctx context.Context, pod *corev1.Pod) (bool, error) {
	if pod.Labels[IgnoreLabel] == "true" {
		return true, nil
	}
	ns := &corev1.Namespace{}
	err := r.Client.Get(ctx, types.NamespacedName{Name: pod.Namespace}, ns, client.UnsafeDisableDeepCopy)
	switch {
	case apierrors.IsNotFound(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("get namespace: %w", err)
	}
	return ns.Labels[IgnoreLabel] == "true", nil
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

// write brings the pod's annotations, events and metrics in line with d
// (nil: healthy, or ignored when quiet). Everything is decided from the pod's
// own annotations, so a restarted controller neither re-emits nor re-patches.
func (r *PodReconciler) write(ctx context.Context, log logr.Logger, pod *corev1.Pod, st *podState, d *diagnosis.Diagnosis, quiet bool, now time.Time) error {
	current := r.current(pod, st)
	desired := r.Keys.Desired(d, current, now)
	r.track(st, d)
	if err := r.emit(ctx, log, pod, st, d, quiet, current, desired, now); err != nil {
		return err
	}
	return r.patch(ctx, log, pod, st, current, desired)
}

// current returns our annotations as last written: from the pod, or from
// memory in a dry run (where nothing reaches the pod).
func (r *PodReconciler) current(pod *corev1.Pod, st *podState) map[string]string {
	if r.Output.DryRun && st.dryRun != nil {
		return st.dryRun
	}
	return r.Keys.Current(pod.Annotations)
}

func (r *PodReconciler) track(st *podState, d *diagnosis.Diagnosis) {
	next := labelsOf(d)
	r.Metrics.move(st.gauge, next)
	st.gauge = next
}

// emit writes the one event a transition deserves: Diagnosed for a new or
// changed identity (reason+container), Recovered when a diagnosed pod
// became healthy. An ignored pod (quiet) loses its annotations silently.
func (r *PodReconciler) emit(ctx context.Context, log logr.Logger, pod *corev1.Pod, st *podState, d *diagnosis.Diagnosis, quiet bool, current, desired map[string]string, now time.Time) error {
	prev, next := r.Keys.Identity(current), r.Keys.Identity(desired)
	transition := prev + "->" + next
	if prev == next || st.emitted == transition {
		return nil
	}
	var ev *corev1.Event
	switch {
	case next != "":
		r.Metrics.Diagnoses.WithLabelValues(string(d.Reason)).Inc()
		log.Info("diagnosed", "reason", d.Reason, "container", d.Container, "severity", d.Severity, "summary", desired[r.Keys.Summary], "previous", prev)
		ev = newPodEvent(pod, corev1.EventTypeWarning, EventReasonDiagnosed, r.Keys.DiagnosedMessage(desired), d.Container, d.Init, r.Output.Instance, now)
	case !quiet:
		r.Metrics.Recoveries.WithLabelValues(current[r.Keys.Reason]).Inc()
		log.Info("recovered", "reason", current[r.Keys.Reason], "container", current[r.Keys.Container])
		ev = newPodEvent(pod, corev1.EventTypeNormal, EventReasonRecovered, r.Keys.RecoveredMessage(current), "", false, r.Output.Instance, now)
	default:
		return nil
	}
	if r.Output.DryRun {
		log.Info("dry-run: would create event", "type", ev.Type, "eventReason", ev.Reason, "message", ev.Message)
		return nil
	}
	if err := r.Client.Create(ctx, ev); err != nil {
		return fmt.Errorf("create %s event: %w", ev.Reason, err)
	}
	r.Metrics.APIWrites.WithLabelValues(writeEvent).Inc()
	st.emitted = transition
	return nil
}

// patch applies the merge patch of our keys when they differ.
func (r *PodReconciler) patch(ctx context.Context, log logr.Logger, pod *corev1.Pod, st *podState, current, desired map[string]string) error {
	data := r.Keys.MergePatch(pod.UID, current, desired)
	if data == nil {
		st.emitted = ""
		return nil
	}
	if r.Output.DryRun {
		log.Info("dry-run: would patch annotations", "patch", string(data))
		st.dryRun = desired
		return nil
	}
	target := &corev1.Pod{}
	target.Namespace, target.Name = pod.Namespace, pod.Name
	if err := r.Client.Patch(ctx, target, client.RawPatch(types.MergePatchType, data)); err != nil {
		if apierrors.IsNotFound(err) {
			return nil // deleted meanwhile: its delete event cleans up
		}
		return fmt.Errorf("patch annotations: %w", err)
	}
	r.Metrics.APIWrites.WithLabelValues(writePatch).Inc()
	st.emitted = ""
	st.wrote(target.ResourceVersion)
	return nil
}
