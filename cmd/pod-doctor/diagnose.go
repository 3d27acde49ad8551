package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/dump"
	"github.com/pod-doctor/pod-doctor/internal/live"
	"github.com/pod-doctor/pod-doctor/internal/report"
	"github.com/pod-doctor/pod-doctor/internal/sweep"
	"github.com/pod-doctor/pod-doctor/internal/validate"
)

// diagnoseOptions are the flags of `pod-doctor diagnose`.
type diagnoseOptions struct {
	file          string
	output        string
	lang          string
	now           string
	all           bool
	namespace     string
	allNamespaces bool
	kubeconfig    string
	kubeContext   string
	gracePeriod   time.Duration
	restartWindow time.Duration
	initStuck     time.Duration
	verbose       bool
	chunkSize     int64
	kinds         string
	failOn        string
	groups        bool
	// fileGiven: -f was on the command line, even as -f "".
	fileGiven bool
}

// BindFlags registers the options on fs.
func (o *diagnoseOptions) BindFlags(fs *pflag.FlagSet) {
	fs.StringVarP(&o.file, "filename", "f", "", "diagnose offline from this file (`kubectl get pods,events,nodes,pvc -o yaml` output), - for stdin")
	fs.StringVarP(&o.namespace, "namespace", "n", "", "live: namespace (default: the kubeconfig context's)")
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "live: path to the kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	fs.StringVar(&o.kubeContext, "context", "", "live: kubeconfig context to use")
	o.bindReportFlags(fs)
}

// bindReportFlags registers what is shared with `kubectl doctor`, which
// takes its connection flags from kubectl (cli-runtime): what to show and how.
func (o *diagnoseOptions) bindReportFlags(fs *pflag.FlagSet) {
	def := diagnosis.DefaultOptions()
	fs.StringVarP(&o.output, "output", "o", "text", "output format: text, json, yaml, junit or html")
	fs.StringVar(&o.lang, "lang", "en", "language of summaries and hints: en or zh")
	fs.StringVar(&o.now, "now", "", "diagnose as of this RFC 3339 time (default: the latest time in the input, or the clock when live)")
	fs.BoolVar(&o.all, "all", false, "also list healthy pods, with reason Healthy")
	fs.BoolVarP(&o.allNamespaces, "all-namespaces", "A", false, "live: all namespaces")
	fs.DurationVar(&o.gracePeriod, "grace-period", def.GracePeriod, "how long a normal start may take before it counts as stuck")
	fs.DurationVar(&o.restartWindow, "restart-window", def.RestartWindow, "restarts older than this are history, not a symptom")
	fs.DurationVar(&o.initStuck, "init-stuck-threshold", def.InitStuckThreshold, "how long an init container may run before the pod is diagnosed InitContainerStuck")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "print on stderr how many objects of each kind were read")
	fs.Int64Var(&o.chunkSize, "chunk-size", live.DefaultChunkSize, "live: list large kinds in pages of this many objects, as kubectl does; 0 lists each kind at once")
	fs.StringVar(&o.kinds, "kinds", "", "only show these kinds, comma-separated (pods, deploy, rs, sts, ds, job, cronjob, svc, ing, pvc, ns); default all")
	fs.StringVar(&o.failOn, "fail-on", "", "exit with code 3 when a diagnosis at or above this severity is found: Critical, Warning or Info (for pipelines)")
	fs.BoolVar(&o.groups, "groups", false, "with -o json|yaml: print the incidents (objects failing for one reason that share a node, registry, ConfigMap, quota or webhook) instead of the objects")
}

const diagnoseUsage = `Usage:
  pod-doctor diagnose -f FILE|- [-o text|json|yaml|junit|html] [--lang en|zh] [--now RFC3339] [--all] [--kinds KINDS] [--groups] [--fail-on SEVERITY]
  pod-doctor diagnose [POD] [-n NS | -A] [-o text|json|yaml|junit|html] [--lang en|zh] [--all] [--kinds KINDS] [--groups] [--fail-on SEVERITY]

Flags:
`

