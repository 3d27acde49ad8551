package diagnosis

import "strings"

// ruleSandboxCreateTimeout recognises sandbox creation cut off by the
// kubelet's runtime-request deadline (seed 004: `Failed create pod sandbox:
// rpc error: code = DeadlineExceeded desc = context deadline exceeded`, often
// followed by FailedSync `error determining status: rpc error: code =
// DeadlineExceeded`; seed 001: `operation timeout: context deadline exceeded`),
// and the name reservations such a deadline leaves behind (reservingDeadline).
// The runtime is alive but slow: most often the CNI plugin hangs (IPAM or the
// API server unreachable from it), or the node is overloaded. It is the last
// sandbox rule: every more specific cause above outranks a bare timeout.
var ruleSandboxCreateTimeout = Rule{Reason: ReasonSandboxCreateTimeout, Check: checkSandboxCreateTimeout}

func checkSandboxCreateTimeout(c *Context) (Finding, bool) {
	// The sandbox failure itself is the better evidence; FailedSync /
	// FailedPodSandBoxStatus only echo the deadline (seed 004 lists both).
	e, ok := findSandboxEvent(c, isSandboxFailure, isTimeout)
	if !ok {
		e, ok = findSandboxEvent(c, isSandboxTimeoutEvent, isTimeout)
	}
	res, reserved := findSandboxEvent(c, isSandboxFailure, isNameReservation)
	if !ok && reserved {
		// The reservations can go on long after the deadline that caused
		// them dropped out of the window: look back to the last start.
		e, ok = reservingDeadline(c, res)
	}
	if !ok {
		return Finding{}, false
	}
	f := sandboxFinding(c, e)
	f.Since = firstSeen(c, isSandboxTimeoutEvent, isTimeout, f.Since)
	if reserved && !sameEvent(res, e) {
		f.Evidence = append(f.Evidence, EventEvidence(res))
	}
	if s, ok := findSandboxEvent(c, isStatusEvent, isTimeout); ok && s.Reason != e.Reason {
		f.Evidence = append(f.Evidence, EventEvidence(s))
	}
	text := runtimeErrorText(e.Message)
	if i := strings.Index(e.Message, "Kubelet may be retrying requests"); i >= 0 {
		// CRI-O's own diagnosis is the useful part; the name it reserved is noise.
		text, _, _ = strings.Cut(e.Message[i:], ":")
	}
	f.Vars = Vars{"error": text}
	return f, true
}

var timeoutNeedles = []string{
	"DeadlineExceeded", "context deadline exceeded", "operation timeout",
	"retrying requests that are timing out",
}

func isTimeout(msg string) bool { return containsAny(msg, timeoutNeedles) }

// reservingDeadline is the deadline event behind a name reservation: a
// sandbox deadline seen since the pod last ran, no later than the reservation.
// containerd (internal/registrar "name %q is reserved for %q") and CRI-O
// ("error reserving pod name %s for id %s") keep the sandbox name reserved
// while the request that timed out in the kubelet is still running, and
// refuse every retry until it ends.
func reservingDeadline(c *Context, reservation Event) (Event, bool) {
	d, ok := newestEventSince(c, c.RunningSince(), isSandboxTimeoutEvent, isTimeout)
	if !ok || d.First.After(reservation.Last) {
		return Event{}, false
	}
	return d, true
}

// sameEvent: CRI-O words the deadline and the reservation in one message.
func sameEvent(a, b Event) bool {
	return a.Reason == b.Reason && a.Message == b.Message && a.First.Equal(b.First)
}

// isNameReservation: the runtime refuses the sandbox name because a request
// of its own holds it (not Docker's "already in use by container", a leftover).
func isNameReservation(msg string) bool { return containsAny(msg, nameReservationNeedles) }

var nameReservationNeedles = []string{"failed to reserve sandbox name", "is reserved for", "error reserving pod name"}

func isStatusEvent(e *Event) bool {
	return e.Reason == evFailedSync || e.Reason == evFailedPodSandBoxStatus
}
