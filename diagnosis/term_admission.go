package diagnosis

import (
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
var ruleNodeAdmissionRejected = Rule{Reason: "NodeAdmissionRejected", Check: checkNodeAdmissionRejected}

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
			"meaning":     admissionMeaning(reason).In(c.Opts.Lang),
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
	if o := termOwner(pod); o != nil {
		f.Evidence = append(f.Evidence, "owner "+o.Kind+"/"+o.Name)
	} else {
		f.Evidence = append(f.Evidence, "no ownerReferences: bare pod")
	}
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
func admissionMeaning(reason string) Text {
	switch {
	case strings.HasPrefix(reason, "OutOf"):
		res := strings.TrimPrefix(reason, "OutOf")
		return Text{
			EN: "the node had less " + res + " left than the pod requests, though the scheduler thought it fitted",
			ZH: "节点剩余的 " + res + " 少于 Pod 的 request，尽管调度器认为放得下"}
	case reason == "NodeAffinity" || reason == "MatchNodeSelector":
		return Text{
			EN: "the node's labels no longer match the pod's nodeSelector / required node affinity",
			ZH: "节点的标签已不再满足 Pod 的 nodeSelector / 必需的节点亲和性"}
	case reason == "NodeName" || reason == "HostName":
		return Text{EN: "spec.nodeName does not name this node", ZH: "spec.nodeName 与该节点不符"}
	case reason == "NodePorts" || reason == "PodFitsHostPorts":
		return Text{EN: "a hostPort the pod asks for is already taken on the node", ZH: "Pod 要用的 hostPort 在节点上已被占用"}
	case reason == "UnexpectedAdmissionError":
		return Text{
			EN: "the kubelet could not allocate a device or resource (often right after a kubelet or device-plugin restart)",
			ZH: "kubelet 无法分配设备或资源（常见于 kubelet 或设备插件刚重启之后）"}
	case reason == "SysctlForbidden":
		return Text{
			EN: "the pod sets sysctls the kubelet does not allow (--allowed-unsafe-sysctls)",
			ZH: "Pod 设置了 kubelet 未放行的 sysctl（--allowed-unsafe-sysctls）"}
	case reason == "TopologyAffinityError":
		return Text{
			EN: "the topology manager could not align CPUs / devices on one NUMA node",
			ZH: "拓扑管理器无法把 CPU / 设备对齐到同一个 NUMA 节点"}
	}
	return Text{EN: "the kubelet's admission check failed", ZH: "kubelet 的准入检查未通过"}
}
