package controllers

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/validate"
)

// DefaultAnnotationPrefix is the prefix of the annotation contract (design.md).
const DefaultAnnotationPrefix = "pod-doctor.io/"

// IgnoreLabel opts a pod or a whole namespace out when set to "true".
const IgnoreLabel = "pod-doctor.io/ignore"

// ControllerName is the reporting controller of every event pod-doctor writes.
const ControllerName = "pod-doctor"

// Options configure the controller, one struct per concern so each can be
// bound to flags, defaulted and validated on its own. Use DefaultOptions.
type Options struct {
	Scope   ScopeOptions
	Engine  EngineOptions
	Output  OutputOptions
	Manager ManagerOptions
}

// DefaultOptions are the flag defaults.
func DefaultOptions() Options {
	eng := diagnosis.DefaultOptions() // the engine's defaults, spelled once
	return Options{
		Engine: EngineOptions{GracePeriod: eng.GracePeriod, RestartWindow: eng.RestartWindow, InitStuckThreshold: eng.InitStuckThreshold,
			Lang: string(eng.Lang), MaxEventsPerPod: 32},
		Output: OutputOptions{AnnotationPrefix: DefaultAnnotationPrefix},
		Scope:  ScopeOptions{Kinds: KindFlagValues()[1:]},
		Manager: ManagerOptions{
			QPS: 200, Burst: 400, MaxConcurrentReconciles: 4,
			LeaderElect: true, LeaderElectionID: "pod-doctor.pod-doctor.io",
			LeaseDuration: 12 * time.Second, RenewDeadline: 8 * time.Second, RetryPeriod: 1500 * time.Millisecond,
			MetricsBindAddress: ":8080", HealthProbeBindAddress: ":8081", WatchFailureThreshold: 2 * time.Minute,
		},
	}
}

// BindFlags registers every concern's flags.
func (o *Options) BindFlags(fs *pflag.FlagSet) {
	o.Scope.BindFlags(fs)
	o.Engine.BindFlags(fs)
	o.Output.BindFlags(fs)
	o.Manager.BindFlags(fs)
}

// Validate checks every concern and normalises values (prefix slash, lists).
func (o *Options) Validate() error {
	return errors.Join(o.Scope.Validate(), o.Engine.Validate(), o.Output.Validate(), o.Manager.Validate())
}

// ScopeOptions choose the namespaces the controller watches.
type ScopeOptions struct {
	// Namespaces limits the cache to these namespaces; empty means all.
	Namespaces []string
	// ExcludeNamespaces are never watched, even when listed in Namespaces.
	ExcludeNamespaces []string
	// Kinds are the kinds beyond pods to diagnose (KindFlagValues without
	// "pods"), by their resource names; pods are always diagnosed. "none"
	// alone diagnoses pods only.
	Kinds []string
}

// BindFlags registers --namespaces, --exclude-namespaces and --kinds.
func (o *ScopeOptions) BindFlags(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.Namespaces, "namespaces", o.Namespaces, "comma-separated namespaces to watch (default: all)")
	fs.StringSliceVar(&o.ExcludeNamespaces, "exclude-namespaces", o.ExcludeNamespaces, "comma-separated namespaces never to watch")
	fs.StringSliceVar(&o.Kinds, "kinds", o.Kinds, "kinds diagnosed besides pods: "+strings.Join(KindFlagValues()[1:], ",")+" (default all; \"none\" for pods only)")
}

// WantsKind reports whether the kind with resource name flag is diagnosed.
func (o *ScopeOptions) WantsKind(flag string) bool { return slices.Contains(o.Kinds, flag) }

// Validate drops empty entries, checks the kinds and removes excluded
// namespaces from Namespaces.
func (o *ScopeOptions) Validate() error {
	o.Namespaces = cleanList(o.Namespaces)
	o.ExcludeNamespaces = cleanList(o.ExcludeNamespaces)
	if err := o.validateKinds(); err != nil {
		return err
	}
	if len(o.Namespaces) == 0 {
		return nil
	}
	kept := slices.DeleteFunc(slices.Clone(o.Namespaces), func(ns string) bool { return slices.Contains(o.ExcludeNamespaces, ns) })
	if len(kept) == 0 {
		return errors.New("--namespaces: every namespace listed is also in --exclude-namespaces")
	}
	o.Namespaces = kept
	return nil
}

// Allows reports whether a namespace is in scope.
func (o *ScopeOptions) Allows(ns string) bool {
	if slices.Contains(o.ExcludeNamespaces, ns) {
		return false
	}
	return len(o.Namespaces) == 0 || slices.Contains(o.Namespaces, ns)
}

