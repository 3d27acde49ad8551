package diagnosis

import (
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Texts shared by the scheduling rules: the per-reason breakdown, the
// evidence lines, what the automatic taints mean. Rules build these only once
// they match, so the allocations here never hit a pod they do not describe.

// breakdown keeps the scheduler's full count, most nodes first:
// "0/4 nodes: 3 Insufficient memory, 2 Insufficient cpu, 1 volume zone".
func (s *Scheduling) breakdown(lang Lang) string {
	var sorted [len(Scheduling{}.buf)]SchedCause
	n := copy(sorted[:], s.Causes)
	for i := 1; i < n; i++ { // stable insertion sort, most nodes first
		for j := i; j > 0 && sorted[j].Nodes > sorted[j-1].Nodes; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	var b strings.Builder
	sep := ", "
	if lang == LangZH {
		sep = "，"
	}
	if s.Total >= 0 {
		b.WriteString("0/")
		b.WriteString(strconv.Itoa(s.Total))
		if lang == LangZH {
			b.WriteString(" 个节点：")
		} else {
			b.WriteString(" nodes: ")
		}
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		sc := sorted[i]
		if sc.Nodes > 0 {
			b.WriteString(strconv.Itoa(sc.Nodes))
			b.WriteByte(' ')
		}
		label := schedLabel(sc, lang)
		if lang == LangZH && sc.Nodes > 0 {
			b.WriteString("个")
			if label != "" && label[0] < 0x80 { // a space between Chinese and Latin
				b.WriteByte(' ')
			}
		}
		b.WriteString(label)
	}
	if n == 0 {
		b.WriteString(Truncate(oneLine(s.Message), 160))
	}
	return b.String()
}

// schedLabel is a reason's short name in the breakdown.
func schedLabel(sc SchedCause, lang Lang) string {
	zh := lang == LangZH
	pick := func(en, z string) string {
		if zh {
			return z
		}
		return en
	}
	switch sc.Code {
	case codeInsufficientResources:
		if !zh {
			if sc.Sub == "attachable-volumes" {
				return "max volume count"
			}
			return sc.Text
		}
		return schedResourceZH(sc.Sub) + "不足"
	case codeHostPortConflict:
		return pick("host port in use", "hostPort 被占用")
	case codeVolumeNodeAffinityConflict:
		if sc.Sub == "zone" {
			return pick("volume zone", "卷可用区不符")
		}
		return pick("volume node affinity conflict", "卷节点亲和性冲突")
	case codePVCNotBound:
		switch sc.Sub {
		case "bind":
			return pick("no persistent volume to bind", "无可绑定的 PV")
		case "storage":
			return pick("not enough free storage", "存储容量不足")
		case "lost":
			return pick("claim bound to a missing PV", "PVC 绑定的 PV 已不存在")
		}
		return Truncate(sc.Text, 120)
	case codeNoNodesAvailable:
		return pick("no nodes", "集群没有节点")
	case codeNodeSelectorMismatch:
		return pick("node affinity/selector mismatch", "nodeSelector/节点亲和性不匹配")
	case codeUntoleratedTaint:
		t := schedTaintsFromBraces(sc.Sub)
		if t == "" {
			return pick("untolerated taint", "未容忍的污点")
		}
		return pick("taint ", "污点 ") + t
	case codeNodeUnschedulable:
		return pick("cordoned", "已封锁(cordon)")
	case codeTopologySpreadUnsatisfied:
		if sc.Sub == "label" {
			return pick("topology label missing", "缺少拓扑标签")
		}
		return pick("topology spread", "拓扑分布约束不满足")
	case codePodAffinityUnsatisfied:
		switch sc.Sub {
		case "existing":
			return pick("existing pods' anti-affinity", "已有 Pod 的反亲和性")
		case "anti":
			return pick("pod anti-affinity", "Pod 反亲和性不满足")
		case "either":
			return pick("pod affinity/anti-affinity", "Pod 亲和/反亲和性不满足")
		}
		return pick("pod affinity", "Pod 亲和性不满足")
	}
	if sc.Kind == SchedIgnore {
		return pick("not this pod's node (prefilter)", "被预过滤排除")
	}
	return Truncate(sc.Text, 120)
}

// schedResourceZH names a resource the way the seeds do.
func schedResourceZH(r string) string {
	switch r {
	case "cpu":
		return "CPU "
	case "nvidia.com/gpu", "amd.com/gpu":
		return "GPU（" + r + "）"
	case "memory":
		return "内存"
	case "ephemeral-storage":
		return "临时存储"
	case "pods":
		return "可用 Pod 数"
	case "attachable-volumes":
		return "可挂载卷数"
	}
	return r + " "
}

// schedTaintsFromBraces turns the scheduler's "{key: value}" (or a list
// "k1: v1, k2: v2") into kubectl's "key=value" notation.
func schedTaintsFromBraces(sub string) string {
	sub = strings.TrimSpace(sub)
	if sub == "" {
		return ""
	}
	var b strings.Builder
	for _, kv := range strings.Split(sub, ", ") {
		k, v, _ := strings.Cut(kv, ":")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		if v != "" {
			b.WriteByte('=')
			b.WriteString(v)
		}
	}
	return b.String()
}

// schedTaintMeaning says what a well-known taint means. auto is true for the
// taints the node lifecycle controller adds from node conditions (and the
// cloud provider's): they go away when the node recovers.
type schedTaintMeaning struct {
	key, en, zh string
	auto        bool
}

// schedWellKnownTaints are the taints seed 001 lists (TaintNodesByCondition)
// plus kubeadm's control-plane taints, the ones people meet first.
var schedWellKnownTaints = [...]schedTaintMeaning{
	{corev1.TaintNodeNotReady, "node NotReady, Ready=False: kubelet, runtime or CNI unhealthy", "节点 NotReady，Ready=False：kubelet、容器运行时或 CNI 异常", true},
	{corev1.TaintNodeUnreachable, "node unreachable, Ready=Unknown: the kubelet stopped reporting", "节点失联，Ready=Unknown：kubelet 已停止上报状态", true},
	{corev1.TaintNodeMemoryPressure, "node under memory pressure, MemoryPressure=True", "节点内存压力大，可用内存很少，MemoryPressure=True", true},
	{corev1.TaintNodeDiskPressure, "node low on disk, DiskPressure=True", "节点磁盘空间不足，DiskPressure=True", true},
	{corev1.TaintNodePIDPressure, "node out of PIDs, PIDPressure=True", "节点进程太多，PID 不够用，PIDPressure=True", true},
	{corev1.TaintNodeNetworkUnavailable, "node network not configured, NetworkUnavailable=True", "节点网络未正确配置，NetworkUnavailable=True", true},
	{corev1.TaintNodeUnschedulable, "node cordoned, spec.unschedulable", "节点已被封锁（cordon），spec.unschedulable", true},
	{"node.cloudprovider.kubernetes.io/uninitialized", "cloud provider has not finished initialising the node", "云厂商尚未完成节点初始化", true},
	{"node.kubernetes.io/out-of-disk", "node out of disk, OutOfDisk=True", "节点磁盘空间不够，OutOfDisk=True", true},
	{"node-role.kubernetes.io/control-plane", "control-plane node, kept for system components", "控制面节点，默认只跑系统组件", false},
	{"node-role.kubernetes.io/master", "control-plane node, kept for system components", "控制面（master）节点，默认只跑系统组件", false},
}

func schedTaintInfo(key string) (schedTaintMeaning, bool) {
	for _, m := range schedWellKnownTaints {
		if m.key == key {
			return m, true
		}
	}
	return schedTaintMeaning{}, false
}

// schedConditionEvidence renders the PodScheduled condition as evidence.
func (c *Context) schedConditionEvidence() (string, bool) {
	cond, ok := c.Condition(corev1.PodScheduled)
	if !ok {
		return "", false
	}
	s := "condition PodScheduled=" + string(cond.Status)
	if cond.Reason != "" {
		s += " (" + cond.Reason + ")"
	}
	if cond.Message != "" {
		s += ": " + Truncate(oneLine(cond.Message), 400)
	}
	return s, true
}

// schedEvidence is the scheduler's verdict as the person saw it: the
// condition, then the newest FailedScheduling event.
func (c *Context) schedEvidence(s *Scheduling) []string {
	ev := make([]string, 0, 4)
	if s.FromCondition {
		if line, ok := c.schedConditionEvidence(); ok {
			ev = append(ev, line)
		}
	}
	if s.HasEvent {
		ev = append(ev, EventEvidence(s.Event))
	}
	return ev
}

// schedSince is when the pod was first seen unschedulable.
func (c *Context) schedSince(s *Scheduling) time.Time {
	var t time.Time
	if cond, ok := c.Condition(corev1.PodScheduled); ok {
		t = cond.LastTransitionTime.Time
	}
	if s.HasEvent && !s.Event.First.IsZero() && (t.IsZero() || s.Event.First.Before(t)) {
		t = s.Event.First
	}
	return t
}

// schedPick returns the text in the diagnosis language.
func schedPick(c *Context, en, zh string) string {
	if c.Opts.Lang == LangZH {
		return zh
	}
	return en
}
