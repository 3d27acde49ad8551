package diagnosis

import (
	"strings"
	"time"
)

// This file holds what the sandbox / runtime rules share: which events and
// container states count as a *current* failure to create or start the pod,
// and how to read the runtime's error text out of them.
//
// Two sources tell the same story at two levels:
//   - pod level: the kubelet's FailedCreatePodSandBox (and friends) events,
//     while no container got past creation;
//   - container level: a container waiting in CreateContainerError /
//     RunContainerError / StartError, or terminated with StartError /
//     ContainerCannotRun, whose message is the runtime's error.
//
// Staleness: a sandbox event is history once a container started after it
// (RunningSince) or once a container waits on a reason of its own (a
// CrashLoopBackOff or a CreateContainerConfigError is the pod's current
// problem, not a sandbox that was created long ago). Among current events
// only those close to the newest failure count, so a disk that filled up
// and was cleaned hours ago does not outrank today's CNI error.

// Pod-level event reasons in which the kubelet reports it could not create the sandbox.
const (
	evFailedCreatePodSandBox   = "FailedCreatePodSandBox"
	evFailedCreatePodContainer = "FailedCreatePodContainer" // pod cgroup could not be created
	evNetworkNotReady          = "NetworkNotReady"
	evFailedPodDataDirs        = "Failed" // pod-level only: "error making pod data directories: ..."
	evFailedSync               = "FailedSync"
	evFailedPodSandBoxStatus   = "FailedPodSandBoxStatus"
	evSandboxChanged           = "SandboxChanged"
)

// isSandboxFailure reports whether e is one of the kubelet's "could not
// create the pod's sandbox / cgroup / directories / network" events.
func isSandboxFailure(e *Event) bool {
	if e.Type == "Warning" && e.Container == "" && isSandboxMessage(e.Message) {
		return true // whatever reason a distribution reports it under
	}
	switch e.Reason {
	case evFailedCreatePodSandBox, evFailedCreatePodContainer, evNetworkNotReady:
		return true
	case evFailedPodDataDirs:
		// "Failed" is also the reason of image pulls and container errors;
		// only the pod-level data-directory failure is a sandbox-phase one.
		return e.Container == "" && strings.HasPrefix(e.Message, "error making pod data directories")
	}
	return false
}

// isSandboxMessage is the kubelet's wording of a failed RunPodSandbox (older
// kubelets: "Failed create pod sandbox"), possibly after the event
// recorder's "(combined from similar events): ".
func isSandboxMessage(msg string) bool {
	msg = strings.TrimPrefix(msg, "(combined from similar events): ")
	return hasPrefixFold(msg, "Failed to create pod sandbox") || hasPrefixFold(msg, "Failed create pod sandbox")
}

// isSandboxTimeoutEvent adds the pod-worker and status events that carry the
// runtime's deadline errors (seed 004: FailedSync "error determining status:
// rpc error: code = DeadlineExceeded" follows FailedCreatePodSandBox).
func isSandboxTimeoutEvent(e *Event) bool {
	return isSandboxFailure(e) || e.Reason == evFailedSync || e.Reason == evFailedPodSandBoxStatus
}

// sandboxBlocked reports whether the pod is in the phase in which sandbox,
// network and runtime failures can be what blocks it: bound to a node, no
// container running, none waiting on a reason of its own, none terminated with
// an error. It is c.SandboxPending() widened to the restart case: after a node
// reboot every container shows a last termination, yet the new sandbox is what
// fails; the event-time check (sandboxSince) keeps that from reviving old events.
func sandboxBlocked(c *Context) bool {
	if c.Pod.Spec.NodeName == "" {
		return false
	}
	if c.SandboxPending() {
		return true
	}
	for _, x := range c.Containers {
		st := x.Status
		if st == nil {
			continue
		}
		if st.State.Running != nil {
			return false
		}
		if t := st.State.Terminated; t != nil && t.ExitCode != 0 {
			return false
		}
		if w := st.State.Waiting; w != nil && w.Reason != "" && w.Reason != "ContainerCreating" && w.Reason != "PodInitializing" {
			return false
		}
	}
	return true
}

// sandboxSince returns the time from which pod-level sandbox events are
// current, and false when the pod is not blocked in the sandbox phase at all.
func sandboxSince(c *Context) (time.Time, bool) {
	return blockedSince(c, isSandboxTimeoutEvent)
}

