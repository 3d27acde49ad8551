package diagnosis

import (
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Shared helpers of the crash, probe and termination groups.

// crashRun is the termination of one container that explains the pod's
// current trouble: the run that ended and where its status was read from.
type crashRun struct {
	X     Container
	Term  *corev1.ContainerStateTerminated
	Label string // "state" or "last state", for TerminatedEvidence
}

// crashRunOf returns the termination of x that matters now, mirroring the
// gate (abnormal.go): the current termination when it failed (or, under
// restartPolicy Always, when it is one more lap of a restart loop), or the
// last one while the container waits to be restarted or restarted inside the
// restart window. Older restarts are history, and a termination caused by the
// pod's own deletion is the kill the user asked for, not a crash; so are the
// exits of a pod the kubelet failed as a whole.
func (c *Context) crashRunOf(x Container) (crashRun, bool) {
	st := x.Status
	if st == nil {
		return crashRun{}, false
	}
	if c.Pod.Status.Phase == corev1.PodFailed && c.Pod.Status.Reason != "" {
		// The kubelet ended the whole pod for a reason of its own (Evicted,
		// DeadlineExceeded, node shutdown, ...): the containers' exit codes
		// are that kill, not a crash.
		return crashRun{}, false
	}
	var deletedAt time.Time
	if c.Pod.DeletionTimestamp != nil {
		deletedAt = requestedAt(c.Pod)
	}
	if t := st.State.Terminated; t != nil {
		if crashKilledByDeletion(t, deletedAt) {
			return crashRun{}, false
		}
		if t.ExitCode != 0 || (st.RestartCount > 0 && crashRestartsAlways(c.Pod, x)) {
			return crashRun{X: x, Term: t, Label: "state"}, true
		}
		return crashRun{}, false
	}
	last := st.LastTerminationState.Terminated
	if last == nil || crashKilledByDeletion(last, deletedAt) {
		return crashRun{}, false
	}
	if w := st.State.Waiting; w != nil && w.Reason != "" && !hasString(normalStart, w.Reason) {
		return crashRun{X: x, Term: last, Label: "last state"}, true
	}
	if st.RestartCount > 0 && c.Now.Before(last.FinishedAt.Add(c.Opts.RestartWindow)) {
		return crashRun{X: x, Term: last, Label: "last state"}, true
	}
	return crashRun{}, false
}

// crashKilledByDeletion: a run that ended after deletion was requested was
// ended by the deletion.
func crashKilledByDeletion(t *corev1.ContainerStateTerminated, deletedAt time.Time) bool {
	return !deletedAt.IsZero() && !t.FinishedAt.IsZero() && !t.FinishedAt.Time.Before(deletedAt)
}

// crashRestartsAlways reports whether the kubelet restarts x whatever its exit
// code: regular containers under the pod's restartPolicy Always (the default),
// and sidecar init containers (restartPolicy Always on the container).
func crashRestartsAlways(pod *corev1.Pod, x Container) bool {
	if x.Init {
		return x.Spec != nil && x.Spec.RestartPolicy != nil && *x.Spec.RestartPolicy == corev1.ContainerRestartPolicyAlways
	}
	return pod.Spec.RestartPolicy == "" || pod.Spec.RestartPolicy == corev1.RestartPolicyAlways
}

// crashEvidence is the evidence every crash finding starts with: the waiting
// state (CrashLoopBackOff ...) and the termination itself.
func crashEvidence(r crashRun) []string {
	ev := make([]string, 0, 4)
	if w, _ := r.X.Waiting(); w != "" {
		ev = append(ev, WaitingEvidence(r.X))
	}
	return append(ev, TerminatedEvidence(r.X, r.Label, r.Term))
}

// crashRestarts is the restart count as text.
func crashRestarts(x Container) string {
	if x.Status == nil {
		return "0"
	}
	return strconv.Itoa(int(x.Status.RestartCount))
}

// crashHasFold reports whether s contains sub, ignoring ASCII case, without
// allocating (ContainsAnyFold lower-cases a copy; these run on every pod).
func crashHasFold(s, sub string) bool {
	n := len(sub)
	if n == 0 {
		return true
	}
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], sub) {
			return true
		}
	}
	return false
}

// crashHasAnyFold is crashHasFold over a list of needles.
func crashHasAnyFold(s string, needles []string) bool {
	for _, n := range needles {
		if crashHasFold(s, n) {
			return true
		}
	}
	return false
}

// crashErrorWords mark the log line that says what went wrong.
var crashErrorWords = []string{"error", "fatal", "exception", "panic", "invalid", "failed", "fail:",
	"cannot", "can't", "unable", "denied", "not found", "no such", "refused", "timed out", "timeout", "killed"}

// crashLastLine picks the line of a termination message a person should read
// first: the last line that names an error (stack traces and "Try --help"
// trailers come after it), else the last non-empty line.
func crashLastLine(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return ""
	}
	last := ""
	rest := msg
	for rest != "" {
		i := strings.LastIndexByte(rest, '\n')
		line := strings.TrimSpace(rest[i+1:])
		rest = rest[:max(i, 0)]
		if line == "" {
			continue
		}
		if last == "" {
			last = line
		}
		if crashHasAnyFold(line, crashErrorWords) {
			return Truncate(line, 200)
		}
		if i < 0 {
			break
		}
	}
	return Truncate(last, 200)
}

// crashEventFor reports whether an event concerns container x: its fieldPath
// names x, or it names no container at all (pod-level events of old kubelets).
func crashEventFor(e Event, x Container) bool {
	return e.Container == x.Name || e.Container == ""
}

// crashItoa formats an exit code or count.
func crashItoa(n int32) string { return strconv.Itoa(int(n)) }

// crashSince is when a crash loop was first seen: the first "Back-off
// restarting failed container" the kubelet reported about x while the loop
// still goes on, or else the end of the run that is known.
func (c *Context) crashSince(r crashRun) time.Time {
	since := r.Term.FinishedAt.Time
	current := since.Add(-c.Opts.RestartWindow)
	for _, e := range c.Events {
		if e.Last.Before(current) {
			break // newest first
		}
		if e.Reason == "BackOff" && crashEventFor(e, r.X) && crashHasFold(e.Message, "restarting failed container") {
			since = earliest(since, e.First)
		}
	}
	return since
}
