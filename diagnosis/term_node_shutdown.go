package diagnosis

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// ruleNodeShutdown: the kubelet's graceful node shutdown manager
// (pkg/kubelet/nodeshutdown/nodeshutdown_manager_linux.go) stopped the pod
// because its node was shutting down — a spot / preemptible VM reclaimed, a
// maintenance reboot, a scale-down. Two shapes, both phase Failed:
//
//	terminated: reason "Terminated", "Pod was terminated in response to imminent node shutdown."
//	            (1.20: reason "Shutdown", "Node is shutting, evicting pods"), DisruptionTarget TerminationByKubelet
//	refused:    reason "NodeShutdown", "Pod was rejected: Pod was rejected as the node is shutting down."
//	            (kubelet rejectPod; before 1.23 "Pod Pod was rejected ..."; 1.20: reason "Shutdown",
//	            "Pod Node is in progress of shutting down, not admitting any new pods")
//
// Neither is a fault of the pod: its owner recreates it on another node and
// the Failed pod stays as a record. It runs before NodeAdmissionRejected, which
// would otherwise take the refusal for a scheduler / kubelet disagreement.
var ruleNodeShutdown = Rule{Reason: ReasonNodeShutdown, Check: checkNodeShutdown}

// kubeletNodeShutdown is the kubelet's own status and event reason for a pod
// refused on a node shutting down. It is spelled like our code, but it is the
// API's value: the two must be free to differ.
const kubeletNodeShutdown = "NodeShutdown"

func checkNodeShutdown(c *Context) (Finding, bool) {
	pod := c.Pod
	if pod.Status.Phase != corev1.PodFailed {
		return Finding{}, false
	}
	refused, ok := nodeShutdownStatus(pod.Status.Reason, pod.Status.Message)
	if !ok {
		return Finding{}, false
	}
	how := phrase.ShutdownTerminated
	if refused {
		how = phrase.ShutdownRefused
	}
	repl, owned := termReplacement(c)
	f := Finding{
		Vars:     Vars{"how": c.say(how), "replacement": repl},
		Evidence: []string{termStatusEvidence(pod)},
		Since:    c.failedAt(),
	}
	if cond, ok := c.termDisruption(); ok {
		f.Evidence = append(f.Evidence, termConditionEvidence(cond))
		f.Since = firstTime(cond.LastTransitionTime.Time, f.Since)
	}
	if e, ok := c.LatestEvent(pod.CreationTimestamp.Time, kubeletNodeShutdown); ok {
		f.Evidence = append(f.Evidence, EventEvidence(e))
		f.Since = e.First
	}
	if n := c.termNode(); n.Cond != nil && n.Ready != corev1.ConditionTrue {
		f.Evidence = append(f.Evidence, nodeReadyEvidence(pod.Spec.NodeName, n.Cond))
	}
	f.Evidence = append(f.Evidence, ownerEvidence(pod))
	if !owned {
		f.Severity = SeverityCritical // nothing recreates a bare pod
	}
	return f, true
}

// nodeShutdownStatus reports whether a Failed pod's status reason and message
// are the shutdown manager's, and whether the pod was refused (not stopped).
func nodeShutdownStatus(reason, msg string) (refused, ok bool) {
	switch reason {
	case kubeletNodeShutdown:
		return true, true
	case "Terminated", "Shutdown":
		// "Terminated" is generic enough that only the message makes it the
		// shutdown manager's.
		if !containsFold(msg, "shutdown") && !containsFold(msg, "shutting") {
			return false, false
		}
		return strings.Contains(msg, "not admitting"), true
	}
	return false, false
}