func runDiagnose(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var o diagnoseOptions
	fs := pflag.NewFlagSet("diagnose", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, diagnoseUsage+fs.FlagUsages()) }
	o.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	o.fileGiven = fs.Changed("filename")
	cfg, err := o.validate(fs.Args())
	if err != nil {
		return err
	}
	objs, now, err := o.load(ctx, fs.Args(), stdin, stderr)
	if err != nil {
		return err
	}
	return o.report(objs, now, cfg, nil, stdout, stderr)
}

// report diagnoses what was read and writes it; keep, when not nil, keeps
// only some rows (one object named on the command line).
func (o *diagnoseOptions) report(objs *dump.Objects, now time.Time, cfg diagnoseConfig, keep func(report.Row) bool, stdout, stderr io.Writer) error {
	if !cfg.now.IsZero() {
		now = cfg.now
	}
	// A JUnit report lists every object: the healthy ones are its passed cases.
	all := o.all || cfg.format == report.JUnit || keep != nil
	rows, err := sweep.All(objs, now, sweep.Options{Engine: cfg.engine, All: all, Kinds: cfg.kinds})
	if err != nil {
		return err
	}
	if o.verbose && !o.fileGiven {
		// A live listing is read during the sweep.
		fmt.Fprintln(stderr, objs.CountLine())
	}
	if keep != nil {
		rows = slices.DeleteFunc(rows, func(r report.Row) bool { return !keep(r) })
	}
	if o.groups {
		err = report.WriteGroups(stdout, cfg.format, rows)
	} else {
		err = report.Write(stdout, cfg.format, rows)
	}
	if err != nil {
		return err
	}
	return failOn(rows, cfg.failOn)
}

// errFound is what --fail-on returns when it finds a diagnosis: exit code 3,
// distinct from 1 (usage and input errors), so a pipeline can tell "it ran
// and found something" from "it could not run".
type errFound struct {
	n        int
	severity diagnosis.Severity
}

func (e errFound) Error() string {
	return fmt.Sprintf("%d diagnosis(es) at or above %s (--fail-on %s)", e.n, e.severity, e.severity)
}

// failOn counts the diagnoses at or above min ("" checks nothing).
func failOn(rows []report.Row, min diagnosis.Severity) error {
	if min == "" {
		return nil
	}
	n := 0
	for _, r := range rows {
		if r.Diagnosis != nil && diagnosis.SeverityAtLeast(r.Diagnosis.Severity, min) {
			n++
		}
	}
	if n > 0 {
		return errFound{n: n, severity: min}
	}
	return nil
}

// diagnoseConfig is the validated form of the options.
type diagnoseConfig struct {
	format report.Format
	kinds  map[string]bool
	failOn diagnosis.Severity
	engine diagnosis.Options
	now    time.Time
}

func (o *diagnoseOptions) validate(args []string) (diagnoseConfig, error) {
	var cfg diagnoseConfig
	var err error
	if cfg.format, err = report.ParseFormat(o.output); err != nil {
		return cfg, fmt.Errorf("%w: %v", errUsage, err)
	}
	if cfg.kinds, err = sweep.ParseKinds(o.kinds); err != nil {
		return cfg, fmt.Errorf("%w: %v", errUsage, err)
	}
	if o.failOn != "" {
		if cfg.failOn, err = diagnosis.ParseSeverity(o.failOn); err != nil {
			return cfg, fmt.Errorf("%w: --fail-on: %v", errUsage, err)
		}
	}
	if o.groups && cfg.format != report.JSON && cfg.format != report.YAML {
		return cfg, fmt.Errorf("%w: --groups needs -o json or -o yaml", errUsage)
	}
	cfg.engine = diagnosis.DefaultOptions()
	lang, ok := diagnosis.ParseLang(o.lang)
	if !ok {
		return cfg, fmt.Errorf("%w: unknown language %q (want en or zh)", errUsage, o.lang)
	}
	cfg.engine.Lang, cfg.engine.GracePeriod, cfg.engine.RestartWindow = lang, o.gracePeriod, o.restartWindow
	cfg.engine.InitStuckThreshold = o.initStuck
	if err := o.validateValues(&cfg); err != nil {
		return cfg, fmt.Errorf("%w: %w", errUsage, err)
	}
	switch {
	case len(args) > 1:
		return cfg, fmt.Errorf("%w: at most one POD name, got %d arguments", errUsage, len(args))
	case o.fileGiven && (len(args) > 0 || o.namespace != "" || o.allNamespaces):
		return cfg, fmt.Errorf("%w: -f reads a file; POD, -n and -A are for live mode", errUsage)
	case o.allNamespaces && (len(args) > 0 || o.namespace != ""):
		return cfg, fmt.Errorf("%w: -A cannot be combined with a POD name or -n", errUsage)
	}
	return cfg, nil
}

