package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/dump"
	"github.com/pod-doctor/pod-doctor/internal/live"
	"github.com/pod-doctor/pod-doctor/internal/report"
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
}

// BindFlags registers the options on fs.
func (o *diagnoseOptions) BindFlags(fs *pflag.FlagSet) {
	def := diagnosis.DefaultOptions()
	fs.StringVarP(&o.file, "filename", "f", "", "diagnose offline from this file (`kubectl get pods,events,nodes,pvc -o yaml` output), - for stdin")
	fs.StringVarP(&o.output, "output", "o", "text", "output format: text, json or yaml")
	fs.StringVar(&o.lang, "lang", "en", "language of summaries and hints: en or zh")
	fs.StringVar(&o.now, "now", "", "diagnose as of this RFC 3339 time (default: the latest time in the input, or the clock when live)")
	fs.BoolVar(&o.all, "all", false, "also list healthy pods, with reason Healthy")
	fs.StringVarP(&o.namespace, "namespace", "n", "", "live: namespace (default: the kubeconfig context's)")
	fs.BoolVarP(&o.allNamespaces, "all-namespaces", "A", false, "live: all namespaces")
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "live: path to the kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	fs.StringVar(&o.kubeContext, "context", "", "live: kubeconfig context to use")
	fs.DurationVar(&o.gracePeriod, "grace-period", def.GracePeriod, "how long a normal start may take before it counts as stuck")
	fs.DurationVar(&o.restartWindow, "restart-window", def.RestartWindow, "restarts older than this are history, not a symptom")
}

const diagnoseUsage = `Usage:
  pod-doctor diagnose -f FILE|- [-o text|json|yaml] [--lang en|zh] [--now RFC3339] [--all]
  pod-doctor diagnose [POD] [-n NS | -A] [-o text|json|yaml] [--lang en|zh] [--all]

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
	cfg, err := o.validate(fs.Args())
	if err != nil {
		return err
	}
	objs, now, err := o.load(ctx, fs.Args(), stdin, stderr)
	if err != nil {
		return err
	}
	if !cfg.now.IsZero() {
		now = cfg.now
	}
	return report.Write(stdout, cfg.format, diagnoseAll(objs, now, cfg.engine, o.all))
}

// diagnoseConfig is the validated form of the options.
type diagnoseConfig struct {
	format report.Format
	engine diagnosis.Options
	now    time.Time
}

func (o *diagnoseOptions) validate(args []string) (diagnoseConfig, error) {
	var cfg diagnoseConfig
	var err error
	if cfg.format, err = report.ParseFormat(o.output); err != nil {
		return cfg, fmt.Errorf("%w: %v", errUsage, err)
	}
	cfg.engine = diagnosis.DefaultOptions()
	lang, ok := diagnosis.ParseLang(o.lang)
	if !ok {
		return cfg, fmt.Errorf("%w: unknown language %q (want en or zh)", errUsage, o.lang)
	}
	cfg.engine.Lang, cfg.engine.GracePeriod, cfg.engine.RestartWindow = lang, o.gracePeriod, o.restartWindow
	if o.now != "" {
		if cfg.now, err = time.Parse(time.RFC3339, o.now); err != nil {
			return cfg, fmt.Errorf("%w: --now %q is not an RFC 3339 time such as 2024-05-01T10:00:00Z", errUsage, o.now)
		}
	}
	switch {
	case len(args) > 1:
		return cfg, fmt.Errorf("%w: at most one POD name, got %d arguments", errUsage, len(args))
	case o.file != "" && (len(args) > 0 || o.namespace != "" || o.allNamespaces):
		return cfg, fmt.Errorf("%w: -f reads a file; POD, -n and -A are for live mode", errUsage)
	case o.allNamespaces && (len(args) > 0 || o.namespace != ""):
		return cfg, fmt.Errorf("%w: -A cannot be combined with a POD name or -n", errUsage)
	}
	return cfg, nil
}

// load reads the objects from the file or the cluster and returns the
// default "now" for them.
func (o *diagnoseOptions) load(ctx context.Context, args []string, stdin io.Reader, stderr io.Writer) (*dump.Objects, time.Time, error) {
	if o.file == "" {
		return o.loadLive(ctx, args, stderr)
	}
	objs, err := readDump(o.file, stdin)
	if err != nil {
		return nil, time.Time{}, err
	}
	if len(objs.Skipped) > 0 {
		fmt.Fprintf(stderr, "note: skipped objects of kinds diagnose does not use: %s\n", objs.SkippedSummary())
	}
	if len(objs.Pods) == 0 {
		fmt.Fprintln(stderr, "note: the input holds no Pod objects")
	}
	now := objs.Latest
	if now.IsZero() {
		now = time.Now()
	}
	return objs, now, nil
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
	objs, err := dump.Parse(r)
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
	scope := live.Scope{Namespace: o.namespace}
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

// diagnoseAll runs the engine over every pod; healthy pods are kept only with --all.
func diagnoseAll(objs *dump.Objects, now time.Time, opts diagnosis.Options, all bool) []report.Row {
	rows := make([]report.Row, 0)
	for _, in := range objs.Inputs(now) {
		d := diagnosis.Diagnose(in, opts).Diagnosis
		if d == nil && !all {
			continue
		}
		rows = append(rows, report.Row{Namespace: in.Pod.Namespace, Pod: in.Pod.Name, Diagnosis: d})
	}
	report.Sort(rows)
	return rows
}
