package diagnosis

// ruleSandboxCreateTimeout recognises sandbox creation cut off by the
// kubelet's runtime-request deadline (seed 004: `Failed create pod sandbox:
// rpc error: code = DeadlineExceeded desc = context deadline exceeded`, often
// followed by FailedSync `error determining status: rpc error: code =
// DeadlineExceeded`; seed 001: `operation timeout: context deadline exceeded`).
// The runtime is alive but slow: most often the CNI plugin hangs (IPAM or the
// API server unreachable from it), or the node is overloaded. It is the last
// sandbox rule: every more specific cause above outranks a bare timeout.
var ruleSandboxCreateTimeout = Rule{Reason: "SandboxCreateTimeout", Check: checkSandboxCreateTimeout}

func checkSandboxCreateTimeout(c *Context) (Finding, bool) {
	e, ok := findSandboxEvent(c, isSandboxTimeoutEvent, isTimeout)
	if !ok {
		return Finding{}, false
	}
	f := sandboxFinding(c, e)
	f.Vars = Vars{"error": runtimeErrorText(e.Message)}
	return f, true
}

var timeoutNeedles = []string{
	"DeadlineExceeded", "context deadline exceeded", "operation timeout",
	"retrying requests that are timing out",
}

func isTimeout(msg string) bool { return containsAny(msg, timeoutNeedles) }
