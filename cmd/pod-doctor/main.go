// Command pod-doctor tells Kubernetes users why their pod is stuck.
//
//	pod-doctor controller [flags]   run the in-cluster controller
//	pod-doctor diagnose ...         diagnose offline (-f dump.yaml) or live
//	pod-doctor --version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/pod-doctor/pod-doctor/internal/version"
)

const usage = `pod-doctor names the root cause of stuck Kubernetes pods.

Usage:
  pod-doctor controller [flags]                      run the controller (in-cluster config or --kubeconfig)
  pod-doctor diagnose -f FILE|- [-o text|json|yaml]   diagnose a kubectl dump offline
  pod-doctor diagnose [POD] [-n NS | -A]              diagnose live through the kubeconfig
  pod-doctor --version                               print version and commit

Installed (copied or linked) as kubectl-doctor on PATH, it is the kubectl plugin
"kubectl doctor": the live diagnose with kubectl's own flags; as
kubectl_complete-doctor, its shell completion of object names.

Run "pod-doctor <command> --help" for the flags of a command.
`

// errUsage marks errors whose message is the whole story (exit code 1).
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	var err error
	switch filepath.Base(os.Args[0]) {
	case pluginName: // installed as a kubectl plugin: `kubectl doctor ...`
		err = runPlugin(ctx, os.Args[1:], os.Stdout, os.Stderr)
	case completeName: // and its shell completion
		err = runComplete(ctx, os.Args[1:], os.Stdout)
	default:
		err = run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	}
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pod-doctor: "+oneLine(err.Error()))
		os.Exit(exitStatus(err))
	}
}

// run dispatches the sub-command; it never panics on user input and returns
// one error whose message names the problem.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: missing command (controller or diagnose)", errUsage)
	}
	switch args[0] {
	case "controller":
		return runController(ctx, args[1:], stderr)
	case "diagnose":
		return runDiagnose(ctx, args[1:], stdin, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, version.String())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}

// exitStatus is 3 when --fail-on found a diagnosis, 1 for any other error.
func exitStatus(err error) int {
	var found errFound
	if errors.As(err, &found) {
		return 3
	}
	return 1
}

// oneLine keeps error output to one line whatever a library put in a message.
func oneLine(s string) string {
	out := make([]rune, 0, len(s))
	space := false
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' {
			if !space {
				out = append(out, ' ')
			}
			space = true
			continue
		}
		space = r == ' '
		out = append(out, r)
	}
	return string(out)
}
