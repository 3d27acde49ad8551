package diagnosis

import (
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// ruleNodeAdmissionRejected: the scheduler placed the pod, then the node's
// kubelet refused it (pkg/kubelet/lifecycle/predicate.go, kubelet.go
// rejectPod): phase Failed, status reason the failed check, message "Pod was
// rejected: <why>" (older kubelets: "Pod <why>"), and a Warning event with the
// same reason. The scheduler's view and the node's disagreed: node labels
// changed, the kubelet restarted and recounted, or spec.nodeName bypassed the
// scheduler (static or manually placed pods).
//
//	OutOfcpu      "Pod was rejected: Node didn't have enough resource: cpu, requested: 1000, used: 3500, capacity: 4000"
//	NodeAffinity  "Pod was rejected: Predicate NodeAffinity failed"
//	MatchNodeSelector "Pod Predicate MatchNodeSelector failed" (<=1.19; seed 004: "Pod 運行失敗，狀態為 MatchNodeSelector")
//	UnexpectedAdmissionError "Pod was rejected: Allocate failed due to ..., which is unexpected"
//	SysctlForbidden "Pod was rejected: forbidden sysctl: \"net.ipv4.tcp_keepalive_time\" not allowlisted"
//
// The pod itself never runs again: a controller creates a replacement, a bare
// pod must be recreated.
var ruleNodeAdmissionRejected = Rule{Reason: ReasonNodeAdmissionRejected, Check: checkNodeAdmissionRejected}

// admissionReasons are the kubelet's admission failure reasons besides OutOf<resource>.
var admissionReasons = []string{
	"NodeAffinity", "MatchNodeSelector", "NodeName", "NodePorts", "PodFitsHostPorts", "HostName",
	"UnexpectedAdmissionError", "UnexpectedPredicateFailureType", "UnknownReason", "InvalidNodeInfo",
	"SysctlForbidden", "TopologyAffinityError", "AppArmor", "PodOSSelectorNodeLabelDoesNotMatch",
	"PodOSNotSupported", "InitContainerRestartPolicyForbidden", "SupplementalGroupsPolicyNotSupported",
}

// admissionReason reports whether a Failed pod's status reason is a kubelet admission rejection.
func admissionReason(pod *corev1.Pod) bool {
	r := pod.Status.Reason
	if r == "" || r == "Evicted" || r == "Preempting" || r == "NodeLost" || r == "DeadlineExceeded" {
		return false
	}
	return strings.HasPrefix(r, "OutOf") || hasString(admissionReasons, r) ||
		strings.HasPrefix(pod.Status.Message, "Pod was rejected: ")
}

func checkNodeAdmissionRejected(c *Context) (Finding, bool) {
	pod := c.Pod
	if pod.Status.Phase != corev1.PodFailed || !admissionReason(pod) {
		return Finding{}, false
	}
	reason := pod.Status.Reason
	repl, owned := termReplacement(c)
	f := Finding{
		Vars: Vars{
			"reason":      reason,
			"meaning":     admissionMeaning(c, reason),
			"detail":      admissionDetail(pod.Status.Message),
			"replacement": repl,
		},
		Evidence: []string{termStatusEvidence(pod)},
		Since:    c.failedAt(),
	}
	if e, ok := c.LatestEvent(pod.CreationTimestamp.Time, reason); ok {
		f.Evidence = append(f.Evidence, EventEvidence(e))
	}
	if e, ok := c.LatestEvent(pod.CreationTimestamp.Time, "Scheduled"); ok {
		f.Evidence = append(f.Evidence, EventEvidence(e))
	}
	f.Evidence = append(f.Evidence, ownerEvidence(pod))
	if !owned {
		f.Severity = SeverityCritical
	}
	return f, true
}

// admissionDetail is the kubelet's reason text without the "Pod was rejected: " prefix.
func admissionDetail(msg string) string {
	msg = strings.TrimSpace(oneLine(msg))
	msg = strings.TrimPrefix(msg, "Pod was rejected: ")
	msg = strings.TrimPrefix(msg, "Pod ")
	return Truncate(msg, 200)
}

// admissionMeaning says what the rejection reason means for the reader.
func admissionMeaning(c *Context, reason string) string {
	if res, ok := strings.CutPrefix(reason, "OutOf"); ok {
		return c.say(phrase.AdmissionOutOf, "resource", res)
	}
	if reason == "TopologyAffinityError" {
		return c.say(phrase.AdmissionTopology, "resources", topologyResources(c))
	}
	for _, m := range admissionMeanings {
		if hasString(m.reasons, reason) {
			return c.say(m.text)
		}
	}
	return c.say(phrase.AdmissionUnmatched)
}

// topologyResources names what the topology manager had to align for the pod
// (its message, "Resources cannot be allocated with Topology locality", does
// not say): exclusive CPUs (the static CPU manager gives them to Guaranteed
// pods with integer CPU requests), memory and hugepages (the static memory
// manager pins Guaranteed pods' memory), devices (extended resources).
func topologyResources(c *Context) string {
	var cpus, memory, hugepages bool
	var devices []string
	guaranteed := c.Pod.Status.QOSClass == corev1.PodQOSGuaranteed
	for _, x := range c.Containers {
		if x.Spec == nil {
			continue
		}
		for name, q := range x.Spec.Resources.Limits {
			switch {
			case name == corev1.ResourceCPU:
				cpus = cpus || guaranteed && q.MilliValue()%1000 == 0
			case name == corev1.ResourceMemory:
				memory = memory || guaranteed
			case strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix):
				hugepages = true
			case strings.Contains(string(name), "/") && !hasString(devices, string(name)):
				devices = append(devices, string(name))
			}
		}
	}
	var parts []string
	if cpus {
		parts = append(parts, c.say(phrase.TopologyCPUs))
	}
	if memory {
		parts = append(parts, c.say(phrase.TopologyMemory))
	}
	if hugepages {
		parts = append(parts, c.say(phrase.TopologyHugepages))
	}
	if len(devices) > 0 {
		sort.Strings(devices)
		parts = append(parts, c.say(phrase.TopologyDevices, "names", strings.Join(devices, ", ")))
	}
	if len(parts) == 0 {
		return c.say(phrase.TopologyUnknown)
	}
	return strings.Join(parts, c.say(phrase.TopologySep))
}
