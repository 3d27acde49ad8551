package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/pod-doctor/pod-doctor/internal/live"
	"github.com/pod-doctor/pod-doctor/internal/sweep"
)

// completeName is the executable kubectl (1.26+) runs to complete the
// arguments of `kubectl doctor`: kubectl_complete-doctor, a copy or link of
// pod-doctor like kubectl-doctor.
const completeName = "kubectl_complete-doctor"

// typePrefixes are offered while no TYPE/ is typed.
var typePrefixes = []string{"deploy/", "rs/", "sts/", "ds/", "job/", "cronjob/", "svc/", "ing/", "pvc/", "ns/"}

// runComplete answers a completion request the way cobra's __complete does,
// which kubectl relays to the shell: one choice per line, then ":4" (no
// file names). The words are those after "kubectl doctor", the last being
// the one to complete: a pod name, or TYPE/NAME. Listing errors give no
// choices rather than noise in the shell.
func runComplete(ctx context.Context, args []string, stdout io.Writer) error {
	kube := genericclioptions.NewConfigFlags(true)
	fs := pflag.NewFlagSet(completeName, pflag.ContinueOnError)
	fs.ParseErrorsAllowlist.UnknownFlags = true
	fs.SetOutput(io.Discard)
	kube.AddFlags(fs)
	_ = fs.Parse(args)
	words := fs.Args()
	if len(words) > 0 && words[0] == "__complete" {
		words = words[1:]
	}
	partial := ""
	if len(words) > 0 {
		partial = words[len(words)-1]
	}
	for _, c := range choices(ctx, kube, partial) {
		fmt.Fprintln(stdout, c)
	}
	_, err := fmt.Fprintln(stdout, ":4")
	return err
}

// choices are the completions of partial in the kubeconfig's namespace.
func choices(ctx context.Context, kube *genericclioptions.ConfigFlags, partial string) []string {
	kind, prefix, typed := "Pod", partial, ""
	if typ, name, ok := strings.Cut(partial, "/"); ok {
		kinds, err := sweep.ParseKinds(typ)
		if err != nil || len(kinds) != 1 {
			return nil
		}
		for k := range kinds {
			kind = k
		}
		prefix, typed = name, typ+"/"
	}
	var out []string
	if typed == "" {
		for _, p := range typePrefixes {
			if strings.HasPrefix(p, partial) {
				out = append(out, p)
			}
		}
	}
	names, err := listNames(ctx, kube, kind)
	if err != nil {
		return out
	}
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, typed+n)
		}
	}
	return out
}

func listNames(ctx context.Context, kube *genericclioptions.ConfigFlags, kind string) ([]string, error) {
	rest, err := kube.ToRESTConfig()
	if err != nil {
		return nil, err
	}
	ns, _, err := kube.ToRawKubeConfigLoader().Namespace()
	if err != nil {
		return nil, err
	}
	cs, err := live.NewClient(rest)
	if err != nil {
		return nil, err
	}
	if kind == "Namespace" {
		ns = ""
	}
	return live.Names(ctx, cs, kind, ns)
}