func (o *ScopeOptions) validateKinds() error {
	o.Kinds = cleanList(o.Kinds)
	if len(o.Kinds) == 1 && o.Kinds[0] == "none" {
		o.Kinds = nil
		return nil
	}
	valid := KindFlagValues()[1:]
	for _, k := range o.Kinds {
		if !slices.Contains(valid, k) {
			return fmt.Errorf("--kinds: unknown kind %q (want some of %s, or none)", k, strings.Join(valid, ","))
		}
	}
	return nil
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// EngineOptions tune the rule engine and the input it gets.
type EngineOptions struct {
	GracePeriod        time.Duration
	RestartWindow      time.Duration
	InitStuckThreshold time.Duration
	Lang               string
	MaxEventsPerPod    int
}

// BindFlags registers --grace-period, --restart-window, --init-stuck-threshold,
// --lang and --max-events-per-pod.
func (o *EngineOptions) BindFlags(fs *pflag.FlagSet) {
	fs.DurationVar(&o.GracePeriod, "grace-period", o.GracePeriod, "how long a normal start, an unscheduled pod or a deletion may take before it is abnormal")
	fs.DurationVar(&o.RestartWindow, "restart-window", o.RestartWindow, "restarts older than this are history, not a symptom (the kubelet resets its crash back-off after 10m)")
	fs.DurationVar(&o.InitStuckThreshold, "init-stuck-threshold", o.InitStuckThreshold, "how long an init container may run before the pod is diagnosed InitContainerStuck")
	fs.StringVar(&o.Lang, "lang", o.Lang, "language of summaries and hints: en or zh")
	fs.IntVar(&o.MaxEventsPerPod, "max-events-per-pod", o.MaxEventsPerPod, "newest events per pod given to the engine")
}

// Validate checks ranges and the language.
func (o *EngineOptions) Validate() error {
	var errs []error
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{{"--grace-period", o.GracePeriod}, {"--restart-window", o.RestartWindow}, {"--init-stuck-threshold", o.InitStuckThreshold}} {
		if err := validate.Duration(d.flag, d.v); err != nil {
			errs = append(errs, err)
		}
	}
	if _, ok := diagnosis.ParseLang(o.Lang); !ok {
		errs = append(errs, fmt.Errorf("--lang must be en or zh, got %q", o.Lang))
	}
	if o.MaxEventsPerPod < 1 {
		errs = append(errs, fmt.Errorf("--max-events-per-pod must be at least 1, got %d", o.MaxEventsPerPod))
	}
	return errors.Join(errs...)
}

// DiagnosisOptions converts to the engine's options.
func (o *EngineOptions) DiagnosisOptions() diagnosis.Options {
	d := diagnosis.DefaultOptions()
	d.GracePeriod, d.RestartWindow, d.InitStuckThreshold = o.GracePeriod, o.RestartWindow, o.InitStuckThreshold
	d.Lang, _ = diagnosis.ParseLang(o.Lang)
	return d
}

// OutputOptions decide what is written and how it is named.
type OutputOptions struct {
	AnnotationPrefix string
	// DryRun diagnoses and logs but writes nothing to the API server.
	DryRun bool
	// Instance names this replica in events (reportingInstance); defaults to
	// $POD_NAME or the host name.
	Instance string
}

// BindFlags registers --annotation-prefix and --dry-run.
func (o *OutputOptions) BindFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.AnnotationPrefix, "annotation-prefix", o.AnnotationPrefix, "prefix of the annotations pod-doctor writes")
	fs.BoolVar(&o.DryRun, "dry-run", o.DryRun, "diagnose and log, write nothing")
}

// Validate ensures prefix+key is a valid annotation key and fills Instance.
func (o *OutputOptions) Validate() error {
	if o.AnnotationPrefix != "" && !strings.HasSuffix(o.AnnotationPrefix, "/") {
		o.AnnotationPrefix += "/"
	}
	if o.Instance == "" {
		o.Instance = instanceName()
	}
	if msgs := validation.IsQualifiedName(o.AnnotationPrefix + "container"); len(msgs) > 0 {
		return fmt.Errorf("--annotation-prefix %q: %s", o.AnnotationPrefix, strings.Join(msgs, "; "))
	}
	return nil
}

