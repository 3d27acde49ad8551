package main

import (
	"context"
	"errors"
	goflag "flag"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/pod-doctor/pod-doctor/controllers"
	"github.com/pod-doctor/pod-doctor/internal/version"
)

// runController is `pod-doctor controller`: parse the flags, set up logging,
// load the client config and run the manager until ctx ends (SIGINT/SIGTERM),
// which stops it gracefully and releases the leader lease.
func runController(ctx context.Context, args []string, stderr io.Writer) error {
	opts := controllers.DefaultOptions()
	zapOpts := zap.Options{}
	var kubeconfig string
	var mem memoryOptions
	fs := controllerFlags(&opts, &zapOpts, &kubeconfig, stderr)
	mem.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := opts.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	softLimit, err := mem.apply(os.Getenv("GOMEMLIMIT"))
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	zapOpts.DestWriter = stderr
	log := zap.New(zap.UseFlagOptions(&zapOpts))
	ctrl.SetLogger(log)
	klog.SetLogger(log.WithName("client-go"))

	cfg, err := loadConfig(kubeconfig)
	if err != nil {
		return err
	}
	mgr, _, err := controllers.NewManager(cfg, opts, log)
	if err != nil {
		return err
	}
	log.Info("starting pod-doctor controller", "version", version.String(),
		"namespaces", opts.Scope.Namespaces, "excludeNamespaces", opts.Scope.ExcludeNamespaces,
		"dryRun", opts.Output.DryRun, "leaderElect", opts.Manager.LeaderElect, "goMemoryLimit", softLimit)
	if err := mgr.Start(ctx); err != nil {
		return fmt.Errorf("controller: %w", err)
	}
	log.Info("stopped")
	return nil
}

// controllerFlags binds every option struct, the zap flags (through the
// standard flag package, as controller-runtime defines them) and --kubeconfig.
func controllerFlags(opts *controllers.Options, zapOpts *zap.Options, kubeconfig *string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("controller", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: pod-doctor controller [flags]\n\nFlags:")
		fs.PrintDefaults()
	}
	opts.BindFlags(fs)
	fs.StringVar(kubeconfig, "kubeconfig", "", "path to a kubeconfig (default: in-cluster config, $KUBECONFIG or ~/.kube/config)")
	gfs := goflag.NewFlagSet("zap", goflag.ContinueOnError)
	zapOpts.BindFlags(gfs)
	fs.AddGoFlagSet(gfs)
	return fs
}

// loadConfig uses --kubeconfig when given, else controller-runtime's lookup
// ($KUBECONFIG, in-cluster, ~/.kube/config).
func loadConfig(kubeconfig string) (*rest.Config, error) {
	if kubeconfig != "" {
		cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
		if err != nil {
			return nil, fmt.Errorf("load kubeconfig %s: %w", kubeconfig, err)
		}
		return cfg, nil
	}
	cfg, err := ctrl.GetConfig()
	if err != nil {
		return nil, fmt.Errorf("load client config: %w", err)
	}
	return cfg, nil
}
