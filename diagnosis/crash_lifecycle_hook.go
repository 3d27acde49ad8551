package diagnosis

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// ruleLifecycleHookFailed: a postStart (or preStop) hook failed. A failed
// postStart makes the kubelet kill the container it just started, so the pod
// shows CrashLoopBackOff with an unremarkable exit code: the hook is the cause
// and outranks the crash it produces (it runs first in crashRules).
//
// Wording (pkg/kubelet/lifecycle/handlers.go, kuberuntime_container.go):
//
//	waiting reason PostStartHookError, message = the hook failure below
//	FailedPostStartHook "Exec lifecycle hook ([/bin/sh -c exit 1]) for Container \"web\" in Pod \"web-0_ns(uid)\" failed - error: command '/bin/sh -c exit 1' exited with 1: , message: \"\""
//	FailedPostStartHook "HTTP lifecycle hook (/hook) for Container \"web\" in Pod \"...\" failed - error: ..."
//	FailedPostStartHook "PostStartHook failed" (1.26+: the output stays out of events so secrets do not leak)
//	FailedPreStopHook  same shapes, "PreStopHook failed" in 1.26+.
var ruleLifecycleHookFailed = Rule{Reason: ReasonLifecycleHookFailed, Check: checkLifecycleHookFailed}

func checkLifecycleHookFailed(c *Context) (Finding, bool) {
	for _, x := range c.Containers {
		if x.Status == nil || x.Spec == nil || x.Spec.Lifecycle == nil {
			continue
		}
		if r, m := x.Waiting(); r == "PostStartHookError" {
			e, hasEvent := c.hookEvent(x, "FailedPostStartHook", time.Time{})
			return hookFinding(c, x, "postStart", m, e, hasEvent, nil), true
		}
		run, ok := c.crashRunOf(x)
		if !ok {
			continue
		}
		since := run.Term.StartedAt.Add(-time.Second)
		if e, ok := c.hookEvent(x, "FailedPostStartHook", since); ok {
			return hookFinding(c, x, "postStart", "", e, true, &run), true
		}
		// A failed preStop does not stop the kill, and it is often noise from a
		// container that had already exited ("container not running"). It is
		// the cause only when nothing else explains a stop the kubelet made.
		if e, ok := c.hookEvent(x, "FailedPreStopHook", since); ok && run.Term.ExitCode != 0 &&
			!crashHasAnyFold(e.Message, hookNoise) && !c.probeKilled(x, since) {
			return hookFinding(c, x, "preStop", "", e, true, &run), true
		}
	}
	return Finding{}, false
}

// hookNoise marks preStop failures that only say the container was already gone.
var hookNoise = []string{"container not running", "not found", "No such container"}

// probeKilled reports whether a liveness or startup probe made the kubelet
// stop container x since the given time.
func (c *Context) probeKilled(x Container, since time.Time) bool {
	return c.probeEventsSince(x, probeLiveness, since).HasKill || c.probeEventsSince(x, probeStartup, since).HasKill
}

// hookEvent finds the newest hook failure event about container x seen at or
// after since. Pod-level events (no fieldPath) count when their text names x.
func (c *Context) hookEvent(x Container, reason string, since time.Time) (Event, bool) {
	for _, e := range c.Events {
		if !since.IsZero() && e.Last.Before(since) {
			break
		}
		if e.Reason != reason {
			continue
		}
		if e.Container == x.Name || (e.Container == "" && hookNamesContainer(e.Message, x.Name)) {
			return e, true
		}
	}
	return Event{}, false
}

// hookNamesContainer reports whether msg says `for Container "name"`.
func hookNamesContainer(msg, name string) bool {
	const marker = `for Container "`
	i := strings.Index(msg, marker)
	if i < 0 {
		return false
	}
	rest := msg[i+len(marker):]
	return strings.HasPrefix(rest, name) && strings.HasPrefix(rest[len(name):], `"`)
}

func hookFinding(c *Context, x Container, hook, waitingMsg string, e Event, hasEvent bool, run *crashRun) Finding {
	var h *corev1.LifecycleHandler
	if hook == "postStart" {
		h = x.Spec.Lifecycle.PostStart
	} else {
		h = x.Spec.Lifecycle.PreStop
	}
	f := Finding{Vars: Vars{
		"hook":     hook,
		"handler":  Truncate(hookHandler(h), 100),
		"error":    hookError(c, waitingMsg, e, hasEvent),
		"restarts": crashRestarts(x),
	}}
	if run != nil {
		f.Evidence = crashEvidence(*run)
		f.Since = c.crashSince(*run)
	} else {
		f.Evidence = []string{WaitingEvidence(x)}
		if t := x.LastTerminated(); t != nil {
			f.Evidence = append(f.Evidence, TerminatedEvidence(x, "last state", t))
		}
	}
	if hasEvent {
		f.Evidence = append(f.Evidence, EventEvidence(e))
		if f.Since.IsZero() {
			f.Since = e.First
		}
	}
	return f.InContainer(x)
}

// hookHandler renders the hook's command or HTTP target from the spec.
func hookHandler(h *corev1.LifecycleHandler) string {
	switch {
	case h == nil:
		return "?"
	case h.Exec != nil:
		return fmt.Sprintf("exec %v", h.Exec.Command)
	case h.HTTPGet != nil:
		p := &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: h.HTTPGet}}
		return probeTarget(p)
	case h.TCPSocket != nil:
		return "tcp-socket " + h.TCPSocket.Host + ":" + h.TCPSocket.Port.String()
	case h.Sleep != nil:
		return fmt.Sprintf("sleep %ds", h.Sleep.Seconds)
	}
	return "?"
}

// hookError is the failure itself: the text after "failed - error: " of the
// kubelet message (waiting message first: newer kubelets keep the output out
// of the event but still put it in the container status), shortened to the
// exit status and the hook's own error line.
func hookError(c *Context, waitingMsg string, e Event, hasEvent bool) string {
	for _, m := range []string{waitingMsg, eventMessage(e, hasEvent)} {
		const marker = "failed - error: "
		if i := strings.Index(m, marker); i >= 0 {
			return Truncate(oneLine(hookShorten(m[i+len(marker):])), 200)
		}
	}
	if waitingMsg != "" {
		return Truncate(oneLine(waitingMsg), 200)
	}
	if hasEvent && e.Message != "" && !strings.HasSuffix(e.Message, "Hook failed") {
		return Truncate(oneLine(e.Message), 200)
	}
	return c.say(phrase.HookOutputInKubeletLog)
}

// hookShorten turns "command '<cmd>' exited with 1: , message: \"<output>\""
// into "command exited with 1: <error line of output>": the command is
// already in the summary, the output says why.
func hookShorten(s string) string {
	out := ""
	if i := strings.LastIndex(s, ", message: \""); i >= 0 {
		if q, err := strconv.Unquote(s[i+len(", message: "):]); err == nil {
			out = crashLastLine(q)
		}
		s = s[:i]
	}
	if strings.HasPrefix(s, "command '") {
		if j := strings.LastIndex(s, "' exited with "); j >= 0 {
			s = "command" + s[j+1:]
		}
	}
	s = strings.TrimSuffix(strings.TrimSpace(s), ":")
	if out != "" {
		s += ": " + out
	}
	return s
}

func eventMessage(e Event, ok bool) string {
	if !ok {
		return ""
	}
	return e.Message
}
