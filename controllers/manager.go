package controllers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/config"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
)

// DefaultReleaseNamespace is where the manifests install pod-doctor; it is
// the leader election namespace when running outside a cluster.
const DefaultReleaseNamespace = "pod-doctor-system"

const inClusterNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"

// NewManager builds the manager and registers the pod controller on it.
// opts must have been validated. The returned reconciler is for inspection
// (tests, benchmarks); the manager runs it.
func NewManager(cfg *rest.Config, opts Options, log logr.Logger) (manager.Manager, *PodReconciler, error) {
	cfg = rest.CopyConfig(cfg)
	cfg.QPS, cfg.Burst = opts.Manager.QPS, opts.Manager.Burst
	if cfg.UserAgent == "" {
		cfg.UserAgent = ControllerName
	}
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		return nil, nil, fmt.Errorf("build scheme: %w", err)
	}
	mgr, err := ctrl.NewManager(cfg, managerOptions(scheme, opts, log))
	if err != nil {
		return nil, nil, fmt.Errorf("create manager: %w", err)
	}
	if err := mgr.AddHealthzCheck("ping", healthz.Ping); err != nil {
		return nil, nil, fmt.Errorf("add healthz: %w", err)
	}
	if err := mgr.AddReadyzCheck("cache-synced", cacheSynced(mgr.GetCache())); err != nil {
		return nil, nil, fmt.Errorf("add readyz: %w", err)
	}
	r := NewPodReconciler(mgr.GetClient(), opts, RegisteredMetrics())
	if err := r.SetupWithManager(mgr, opts.Manager); err != nil {
		return nil, nil, err
	}
	return mgr, r, nil
}

func managerOptions(scheme *runtime.Scheme, opts Options, log logr.Logger) ctrl.Options {
	m := opts.Manager
	return ctrl.Options{
		Scheme:                        scheme,
		Logger:                        log,
		Cache:                         CacheOptions(opts),
		Metrics:                       metricsserver.Options{BindAddress: orZero(m.MetricsBindAddress)},
		HealthProbeBindAddress:        orZero(m.HealthProbeBindAddress),
		PprofBindAddress:              orZero(m.PprofBindAddress),
		LeaderElection:                m.LeaderElect,
		LeaderElectionID:              m.LeaderElectionID,
		LeaderElectionNamespace:       leaderElectionNamespace(m),
		LeaderElectionReleaseOnCancel: true, // the process exits right after the manager stops
		LeaseDuration:                 ptr.To(m.LeaseDuration),
		RenewDeadline:                 ptr.To(m.RenewDeadline),
		RetryPeriod:                   ptr.To(m.RetryPeriod),
		GracefulShutdownTimeout:       ptr.To(10 * time.Second),
		Controller: config.Controller{
			SkipNameValidation: ptr.To(m.SkipNameValidation),
			// Standbys fill their caches before they lead: fast failover.
			EnableWarmup: ptr.To(true),
		},
	}
}

func orZero(addr string) string {
	if addr == "" {
		return "0"
	}
	return addr
}

// leaderElectionNamespace defaults to the pod's namespace in a cluster
// (controller-runtime finds it) and to the release namespace outside one.
func leaderElectionNamespace(m ManagerOptions) string {
	if m.LeaderElectionNamespace != "" || !m.LeaderElect {
		return m.LeaderElectionNamespace
	}
	if _, err := os.Stat(inClusterNamespaceFile); err == nil {
		return ""
	}
	return DefaultReleaseNamespace
}

// CacheOptions restrict and slim the informer caches: only the namespaces in
// scope, only Events about Pods (and not pod-doctor's own), and every object
// passed through its transform before it is stored.
func CacheOptions(opts Options) cache.Options {
	excl := excludeSelectors(opts.Scope.ExcludeNamespaces)
	eventSel := append([]fields.Selector{
		fields.OneTermEqualSelector("involvedObject.kind", "Pod"),
		fields.OneTermNotEqualSelector("source", ControllerName),
	}, excl...)
	co := cache.Options{
		DefaultTransform: cache.TransformStripManagedFields(),
		ByObject: map[client.Object]cache.ByObject{
			&corev1.Pod{}:                   {Transform: TransformPod(opts.Output.AnnotationPrefix), Field: andOrNil(excl)},
			&corev1.Event{}:                 {Transform: TransformEvent, Field: fields.AndSelectors(eventSel...)},
			&corev1.PersistentVolumeClaim{}: {Transform: TransformPVC, Field: andOrNil(excl)},
			&corev1.Node{}:                  {Transform: TransformNode},
			&corev1.Namespace{}:             {Transform: TransformNamespace},
		},
	}
	if len(opts.Scope.Namespaces) > 0 {
		co.DefaultNamespaces = map[string]cache.Config{}
		for _, ns := range opts.Scope.Namespaces {
			co.DefaultNamespaces[ns] = cache.Config{}
		}
	}
	return co
}

func excludeSelectors(namespaces []string) []fields.Selector {
	out := make([]fields.Selector, 0, len(namespaces))
	for _, ns := range namespaces {
		out = append(out, fields.OneTermNotEqualSelector("metadata.namespace", ns))
	}
	return out
}

func andOrNil(sel []fields.Selector) fields.Selector {
	if len(sel) == 0 {
		return nil
	}
	return fields.AndSelectors(sel...)
}

// cacheSynced is the readiness check: ready once the informers have synced.
func cacheSynced(c cache.Cache) healthz.Checker {
	return func(req *http.Request) error {
		ctx, cancel := context.WithTimeout(req.Context(), time.Second)
		defer cancel()
		if !c.WaitForCacheSync(ctx) {
			return errors.New("informer caches not synced yet")
		}
		return nil
	}
}

// SetupWithManager registers the field indexes and the controller with its
// watches: Pods; Events about pods; Nodes (condition changes enqueue the pods
// on the node); PVCs (enqueue the pending pods using them); Namespaces (the
// ignore label).
func (r *PodReconciler) SetupWithManager(mgr manager.Manager, m ManagerOptions) error {
	if err := SetupIndexes(context.Background(), mgr.GetFieldIndexer()); err != nil {
		return err
	}
	mapper := podMapper{reader: mgr.GetCache(), scope: r.Scope}
	err := ctrl.NewControllerManagedBy(mgr).
		Named("pod-doctor").
		For(&corev1.Pod{}, builder.WithPredicates(podPredicate())).
		Watches(&corev1.Event{}, handler.EnqueueRequestsFromMapFunc(mapEventToPod), builder.WithPredicates(eventPredicate())).
		Watches(&corev1.Node{}, handler.EnqueueRequestsFromMapFunc(mapper.nodeToPods), builder.WithPredicates(nodePredicate())).
		Watches(&corev1.PersistentVolumeClaim{}, handler.EnqueueRequestsFromMapFunc(mapper.claimToPods), builder.WithPredicates(claimPredicate())).
		Watches(&corev1.Namespace{}, handler.EnqueueRequestsFromMapFunc(mapper.namespaceToPods), builder.WithPredicates(namespacePredicate())).
		WithOptions(controller.Options{MaxConcurrentReconciles: m.MaxConcurrentReconciles}).
		Complete(r)
	if err != nil {
		return fmt.Errorf("build controller: %w", err)
	}
	return nil
}