// blockedSince is the window in which failure events (sandbox, mount) still
// explain a pod blocked before its containers run: newer than the last
// container start, and within the restart window of the newest such failure
// (the kubelet retries with a back-off of at most five minutes, so a cause
// that still holds keeps reporting itself). False when the pod is not blocked.
func blockedSince(c *Context, isFailure func(*Event) bool) (time.Time, bool) {
	if !sandboxBlocked(c) {
		return time.Time{}, false
	}
	since := c.RunningSince()
	for i := range c.Events {
		e := &c.Events[i]
		if !since.IsZero() && e.Last.Before(since) {
			break
		}
		if isFailure(e) {
			if w := e.Last.Add(-c.Opts.RestartWindow); w.After(since) {
				since = w
			}
			break
		}
	}
	return since, true
}

// findSandboxEvent returns the newest current pod-level event accepted by
// isKind whose message satisfies match.
func findSandboxEvent(c *Context, isKind func(*Event) bool, match func(string) bool) (Event, bool) {
	since, ok := sandboxSince(c)
	if !ok {
		return Event{}, false
	}
	return newestEventSince(c, since, isKind, match)
}

// newestEventSince returns the newest event seen at or after since that
// isKind accepts and whose message satisfies match.
func newestEventSince(c *Context, since time.Time, isKind func(*Event) bool, match func(string) bool) (Event, bool) {
	for i := range c.Events {
		e := &c.Events[i]
		if !since.IsZero() && e.Last.Before(since) {
			break
		}
		if isKind(e) && match(e.Message) {
			return *e, true
		}
	}
	return Event{}, false
}

// firstSeen is the earliest first timestamp among the current events that
// isKind and match accept: the kubelet starts a new event when the wording
// changes (another IP, another sandbox ID), and the cause dates from the first.
func firstSeen(c *Context, isKind func(*Event) bool, match func(string) bool, since time.Time) time.Time {
	from, ok := sandboxSince(c)
	if !ok {
		return since
	}
	for i := range c.Events {
		e := &c.Events[i]
		if !from.IsZero() && e.Last.Before(from) {
			break
		}
		if isKind(e) && match(e.Message) {
			since = earliest(since, e.First)
		}
	}
	return since
}

// newestSandboxFailure returns the newest current sandbox failure event.
func newestSandboxFailure(c *Context) (Event, bool) {
	return findSandboxEvent(c, isSandboxFailure, anyMessage)
}

func anyMessage(string) bool { return true }

// Container-level start failures: the waiting reasons the kubelet sets when
// the runtime refused to create or start a container, and the termination
// reasons the runtimes record when the process never ran.
var (
	startFailWaiting    = []string{"CreateContainerError", "RunContainerError", "StartError", "ContainerCannotRun"}
	startFailTerminated = []string{"StartError", "ContainerCannotRun"}
)

// containerStartFailure returns the runtime's message when x is, right now,
// failing to be created or started, and whether it came from a termination.
// A CrashLoopBackOff counts when the run it backs off from never started
// (last termination StartError / ContainerCannotRun).
func containerStartFailure(c *Context, x Container) (msg string, term bool, ok bool) {
	st := x.Status
	if st == nil {
		return "", false, false
	}
	if w := st.State.Waiting; w != nil {
		if hasString(startFailWaiting, w.Reason) {
			if w.Message != "" {
				return w.Message, false, true
			}
			return startFailureFallback(c, x)
		}
		if w.Reason == "CrashLoopBackOff" {
			if t := st.LastTerminationState.Terminated; t != nil && hasString(startFailTerminated, t.Reason) {
				return t.Message, true, true
			}
		}
		return "", false, false
	}
	if t := st.State.Terminated; t != nil && hasString(startFailTerminated, t.Reason) {
		return t.Message, true, true
	}
	return "", false, false
}

// startFailureFallback reads the cause of a create / start failure whose
// waiting state carries no message (as some kubelets and status writers leave
// RunContainerError / CreateContainerError): the last termination of a run
// that never started (StartError, or the runtime's exit 128 with a message),
// else the kubelet's newest "Error: ..." event about the container.
func startFailureFallback(c *Context, x Container) (string, bool, bool) {
	if t := x.LastTerminated(); t != nil && t.Message != "" && (hasString(startFailTerminated, t.Reason) || t.ExitCode == 128) {
		return t.Message, true, true
	}
	if e, ok := containerEvent(c, x); ok && !isReasonEcho(e.Message) {
		return e.Message, false, true
	}
	return "", false, false
}

