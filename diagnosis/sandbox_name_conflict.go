package diagnosis

import "strings"

// ruleContainerNameConflict recognises a runtime refusing a sandbox or
// container name that something on the node already holds. Two shapes:
//   - dockershim (seed 001, 存在同名容器): `Conflict. The container name
//     "/k8s_POD_..." is already in use by container "30aa...". You have to
//     remove (or rename) that container` — a leftover container that only
//     removing it fixes;
//   - containerd `failed to reserve sandbox name "x": name "x" is reserved for
//     "id"` and CRI-O `error reserving pod name x for id y` with no deadline
//     before them: a sandbox of the same pod attempt the runtime still holds
//     (recovered after a reboot, or an attempt stuck in the runtime).
//
// A reservation that follows a deadline is the runtime still working on the
// attempt that timed out: that is SandboxCreateTimeout, and this rule steps
// aside. Docker's conflict is a leftover container whatever came before it
// (seed 001 shows the timeout first and the conflict after it, and names the
// conflict).
var ruleContainerNameConflict = Rule{Reason: ReasonContainerNameConflict, Check: checkContainerNameConflict}

func checkContainerNameConflict(c *Context) (Finding, bool) {
	// A sandbox name held by an earlier request of the runtime itself that hit
	// the deadline: that request is still running, and the cause is the slow
	// sandbox creation (SandboxCreateTimeout), not a conflict.
	if res, ok := findSandboxEvent(c, isSandboxFailure, isNameReservation); ok {
		if _, timedOut := reservingDeadline(c, res); timedOut {
			return Finding{}, false
		}
	}
	f, msg, ok := runtimeCause(c, isNameConflict)
	if !ok {
		return Finding{}, false
	}
	f.Vars = Vars{"name": conflictingName(msg, c.Pod.Name), "holder": nameHolder(msg)}
	if !strings.Contains(msg, "already in use by container") {
		// A reservation held by an in-flight request is released when it ends.
		f.Severity = SeverityWarning
	}
	return f, true
}

var nameConflictNeedles = []string{
	"is already in use by container",
	"failed to reserve sandbox name", "failed to reserve container name",
	"error reserving pod name", "error reserving ctr name",
	"is reserved for",
}

func isNameConflict(msg string) bool {
	// CRI-O says outright when the reservation is only the shadow of a
	// request that timed out under load: that is a timeout, not a conflict.
	return containsAny(msg, nameConflictNeedles) && !strings.Contains(msg, "retrying requests that are timing out")
}

// nameHolder is the ID of what holds the name: Docker's container, the
// sandbox containerd reserved it for, or CRI-O's request id.
func nameHolder(msg string) string {
	id := quoted(msg, `in use by container "`)
	if id == "" {
		id = quoted(msg, `is reserved for "`)
	}
	if id == "" {
		id = afterWord(msg, " for id ")
	}
	if id == "" {
		return "?"
	}
	return shortenIDs(id)
}

// conflictingName extracts the contested name, falling back to the pod's.
func conflictingName(msg, pod string) string {
	for _, m := range []string{`container name "`, `sandbox name "`, `name "`, `container name \"`} {
		if n := quoted(msg, m); n != "" {
			return n
		}
	}
	for _, m := range []string{"error reserving pod name ", "error reserving ctr name "} {
		if i := strings.Index(msg, m); i >= 0 {
			rest := msg[i+len(m):]
			if j := strings.IndexByte(rest, ' '); j > 0 {
				return rest[:j]
			}
		}
	}
	return pod
}
