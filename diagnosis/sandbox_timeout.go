package diagnosis

import "strings"

// ruleSandboxCreateTimeout recognises sandbox creation cut off by the
// kubelet's runtime-request deadline (seed 004: `Failed create pod sandbox:
// rpc error: code = DeadlineExceeded desc = context deadline exceeded`, often
// followed by FailedSync `error determining status: rpc error: code =
// DeadlineExceeded`; seed 001: `operation timeout: context deadline exceeded`).
// The runtime is alive but slow: most often the CNI plugin hangs (IPAM or the
// API server unreachable from it), or the node is overloaded. It is the last
// sandbox rule: every more specific cause above outranks a bare timeout.
var ruleSandboxCreateTimeout = Rule{Reason: ReasonSandboxCreateTimeout, Check: checkSandboxCreateTimeout}

func checkSandboxCreateTimeout(c *Context) (Finding, bool) {
	// The sandbox failure itself is the better evidence; FailedSync /
	// FailedPodSandBoxStatus only echo the deadline (seed 004 lists both).
	e, ok := findSandboxEvent(c, isSandboxFailure, isTimeout)
	if !ok {
		if e, ok = findSandboxEvent(c, isSandboxTimeoutEvent, isTimeout); !ok {
			return Finding{}, false
		}
	}
	f := sandboxFinding(c, e)
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

func isStatusEvent(e *Event) bool {
	return e.Reason == evFailedSync || e.Reason == evFailedPodSandBoxStatus
}
