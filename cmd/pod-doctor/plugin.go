package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/pod-doctor/pod-doctor/internal/dump"
	"github.com/pod-doctor/pod-doctor/internal/live"
	"github.com/pod-doctor/pod-doctor/internal/report"
	"github.com/pod-doctor/pod-doctor/internal/sweep"
)

// pluginName is the name kubectl finds the plugin by on PATH: `kubectl
// doctor` runs the executable kubectl-doctor (a copy or link of pod-doctor).
const pluginName = "kubectl-doctor"

const pluginUsage = `Diagnose why pods and their workloads, Services, Ingresses, claims and namespaces are stuck.

Usage:
  kubectl doctor [TYPE/NAME | NAME] [-n NS | -A] [-o text|json|yaml|junit|html] [flags]

Examples:
  kubectl doctor -n shop                  # every abnormal object of a namespace
  kubectl doctor web-7c9f6d8b5-m4q2z      # one pod
  kubectl doctor deploy/web -n shop       # one Deployment (also rs, sts, ds, job, cronjob, svc, ing, pvc, ns)
  kubectl doctor -A --fail-on Critical    # exit 3 when anything Critical is found

Flags:
`

// runPlugin is `kubectl doctor`: the live diagnose, with kubectl's own
// connection flags (--kubeconfig, --context, -n, --as, --request-timeout,
// ...) parsed by cli-runtime the way every kubectl plugin does.
func runPlugin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o diagnoseOptions
	kube := genericclioptions.NewConfigFlags(true)
	fs := pflag.NewFlagSet(pluginName, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, pluginUsage+fs.FlagUsages()) }
	kube.AddFlags(fs)
	o.bindReportFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	t, err := parseTarget(fs.Args())
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if o.allNamespaces && t.name != "" {
		return fmt.Errorf("%w: -A cannot be combined with an object name", errUsage)
	}
	cfg, err := o.validate(nil)
	if err != nil {
		return err
	}
	return o.pluginRun(ctx, kube, t, cfg, stdout, stderr)
}

// pluginRun fetches the scope and reports on it, or on the named object.
func (o *diagnoseOptions) pluginRun(ctx context.Context, kube *genericclioptions.ConfigFlags, t target, cfg diagnoseConfig, stdout, stderr io.Writer) error {
	rest, err := kube.ToRESTConfig()
	if err != nil {
		return fmt.Errorf("loading kubeconfig: %w", err)
	}
	scope := live.Scope{ChunkSize: o.chunkSize}
	if !o.allNamespaces {
		if scope.Namespace, _, err = kube.ToRawKubeConfigLoader().Namespace(); err != nil {
			return fmt.Errorf("reading namespace from kubeconfig: %w", err)
		}
	}
	if t.kind == "Pod" {
		scope.Pod = t.name
	}
	cs, err := live.NewClient(rest)
	if err != nil {
		return err
	}
	objs, err := live.Fetch(ctx, cs, scope, func(msg string) { fmt.Fprintln(stderr, "warning: "+msg) })
	if err != nil {
		return err
	}
	if t.name == "" {
		return o.report(objs, time.Now(), cfg, nil, stdout, stderr)
	}
	return o.reportOne(objs, cfg, t, scope.Namespace, stdout, stderr)
}

// reportOne reports on the named object only; it fails when the object is
// not there.
func (o *diagnoseOptions) reportOne(objs *dump.Objects, cfg diagnoseConfig, t target, ns string, stdout, stderr io.Writer) error {
	found := false
	keep := func(r report.Row) bool {
		ok := r.Kind == t.kind && r.Name == t.name && (t.kind == "Namespace" || r.Namespace == ns)
		if t.kind == "Pod" {
			ok = r.Kind == "" && r.Pod == t.name
		}
		found = found || ok
		return ok
	}
	var out bytes.Buffer
	err := o.report(objs, time.Now(), cfg, keep, &out, stderr)
	if !found {
		return fmt.Errorf("%s %q not found in namespace %q", strings.ToLower(t.kind), t.name, ns)
	}
	if _, werr := stdout.Write(out.Bytes()); werr != nil {
		return werr
	}
	return err // --fail-on's verdict, after the output
}

// target is the object named on the command line; kind "" for none.
type target struct{ kind, name string }

// parseTarget reads [TYPE/NAME | NAME] the way kubectl does: a bare NAME
// is a pod.
func parseTarget(args []string) (target, error) {
	switch len(args) {
	case 0:
		return target{}, nil
	case 1:
	default:
		return target{}, fmt.Errorf("at most one object, got %d arguments", len(args))
	}
	typ, name, ok := strings.Cut(args[0], "/")
	if !ok {
		return target{kind: "Pod", name: args[0]}, nil
	}
	kinds, err := sweep.ParseKinds(typ)
	if err != nil || len(kinds) != 1 || name == "" {
		return target{}, fmt.Errorf("cannot read %q as TYPE/NAME (types: pod, deploy, rs, sts, ds, job, cronjob, svc, ing, pvc, ns)", args[0])
	}
	for k := range kinds {
		return target{kind: k, name: name}, nil
	}
	return target{}, nil
}
