package controllers

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	toolscache "k8s.io/client-go/tools/cache"
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
	"sigs.k8s.io/controller-runtime/pkg/metrics/filters"
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
	cfg, leaderCfg := clientConfigs(cfg, opts.Manager)
	scheme := runtime.NewScheme()
	if err := addToScheme(scheme); err != nil {
		return nil, nil, fmt.Errorf("build scheme: %w", err)
	}
	health := newWatchHealth()
	mo := managerOptions(scheme, opts, log)
	mo.LeaderElectionConfig = leaderCfg
	mo.Cache.NewInformer = watchedInformer(health)
	mgr, err := ctrl.NewManager(cfg, mo)
	if err != nil {
		return nil, nil, fmt.Errorf("create manager: %w", err)
	}
	cs, err := kubernetes.NewForConfigAndClient(mgr.GetConfig(), mgr.GetHTTPClient())
	if err != nil {
		return nil, nil, fmt.Errorf("create clientset: %w", err)
	}
	store := NewStore(cs, opts, health)
	if err := mgr.Add(store); err != nil {
		return nil, nil, fmt.Errorf("add pod store: %w", err)
	}
	if err := addProbes(mgr, store, health, opts.Manager.WatchFailureThreshold); err != nil {
		return nil, nil, err
	}
	r := NewPodReconciler(mgr.GetClient(), store, opts, RegisteredMetrics())
	r.APIReader = mgr.GetAPIReader() // our own events are not cached: one list, on the first reconcile
	if err := r.SetupWithManager(mgr, opts.Manager); err != nil {
		return nil, nil, err
	}
	rss := NewReplicaSets(cs, opts, health, store.names)
	if len(opts.Scope.Kinds) > 0 {
		if err := mgr.Add(rss); err != nil {
			return nil, nil, fmt.Errorf("add replicaset store: %w", err)
		}
	}
	if err := setupObjects(mgr, store, rss, r, opts); err != nil {
		return nil, nil, err
	}
	cleanup := &scopeCleanup{reader: mgr.GetAPIReader(), writer: mgr.GetClient(), keys: r.Keys, scope: opts.Scope,
		log: log.WithName("scope-cleanup")}
	if err := mgr.Add(cleanup); err != nil {
		return nil, nil, fmt.Errorf("add scope clean-up: %w", err)
	}
	return mgr, r, nil
}

func managerOptions(scheme *runtime.Scheme, opts Options, log logr.Logger) ctrl.Options {
	m := opts.Manager
	return ctrl.Options{
		Scheme:                        scheme,
		Logger:                        log,
		Cache:                         CacheOptions(opts),
		Metrics:                       metricsOptions(m),
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

// metricsOptions serve /metrics in plain HTTP, or, with --metrics-secure,
// over HTTPS to clients the API server authenticates (TokenReview) and
// authorizes for GET /metrics (SubjectAccessReview): the metrics name the
// causes of every pod, which not every pod in the cluster should read.
func metricsOptions(m ManagerOptions) metricsserver.Options {
	o := metricsserver.Options{BindAddress: orZero(m.MetricsBindAddress)}
	if m.MetricsSecure {
		o.SecureServing, o.FilterProvider = true, filters.WithAuthenticationAndAuthorization
	}
	return o
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

// CacheOptions configure the manager's cache, which holds the few, small
// objects: nodes, PVCs (in scope) and namespaces, each slimmed by its
// transform. Pods and events are in the Store. Reading a kind the cache has
// no informer for is an error rather than a silent cluster-wide watch (a
// stray Get of a Pod would otherwise cache every pod in full).
func CacheOptions(opts Options) cache.Options {
	co := cache.Options{
		DefaultTransform:            cache.TransformStripManagedFields(),
		ReaderFailOnMissingInformer: true,
		ByObject: map[client.Object]cache.ByObject{
			&corev1.PersistentVolumeClaim{}: {Transform: TransformPVC, Field: andOrNil(excludeSelectors(opts.Scope.ExcludeNamespaces))},
			&corev1.Node{}:                  {Transform: TransformNode},
			&corev1.Namespace{}:             {Transform: TransformNamespace(opts.Output.AnnotationPrefix)},
		},
	}
	addObjectCaches(co.ByObject, opts)
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

// addProbes serves /healthz (a liveness ping: restarting a replica whose
// API server is down helps nobody) and /readyz (see readiness).
func addProbes(mgr manager.Manager, store *Store, health *watchHealth, threshold time.Duration) error {
	if err := mgr.AddHealthzCheck("ping", healthz.Ping); err != nil {
		return fmt.Errorf("add healthz: %w", err)
	}
	synced := func(ctx context.Context) bool { return mgr.GetCache().WaitForCacheSync(ctx) && store.HasSynced() }
	if err := mgr.AddReadyzCheck("watches", readiness(synced, health, threshold)); err != nil {
		return fmt.Errorf("add readyz: %w", err)
	}
	return nil
}

// watchedInformer builds the manager cache's informers with their list and
// watch outcomes reported to health.
func watchedInformer(health *watchHealth) func(toolscache.ListerWatcher, runtime.Object, time.Duration, toolscache.Indexers) toolscache.SharedIndexInformer {
	return func(lw toolscache.ListerWatcher, obj runtime.Object, resync time.Duration, idx toolscache.Indexers) toolscache.SharedIndexInformer {
		name := strings.ToLower(reflect.TypeOf(obj).Elem().Name())
		return toolscache.NewSharedIndexInformer(health.watched(name, lw), obj, resync, idx)
	}
}

// SetupWithManager registers the controller and its watches: Pods and
// Events about pods (from the store); Nodes (condition changes enqueue the
// pods on the node); PVCs (enqueue the pending pods using them); Namespaces
// (the ignore label).
func (r *PodReconciler) SetupWithManager(mgr manager.Manager, m ManagerOptions) error {
	mapper := podMapper{pods: r.Pods, scope: r.Scope}
	nodes, err := newNodeList(context.Background(), mgr.GetCache())
	if err != nil {
		return err
	}
	r.nodeList = nodes
	err = ctrl.NewControllerManagedBy(mgr).
		Named("pod-doctor").
		WatchesRawSource(r.Pods.PodSource(&handler.EnqueueRequestForObject{}, podPredicate(nodes))).
		WatchesRawSource(r.Pods.EventSource(handler.EnqueueRequestsFromMapFunc(mapEventToPod), eventPredicate())).
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