func instanceName() string {
	if n := os.Getenv("POD_NAME"); n != "" {
		return n
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return ControllerName
}

// ManagerOptions configure the controller-runtime manager.
type ManagerOptions struct {
	QPS                     float32
	Burst                   int
	MaxConcurrentReconciles int

	LeaderElect             bool
	LeaderElectionID        string
	LeaderElectionNamespace string
	LeaseDuration           time.Duration
	RenewDeadline           time.Duration
	RetryPeriod             time.Duration

	MetricsBindAddress string
	// MetricsSecure serves /metrics over HTTPS to authorized clients only
	// (TokenReview, then a SubjectAccessReview for GET /metrics).
	MetricsSecure          bool
	HealthProbeBindAddress string
	// WatchFailureThreshold is how long a watch may keep failing before
	// /readyz reports the replica not ready.
	WatchFailureThreshold time.Duration
	// PprofBindAddress serves net/http/pprof; empty disables it. Profiles
	// expose memory contents: bind it to localhost or leave it off.
	PprofBindAddress string

	// SkipNameValidation lets tests run several managers in one process
	// (controller names are otherwise required to be unique). Not a flag.
	SkipNameValidation bool
}

// BindFlags registers the client, concurrency, leader election and endpoint flags.
func (o *ManagerOptions) BindFlags(fs *pflag.FlagSet) {
	// Every abnormal state change costs two writes (patch + event); 200/s keeps
	// up with 100 pods/s changing state while API Priority and Fairness
	// protects the server. One budget for every request of the process (see
	// clientConfigs), not one per resource type.
	fs.Float32Var(&o.QPS, "kube-api-qps", o.QPS, "client-side QPS limit towards the API server, shared by all requests (negative disables it)")
	fs.IntVar(&o.Burst, "kube-api-burst", o.Burst, "client-side burst towards the API server, shared by all requests")
	fs.IntVar(&o.MaxConcurrentReconciles, "max-concurrent-reconciles", o.MaxConcurrentReconciles, "pods diagnosed in parallel")
	fs.BoolVar(&o.LeaderElect, "leader-elect", o.LeaderElect, "elect a leader through a Lease so only one replica writes")
	fs.StringVar(&o.LeaderElectionID, "leader-election-id", o.LeaderElectionID, "name of the leader election Lease")
	fs.StringVar(&o.LeaderElectionNamespace, "leader-election-namespace", o.LeaderElectionNamespace, "namespace of the Lease (default: the pod's own namespace in-cluster)")
	fs.DurationVar(&o.LeaseDuration, "leader-election-lease-duration", o.LeaseDuration, "how long standbys wait before taking over a lease")
	fs.DurationVar(&o.RenewDeadline, "leader-election-renew-deadline", o.RenewDeadline, "how long the leader retries renewing before giving up")
	fs.DurationVar(&o.RetryPeriod, "leader-election-retry-period", o.RetryPeriod, "interval between leader election attempts")
	fs.StringVar(&o.MetricsBindAddress, "metrics-bind-address", o.MetricsBindAddress, "address of the Prometheus /metrics endpoint (\"0\" disables it)")
	fs.BoolVar(&o.MetricsSecure, "metrics-secure", o.MetricsSecure, "serve /metrics over HTTPS (a self-signed certificate) and only to clients the API server authorizes for GET /metrics (TokenReview + SubjectAccessReview)")
	fs.StringVar(&o.HealthProbeBindAddress, "health-probe-bind-address", o.HealthProbeBindAddress, "address of /healthz and /readyz (\"0\" disables it)")
	fs.StringVar(&o.PprofBindAddress, "pprof-bind-address", o.PprofBindAddress, "address of /debug/pprof for profiling (default: off)")
	fs.DurationVar(&o.WatchFailureThreshold, "watch-failure-threshold", o.WatchFailureThreshold, "how long a watch may keep failing before /readyz fails")
}

// Validate checks ranges.
func (o *ManagerOptions) Validate() error {
	var errs []error
	if o.MaxConcurrentReconciles < 1 {
		errs = append(errs, fmt.Errorf("--max-concurrent-reconciles must be at least 1, got %d", o.MaxConcurrentReconciles))
	}
	if o.QPS > 0 && o.Burst < 1 {
		errs = append(errs, fmt.Errorf("--kube-api-burst must be at least 1, got %d", o.Burst))
	}
	if o.LeaderElect && o.LeaderElectionID == "" {
		errs = append(errs, errors.New("--leader-election-id must not be empty"))
	}
	if o.LeaderElect && !(o.LeaseDuration > o.RenewDeadline && o.RenewDeadline > o.RetryPeriod && o.RetryPeriod > 0) {
		// A leader gives up writing when it could not renew within the renew
		// deadline; a standby takes over only after the lease duration. The
		// gap between the two is what keeps two replicas from writing at once.
		errs = append(errs, errors.New("leader election needs lease-duration > renew-deadline > retry-period > 0"))
	}
	if o.WatchFailureThreshold <= 0 {
		errs = append(errs, fmt.Errorf("--watch-failure-threshold must be positive, got %s", o.WatchFailureThreshold))
	}
	return errors.Join(errs...)
}
