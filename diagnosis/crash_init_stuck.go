package diagnosis

import (
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// ruleInitContainerStuck: an init container runs and runs. The pod waits for
// it to exit before it starts anything else (Init:0/1 in `kubectl get pods`),
// and nothing times it out: no restart, no event, no error. Almost always a
// wait-for-dependency loop (`until nslookup myservice; do sleep 2; done`, the
// init-container example of the Kubernetes docs; `until nc -z postgres 5432`;
// `kubectl wait job/migrate`) whose dependency never comes. A native sidecar
// (restartPolicy: Always) runs for the pod's whole life and is not this.
//
// The gate (abnormal.go) counts such a pod as starting normally until the
// init container has run for Options.InitStuckThreshold; this rule names it then.
var ruleInitContainerStuck = Rule{Reason: ReasonInitContainerStuck, Check: checkInitContainerStuck}

func checkInitContainerStuck(c *Context) (Finding, bool) {
	x, started, ok := c.runningInit()
	if !ok || c.Now.Sub(started) < c.Opts.InitStuckThreshold {
		return Finding{}, false
	}
	f := Finding{
		Vars: Vars{
			"age":     kubectlAge(c.Now.Sub(started)),
			"command": specCommandLine(x),
		},
		Evidence: []string{runningEvidence(x, started)},
		Since:    started,
	}
	if e, ok := c.initStartedEvent(x); ok {
		f.Evidence = append(f.Evidence, EventEvidence(e))
	}
	return f.InContainer(x), true
}

// runningInit returns the init container the pod is waiting for: the first
// one, not a native sidecar, that is running now, and when it started.
func (c *Context) runningInit() (Container, time.Time, bool) {
	for _, x := range c.Containers {
		if !x.Init || x.Status == nil || isSidecar(x) {
			continue
		}
		if r := x.Status.State.Running; r != nil {
			return x, r.StartedAt.Time, true
		}
	}
	return Container{}, time.Time{}, false
}

// isSidecar reports a native sidecar: an init container with restartPolicy Always.
func isSidecar(x Container) bool {
	return x.Spec != nil && x.Spec.RestartPolicy != nil && *x.Spec.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

// initStartedEvent is the kubelet's "Started container x" event for the
// current run, when the events have not expired yet.
func (c *Context) initStartedEvent(x Container) (Event, bool) {
	for _, e := range c.Events {
		if e.Reason == "Started" && e.Container == x.Name {
			return e, true
		}
	}
	return Event{}, false
}

// runningEvidence renders a running container's state.
func runningEvidence(x Container, started time.Time) string {
	s := containerLabel(x) + " running since " + started.UTC().Format(time.RFC3339)
	if x.Status != nil {
		s += ", restarts " + crashItoa(x.Status.RestartCount)
	}
	return s
}

// specCommandLine is what the container runs, for a summary: the script of a
// shell wrapper (`sh -c "until nc -z db 5432; do sleep 2; done"`), else the
// command and its arguments, else the image's ENTRYPOINT.
func specCommandLine(x Container) string {
	if x.Spec == nil || len(x.Spec.Command)+len(x.Spec.Args) == 0 {
		return "ENTRYPOINT"
	}
	parts := append(x.Spec.Command[:len(x.Spec.Command):len(x.Spec.Command)], x.Spec.Args...)
	if len(parts) >= 3 && isShell(parts[0]) && parts[1] == "-c" {
		return Truncate(oneLine(parts[2]), 120)
	}
	return Truncate(oneLine(strings.Join(parts, " ")), 120)
}
