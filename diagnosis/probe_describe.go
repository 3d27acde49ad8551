package diagnosis

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Shared helpers of the probe rules: how a probe is shown (the way
// `kubectl describe pod` prints it, so the reader recognises it), its timing,
// and the kubelet events that tell a probe failed and the container was killed.
//
// Event wording (pkg/kubelet/prober/prober.go, kuberuntime_manager.go, 1.20-1.33+):
//   Unhealthy  "Liveness probe failed: HTTP probe failed with statuscode: 500"
//   Unhealthy  "Liveness probe errored: ..." / "Liveness probe errored and resulted in unknown state: ..."
//   Killing    "Container web failed liveness probe, will be restarted"
//   Killing    "Killing container with id docker://web:Container failed liveness probe.. Container will be killed and recreated." (dockershim, <=1.19)

// probeKind names one kind of probe in the kubelet's event texts.
type probeKind struct {
	// Prefix starts the Unhealthy event message ("Liveness probe ").
	Prefix string
	// KillNeedle is in the Killing event message when this probe failure
	// made the kubelet kill the container ("failed liveness probe").
	KillNeedle string
}

var (
	probeLiveness  = probeKind{Prefix: "Liveness probe ", KillNeedle: "failed liveness probe"}
	probeStartup   = probeKind{Prefix: "Startup probe ", KillNeedle: "failed startup probe"}
	probeReadiness = probeKind{Prefix: "Readiness probe "}
)

// probeTarget renders what a probe checks, as kubectl describe does:
// "http-get http://:8080/healthz", "tcp-socket :5432", "exec [cat /tmp/healthy]".
func probeTarget(p *corev1.Probe) string {
	switch {
	case p == nil:
		return ""
	case p.Exec != nil:
		return fmt.Sprintf("exec %v", p.Exec.Command)
	case p.HTTPGet != nil:
		scheme := strings.ToLower(string(p.HTTPGet.Scheme))
		if scheme == "" {
			scheme = "http"
		}
		return "http-get " + scheme + "://" + net.JoinHostPort(p.HTTPGet.Host, p.HTTPGet.Port.String()) + p.HTTPGet.Path
	case p.TCPSocket != nil:
		return "tcp-socket " + p.TCPSocket.Host + ":" + p.TCPSocket.Port.String()
	case p.GRPC != nil:
		s := fmt.Sprintf("grpc :%d", p.GRPC.Port) // kubectl describe writes "<pod>:"; the host is the pod IP like http-get's
		if p.GRPC.Service != nil && *p.GRPC.Service != "" {
			s += " " + *p.GRPC.Service
		}
		return s
	}
	return "probe"
}

// probeTargetIn is probeTarget with a named port resolved against the
// container's ports, as the kubelet resolves it ("http-get http://:http/healthz"
// checks port 8080 when the container names 8080 "http").
func probeTargetIn(p *corev1.Probe, x Container) string {
	if p == nil {
		return ""
	}
	q := *p
	switch {
	case q.HTTPGet != nil:
		h := *q.HTTPGet
		h.Port = intstr.Parse(probePort(h.Port, x))
		q.HTTPGet = &h
	case q.TCPSocket != nil:
		t := *q.TCPSocket
		t.Port = intstr.Parse(probePort(t.Port, x))
		q.TCPSocket = &t
	}
	return probeTarget(&q)
}

// probePort is the port number a probe checks: a named port resolved against
// the container's ports, kept as written when no port has that name.
func probePort(port intstr.IntOrString, x Container) string {
	if port.Type == intstr.Int || x.Spec == nil {
		return port.String()
	}
	for _, p := range x.Spec.Ports {
		if p.Name == port.StrVal {
			return strconv.Itoa(int(p.ContainerPort))
		}
	}
	return port.String()
}

// probeCommand is a shell command that does from inside the container what
// the probe does, for `kubectl exec ... -- <command>`: wget or curl for an
// HTTP probe, nc for a TCP one, the probe's own command for exec; without a
// probe, the listening sockets.
func probeCommand(p *corev1.Probe, x Container) string {
	switch {
	case p == nil:
		return "sh -c 'netstat -tunlp || ss -tlnp'"
	case p.Exec != nil:
		return shellJoin(p.Exec.Command)
	case p.HTTPGet != nil:
		scheme := strings.ToLower(string(p.HTTPGet.Scheme))
		if scheme == "" {
			scheme = "http"
		}
		url := scheme + "://" + net.JoinHostPort(orDefault(p.HTTPGet.Host, "localhost"), probePort(p.HTTPGet.Port, x)) + p.HTTPGet.Path
		return "sh -c 'wget -qO- -T 2 " + url + " || curl -sS -m 2 " + url + "'"
	case p.TCPSocket != nil:
		return "sh -c 'nc -z -w 2 " + orDefault(p.TCPSocket.Host, "localhost") + " " + probePort(p.TCPSocket.Port, x) + "'"
	case p.GRPC != nil:
		return "grpc_health_probe -addr=localhost:" + strconv.Itoa(int(p.GRPC.Port))
	}
	return "sh -c 'netstat -tunlp || ss -tlnp'"
}

// shellJoin renders an argv for a shell, quoting the words that need it.
func shellJoin(argv []string) string {
	parts := make([]string, len(argv))
	for i, a := range argv {
		if a == "" || strings.ContainsAny(a, " \t\n'\"$&|;<>()*?[]{}~`\\") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts[i] = a
	}
	return strings.Join(parts, " ")
}

// probeTiming holds a probe's timing with the API defaults applied.
type probeTiming struct {
	Delay, Timeout, Period, Failure int32
}

func timingOf(p *corev1.Probe) probeTiming {
	t := probeTiming{Timeout: 1, Period: 10, Failure: 3}
	if p == nil {
		return t
	}
	t.Delay = p.InitialDelaySeconds
	if p.TimeoutSeconds > 0 {
		t.Timeout = p.TimeoutSeconds
	}
	if p.PeriodSeconds > 0 {
		t.Period = p.PeriodSeconds
	}
	if p.FailureThreshold > 0 {
		t.Failure = p.FailureThreshold
	}
	return t
}

// String is kubectl describe's attribute list.
func (t probeTiming) String() string {
	return fmt.Sprintf("delay=%ds timeout=%ds period=%ds #failure=%d", t.Delay, t.Timeout, t.Period, t.Failure)
}

// Budget is how long after start a probe that never passes gets the container
// killed: the initial delay, then failureThreshold failed periods.
func (t probeTiming) Budget() time.Duration {
	return time.Duration(t.Delay+t.Period*t.Failure) * time.Second
}

// probeEvidence is what the kubelet recorded about one probe of one container
// during (or after) a run.
type probeEvidence struct {
	Kill, Unhealthy       Event
	HasKill, HasUnhealthy bool
}

// probeEventsSince finds the newest Killing event for this probe kind and the
// newest Unhealthy event of this kind about container x, seen at or after since.
func (c *Context) probeEventsSince(x Container, k probeKind, since time.Time) probeEvidence {
	var pe probeEvidence
	for _, e := range c.Events {
		if e.Last.Before(since) {
			break // newest first
		}
		if !crashEventFor(e, x) {
			continue
		}
		switch e.Reason {
		case "Killing":
			if !pe.HasKill && k.KillNeedle != "" && crashHasFold(e.Message, k.KillNeedle) &&
				(e.Container != "" || crashHasFold(e.Message, x.Name)) {
				pe.Kill, pe.HasKill = e, true
			}
		case "Unhealthy":
			if !pe.HasUnhealthy && strings.HasPrefix(e.Message, k.Prefix) {
				pe.Unhealthy, pe.HasUnhealthy = e, true
			}
		}
		if pe.HasKill && pe.HasUnhealthy {
			break
		}
	}
	return pe
}

// probeOutput is the probe's own output from an Unhealthy message: what
// follows "Liveness probe failed: " (or "... errored ...: ").
func probeOutput(msg string) string {
	if i := strings.Index(msg, ": "); i >= 0 {
		return Truncate(oneLine(strings.TrimSpace(msg[i+2:])), 200)
	}
	return ""
}

// probeKilledRun finds a run of a container that the kubelet ended because
// the probe of kind k failed: a Killing event naming the probe during or after
// the run, or Unhealthy events during the run followed by a SIGKILL/SIGTERM exit.
func (c *Context) probeKilledRun(k probeKind) (crashRun, probeEvidence, bool) {
	for _, x := range c.Containers {
		r, ok := c.crashRunOf(x)
		if !ok {
			continue
		}
		since := r.Term.StartedAt.Add(-time.Second)
		pe := c.probeEventsSince(x, k, since)
		if pe.HasKill {
			return r, pe, true
		}
		if pe.HasUnhealthy && killedExit(r) {
			return r, pe, true
		}
		if pe, ok := c.repeatedProbeKills(x, k, r); ok {
			return r, pe, true
		}
	}
	return crashRun{}, probeEvidence{}, false
}

// killedExit: how a run ends when the kubelet kills it — SIGKILL (137),
// SIGTERM (143), or 0 from a program that shuts down cleanly on SIGTERM —
// and not the kernel's OOM kill, which has its own rule.
func killedExit(r crashRun) bool {
	switch r.Term.ExitCode {
	case 0, 137, 143:
		return r.Term.Reason != "OOMKilled"
	}
	return false
}

// repeatedProbeKills covers the runs the kubelet's events no longer describe:
// its per-object event spam filter (a burst of 25, then one per 5 minutes)
// stops updating Unhealthy and Killing events of a pod in a restart loop, so
// the latest run often has none of its own (seen on a real v1.37 kubelet: the
// last Killing event two runs old). Repeated probe kills of this container
// within the restart window, and a latest exit consistent with a kill, are
// the same cause still at work.
func (c *Context) repeatedProbeKills(x Container, k probeKind, r crashRun) (probeEvidence, bool) {
	if probeSpec(x, k) == nil || !killedExit(r) {
		return probeEvidence{}, false
	}
	pe := c.probeEventsSince(x, k, r.Term.FinishedAt.Add(-c.Opts.RestartWindow))
	return pe, pe.HasKill && pe.Kill.Count >= 2
}

// probeSpec returns the container's probe of kind k.
func probeSpec(x Container, k probeKind) *corev1.Probe {
	if x.Spec == nil {
		return nil
	}
	switch k.Prefix {
	case probeLiveness.Prefix:
		return x.Spec.LivenessProbe
	case probeStartup.Prefix:
		return x.Spec.StartupProbe
	case probeReadiness.Prefix:
		return x.Spec.ReadinessProbe
	}
	return nil
}

// probeFindings assembles the evidence of a probe kill: container state, the
// Unhealthy output and the Killing event.
func probeFindingEvidence(r crashRun, pe probeEvidence) []string {
	ev := crashEvidence(r)
	if pe.HasUnhealthy {
		ev = append(ev, EventEvidence(pe.Unhealthy))
	}
	if pe.HasKill {
		ev = append(ev, EventEvidence(pe.Kill))
	}
	return ev
}

// probeMessage is the failure output to show, or a note when no Unhealthy
// event is left (events expire after an hour).
func probeMessage(c *Context, pe probeEvidence) string {
	if pe.HasUnhealthy {
		if out := probeOutput(pe.Unhealthy.Message); out != "" {
			return out
		}
		return c.say(phrase.ProbeNoOutput)
	}
	return c.say(phrase.ProbeNoUnhealthyEvent)
}