// isReasonEcho: "Error: ErrImagePull", "Error: ImagePullBackOff" repeat a
// waiting reason and say nothing of the cause.
func isReasonEcho(msg string) bool {
	return !strings.ContainsAny(strings.TrimPrefix(msg, "Error: "), " :")
}

// startFailureEvidence renders the container's current state (and the failed
// run it backs off from).
func startFailureEvidence(x Container, term bool) []string {
	var ev []string
	if r, _ := x.Waiting(); r != "" {
		ev = append(ev, WaitingEvidence(x))
		if t := x.LastTerminated(); t != nil && term {
			ev = append(ev, TerminatedEvidence(x, "last state", t))
		}
		return ev
	}
	if t := x.Terminated(); t != nil {
		ev = append(ev, TerminatedEvidence(x, "state", t))
	}
	return ev
}

// startFailureSince is when the container's failure was last seen happening.
func startFailureSince(x Container) time.Time {
	if t := x.RecentTermination(); t != nil {
		return firstTime(t.FinishedAt.Time, t.StartedAt.Time)
	}
	return time.Time{}
}

// containerEvent returns the newest "Error: ..." event about x (the
// kubelet's Failed event for create / start failures; any Warning reason, as
// some distributions report it under their own).
func containerEvent(c *Context, x Container) (Event, bool) {
	for i := range c.Events {
		e := &c.Events[i]
		if e.Container == x.Name && (e.Reason == "Failed" || e.Type == "Warning") && strings.HasPrefix(e.Message, "Error: ") {
			return *e, true
		}
	}
	return Event{}, false
}

// runtimeCause finds the current runtime failure whose message satisfies
// match: a container's create / start failure first (it is the more precise
// fact), then the pod-level sandbox failure events. It returns the finding
// (container, evidence, since) and the raw message; Vars are left to the rule.
func runtimeCause(c *Context, match func(string) bool) (Finding, string, bool) {
	return runtimeCauseIn(c, isSandboxFailure, match)
}

// runtimeCauseIn is runtimeCause with the pod-level event kinds chosen by isKind.
func runtimeCauseIn(c *Context, isKind func(*Event) bool, match func(string) bool) (Finding, string, bool) {
	for _, x := range c.Containers {
		msg, term, ok := containerStartFailure(c, x)
		if !ok || !match(msg) {
			continue
		}
		f := Finding{Since: startFailureSince(x), Evidence: startFailureEvidence(x, term)}.InContainer(x)
		if e, ok := containerEvent(c, x); ok {
			f.Evidence = append(f.Evidence, EventEvidence(e))
			f.Since = earliest(f.Since, e.First) // the first failed start, not the latest
		}
		return f, msg, true
	}
	if e, ok := findSandboxEvent(c, isKind, match); ok {
		f := sandboxFinding(c, e)
		f.Since = firstSeen(c, isKind, match, f.Since)
		return f, e.Message, true
	}
	return Finding{}, "", false
}

// sandboxFinding is the finding for a pod-level sandbox event: the event, and
// the SandboxChanged churn next to it when there is one.
func sandboxFinding(c *Context, e Event) Finding {
	f := Finding{Since: e.First, Evidence: []string{EventEvidence(e)}}
	if sc, ok := c.LatestEvent(e.First.Add(-c.Opts.RestartWindow), evSandboxChanged); ok {
		f.Evidence = append(f.Evidence, EventEvidence(sc))
	}
	return f
}

// runtimeErrorText strips the wrappers the kubelet and the CRI add around
// the runtime's own words, so a summary shows the error, not the plumbing:
// "(combined from similar events): Failed to create pod sandbox: rpc error:
// code = Unknown desc = X" becomes "X".
func runtimeErrorText(msg string) string { return errorText(runtimeErrorBody(msg)) }

// runtimeErrorBody is runtimeErrorText before it is shortened for a summary.
func runtimeErrorBody(msg string) string {
	s := oneLine(msg)
	for _, p := range runtimeErrorPrefixes {
		if p == logrusMarker {
			s = logrusMessage(s)
			continue
		}
		s = strings.TrimPrefix(s, p)
		s = trimRPCStatus(s)
	}
	// Wrappers that only name the sandbox or pod: `failed to setup network
	// for sandbox "<id>": X` says no more than X.
	for _, w := range sandboxWrappers {
		if strings.HasPrefix(s, w) {
			if i := strings.Index(s[len(w):], `": `); i >= 0 {
				s = s[len(w)+i+len(`": `):]
			}
		}
	}
	s = strings.TrimPrefix(s, "Error response from daemon: ")
	return strings.TrimSuffix(s, ": unknown")
}