// validateValues checks the values shared with the controller's flags
// through the one validation package.
func (o *diagnoseOptions) validateValues(cfg *diagnoseConfig) error {
	if o.fileGiven {
		if err := validate.FileName(o.file); err != nil {
			return err
		}
	}
	if err := validate.Duration("--grace-period", o.gracePeriod); err != nil {
		return err
	}
	if err := validate.Duration("--restart-window", o.restartWindow); err != nil {
		return err
	}
	if err := validate.Duration("--init-stuck-threshold", o.initStuck); err != nil {
		return err
	}
	if o.chunkSize < 0 {
		return fmt.Errorf("--chunk-size must not be negative, got %d", o.chunkSize)
	}
	if o.now == "" {
		return nil
	}
	var err error
	cfg.now, err = validate.Time("--now", o.now)
	return err
}

// load reads the objects from the file or the cluster and returns the
// default "now" for them.
func (o *diagnoseOptions) load(ctx context.Context, args []string, stdin io.Reader, stderr io.Writer) (*dump.Objects, time.Time, error) {
	if !o.fileGiven {
		return o.loadLive(ctx, args, stderr) // report counts what it read
	}
	objs, err := readDump(o.file, stdin)
	if err != nil {
		return nil, time.Time{}, err
	}
	o.noteInput(objs, stderr)
	now := objs.Latest
	if now.IsZero() {
		now = time.Now()
	}
	return objs, now, nil
}

// noteInput says on stderr what was read: the counts with -v (else the kinds
// skipped), an input without pods, a clock-skew outlier left out of "now".
func (o *diagnoseOptions) noteInput(objs *dump.Objects, stderr io.Writer) {
	switch {
	case o.verbose:
		fmt.Fprintln(stderr, objs.CountLine())
	case len(objs.Skipped) > 0:
		fmt.Fprintf(stderr, "note: skipped objects of kinds diagnose does not use: %s\n", objs.SkippedSummary())
	}
	if objs.PodCount() == 0 && objs.Snapshot().Empty() {
		fmt.Fprintln(stderr, "note: the input holds no Pod objects")
	}
	if !objs.SkewIgnored.IsZero() && o.now == "" {
		fmt.Fprintf(stderr, "note: diagnosing as of %s, the latest observed time; ignored %s, which lies more than %s after every other time in the input (a skewed clock?)\n",
			objs.Latest.UTC().Format(time.RFC3339), objs.SkewIgnored.UTC().Format(time.RFC3339), strings.TrimSuffix(dump.SkewGap.String(), "0m0s"))
	}
}

func readDump(path string, stdin io.Reader) (*dump.Objects, error) {
	r := stdin
	name := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("cannot read input: %w", err)
		}
		defer f.Close()
		r, name = f, path
	}
	objs, err := dump.ParseWith(r, dump.ParseOptions{PackPods: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return objs, nil
}

func (o *diagnoseOptions) loadLive(ctx context.Context, args []string, stderr io.Writer) (*dump.Objects, time.Time, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = o.kubeconfig
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: o.kubeContext})
	cfg, err := cc.ClientConfig()
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("loading kubeconfig: %w", err)
	}
	scope := live.Scope{Namespace: o.namespace, ChunkSize: o.chunkSize}
	if scope.Namespace == "" && !o.allNamespaces {
		if scope.Namespace, _, err = cc.Namespace(); err != nil {
			return nil, time.Time{}, fmt.Errorf("reading namespace from kubeconfig: %w", err)
		}
	}
	if len(args) == 1 {
		scope.Pod = args[0]
	}
	cs, err := live.NewClient(cfg)
	if err != nil {
		return nil, time.Time{}, err
	}
	objs, err := live.Fetch(ctx, cs, scope, func(msg string) { fmt.Fprintln(stderr, "warning: "+msg) })
	if err != nil {
		return nil, time.Time{}, err
	}
	return objs, time.Now(), nil
}