// sandboxWrappers are the runtimes' "<what> "<id or pod>": <cause>" wrappers.
var sandboxWrappers = []string{
	`failed to setup network for sandbox "`,
	`failed to set up sandbox container "`,
	`failed to create a sandbox for pod "`,
	`failed to start sandbox container for pod "`,
}

// errorText finishes an error for a summary: container IDs cut to the
// 12 characters `docker ps` shows, and the length bounded by cutting the
// outer wrappers, not the cause.
func errorText(s string) string {
	return truncateLeft(shortenIDs(strings.TrimSpace(s)), 160)
}

// shortenIDs cuts every run of 40 or more hex digits (container, sandbox and
// image IDs) to its first 12; it allocates only when there is one.
func shortenIDs(s string) string {
	var b []byte
	run, last := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && isHexDigit(s[i]) {
			run++
			continue
		}
		if run >= 40 {
			if b == nil {
				b = make([]byte, 0, len(s))
			}
			start := i - run
			b = append(b, s[last:start+12]...)
			last = i
		}
		run = 0
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

func isHexDigit(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }

// truncateLeft shortens s to at most n bytes by cutting its beginning: runtime
// errors nest outermost first, so the cause is at the end ("...: no space
// left on device"). The cut starts at a word when one is near, marked "…".
func truncateLeft(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ell = "…"
	start := len(s) - n + len(ell)
	for start < len(s) && !runeStart(s[start]) {
		start++
	}
	if i := strings.IndexByte(s[start:], ' '); i >= 0 && i < 24 {
		start += i + 1
	}
	return ell + s[start:]
}

// trimRPCStatus removes a gRPC status prefix of any code ("rpc error: code =
// DeadlineExceeded desc = "; numeric codes in old runtimes): the code is
// plumbing, the description is the runtime's error.
func trimRPCStatus(s string) string {
	const head, desc = "rpc error: code = ", " desc = "
	if !strings.HasPrefix(s, head) {
		return s
	}
	if i := strings.Index(s, desc); i >= 0 && !strings.Contains(s[len(head):i], " ") {
		return s[i+len(desc):]
	}
	return s
}

// logrusMessage turns `time="..." level=error msg="X"` into X.
func logrusMessage(s string) string {
	const msg = ` msg="`
	if !strings.HasPrefix(s, logrusMarker) {
		return s
	}
	i := strings.Index(s, msg)
	if i < 0 {
		return s
	}
	return strings.ReplaceAll(strings.TrimSuffix(s[i+len(msg):], `"`), `\"`, `"`)
}

// runtimeErrorPrefixes are stripped in this order (each at most once).
var runtimeErrorPrefixes = []string{
	"(combined from similar events): ",
	"Failed to create pod sandbox: ",
	"Failed create pod sandbox: ",
	"unable to ensure pod container exists: ",
	"error making pod data directories: ",
	"Error: ",
	"rpc error: code = Unknown desc = ",
	"network is not ready: ",
	"container runtime network not ready: ",
	// containerd → runc chain around a container's start failure
	"failed to create containerd task: ",
	"failed to create shim task: ",
	// CRI-O: "container create failed: time=\"...\" level=error msg=\"runc create failed: ...\""
	"container create failed: ",
	logrusMarker,
	"OCI runtime create failed: ",
	"runc create failed: ",
	"unable to start container process: ",
}

// logrusMarker stands for runc's logrus line that CRI-O quotes whole
// (`time="2024-07-09T08:31:12Z" level=error msg="..."`): runtimeErrorText
// keeps only the message, unquoted.
const logrusMarker = `time="`

// containsAny reports whether s contains one of the needles. The runtimes'
// wordings are fixed, so the needles are exact (with their capitalised
// variants listed) and the no-match path does not allocate.
func containsAny(s string, needles []string) bool {
	for _, n := range needles {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

// quoted returns the text between the double quotes that follow marker in s
// (marker included the opening quote, e.g. `sandbox image "`), or "".
func quoted(s, marker string) string {
	i := strings.Index(s, marker)
	if i < 0 {
		return ""
	}
	rest := s[i+len(marker):]
	j := strings.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return strings.TrimSuffix(rest[:j], `\`)
}
