package diagnosis

import (
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestParseSchedMessage: every FailedScheduling shape since 1.20 (and a few
// older ones still seen) → the exact reasons, counts and codes.
func TestParseSchedMessage(t *testing.T) {
	tests := []struct {
		msg   string
		total int
		want  string // "count|code|sub" per reason, joined by "; "
	}{
		// seed 001 (pre-1.20 wording that 1.20+ still prints)
		{"0/4 nodes are available: 1 node(s) had no available volume zone, 2 Insufficient cpu, 3 Insufficient memory.", 4,
			"1|VolumeNodeAffinityConflict|zone; 2|InsufficientResources|cpu; 3|InsufficientResources|memory"},
		// seed 002, with the preemption post-mortem (1.24+)
		{"0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.", 1,
			"1|InsufficientResources|cpu; 1|InsufficientResources|memory"},
		{"0/3 nodes are available: 1 Too many pods, 2 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.", 3,
			"1|InsufficientResources|pods; 2|InsufficientResources|nvidia.com/gpu"},
		{"0/5 nodes are available: 2 node(s) were unschedulable, 3 Insufficient pods.", 5,
			"2|NodeUnschedulable|; 3|InsufficientResources|pods"},
		{"0/2 nodes are available: 2 Insufficient ephemeral-storage.", 2, "2|InsufficientResources|ephemeral-storage"},
		{"0/2 nodes are available: 2 node(s) exceed max volume count.", 2, "2|InsufficientResources|attachable-volumes"},
		// taints, every generation
		{"0/1 nodes are available: 1 node(s) had taints that the pod didn't tolerate.", 1, "1|UntoleratedTaint|"},
		{"0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate, 2 Insufficient cpu.", 3,
			"1|UntoleratedTaint|node-role.kubernetes.io/master: ; 2|InsufficientResources|cpu"},
		{"0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.", 1,
			"1|UntoleratedTaint|node.kubernetes.io/unreachable: "},
		{"0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..", 1,
			"1|UntoleratedTaint|node-role.kubernetes.io/control-plane: "},
		{"0/2 nodes are available: 1 node(s) had taints {foo1: bar1, foo2: bar2} that the pod didn't tolerate, 1 node(s) didn't match node selector.", 2,
			"1|UntoleratedTaint|foo1: bar1, foo2: bar2; 1|NodeSelectorMismatch|"},
		{"0/27 nodes are available: 17 node(s) didn't match pod topology spread constraints (missing required label), 3 node(s) had untolerated taint(s), 7 Too many pods.", 27,
			"17|TopologySpreadUnsatisfied|label; 3|UntoleratedTaint|; 7|InsufficientResources|pods"},
		// node affinity, every generation
		{"0/6 nodes are available: 6 node(s) didn't match node selector.", 6, "6|NodeSelectorMismatch|"},
		{"0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity.", 2,
			"1|InsufficientResources|cpu; 1|NodeSelectorMismatch|"},
		{"0/14 nodes are available: 11 node(s) didn't match Pod's node affinity/selector, 3 node(s) were unschedulable. preemption: 0/14 nodes are available: 14 Preemption is not helpful for scheduling.", 14,
			"11|NodeSelectorMismatch|; 3|NodeUnschedulable|"},
		// inter-pod affinity, 1.20 and today
		{"0/4 nodes are available: 4 node(s) didn't match pod affinity/anti-affinity, 4 node(s) didn't match pod anti-affinity rules.", 4,
			"4|PodAffinityUnsatisfied|either; 4|PodAffinityUnsatisfied|anti"},
		{"0/5 nodes are available: 5 node(s) didn't match pod affinity/anti-affinity, 5 node(s) didn't satisfy existing pods anti-affinity rules.", 5,
			"5|PodAffinityUnsatisfied|either; 5|PodAffinityUnsatisfied|existing"},
		{"0/4 nodes are available: 4 node(s) didn't match pod affinity rules. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.", 4,
			"4|PodAffinityUnsatisfied|affinity"},
		// topology spread
		{"0/4 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..", 4,
			"1|TopologySpreadUnsatisfied|label"},
		{"0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.", 3, "3|TopologySpreadUnsatisfied|"},
		// host ports, with a DaemonSet's prefilter and a DRA post-filter message
		{"0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 2 node is filtered out by the prefilter result. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.", 3,
			"1|HostPortConflict|; 2||"},
		{"0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. no new claims to deallocate, preemption: 0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.", 1,
			"1|HostPortConflict|"},
		{"0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 node(s) didn't satisfy plugin(s) [NodeAffinity].", 2,
			"1|HostPortConflict|; 1||"},
		// volumes
		{"0/6 nodes are available: 6 node(s) had volume node affinity conflict.", 6, "6|VolumeNodeAffinityConflict|affinity"},
		{"0/2 nodes are available: 1 node(s) didn't match PersistentVolume's node affinity, 1 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.", 2,
			"1|VolumeNodeAffinityConflict|affinity; 1|UntoleratedTaint|"},
		{"0/1 nodes are available: 1 node(s) didn't find available persistent volumes to bind. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.", 1,
			"1|PVCNotBound|bind"},
		// pod-level (PreFilter) causes, with and without the pre-1.26 count
		{"0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..", 1,
			"0|PVCNotBound|"},
		{"0/4 nodes are available: 4 pod has unbound immediate PersistentVolumeClaims.", 4, "4|PVCNotBound|"},
		{`0/1 nodes are available: persistentvolumeclaim "jenkins-pv-claim" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.`, 1,
			"0|PVCNotBound|jenkins-pv-claim"},
		{`0/1 nodes are available: 1 persistentvolumeclaim "csi-pvc" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.`, 1,
			"1|PVCNotBound|csi-pvc"},
		{`error while running "VolumeBinding" filter plugin for pod "nacos-0": pod has unbound immediate PersistentVolumeClaims`, -1,
			"0|PVCNotBound|"}, // the quoted name is the pod's, not a claim
		{`running PreBind plugin "VolumeBinding": binding volumes: provisioning failed for PVC "data-0"`, -1, "0|PVCNotBound|data-0"},
		{"no nodes available to schedule pods", -1, "0|NoNodesAvailable|"},
		{"0/0 nodes are available.", 0, ""},
		// a scheduler this engine does not know: kept, never primary
		{"0/3 nodes are available: 3 node(s) didn't match Pod's required features.", 3, "3||"},
	}
	for _, tt := range tests {
		total := -1
		var buf [10]SchedCause
		got := parseSchedMessage(tt.msg, buf[:0], &total)
		parts := make([]string, 0, len(got))
		for _, sc := range got {
			parts = append(parts, fmt.Sprintf("%d|%s|%s", sc.Nodes, sc.Code, sc.Sub))
		}
		if s := strings.Join(parts, "; "); s != tt.want || total != tt.total {
			t.Errorf("%s\n got total %d %q\nwant total %d %q", tt.msg, total, s, tt.total, tt.want)
		}
	}
}

// TestSchedPrimary: design.md's three rules for choosing the primary cause.
func TestSchedPrimary(t *testing.T) {
	node := func(name string, labels map[string]string, unschedulable bool, taints ...corev1.Taint) *corev1.Node {
		return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
			Spec: corev1.NodeSpec{Unschedulable: unschedulable, Taints: taints}}
	}
	cp := corev1.Taint{Key: "node-role.kubernetes.io/control-plane", Effect: corev1.TaintEffectNoSchedule}
	gpu := corev1.Taint{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}
	ssd := map[string]string{"disktype": "ssd"}
	tests := []struct {
		name     string
		msg      string
		selector map[string]string
		nodes    []*corev1.Node
		want     Reason
	}{
		{"seed 001: fit causes, most nodes wins", "0/4 nodes are available: 1 node(s) had no available volume zone, 2 Insufficient cpu, 3 Insufficient memory.", nil, nil, ReasonInsufficientResources},
		{"fit outranks placement", "0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 2 node(s) didn't match node selector.", nil, nil, ReasonHostPortConflict},
		{"placement: most nodes", "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector.", nil, nil, ReasonNodeSelectorMismatch},
		{"placement tie: catalog order", "0/2 nodes are available: 1 node(s) had untolerated taint(s), 1 node(s) didn't match pod anti-affinity rules.", nil, nil, ReasonPodAffinityUnsatisfied},
		{"pod-level first", "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.", nil, nil, ReasonPVCNotBound},
		{"no nodes", "no nodes available to schedule pods", nil, nil, ReasonNoNodesAvailable},
		{"0/0", "0/0 nodes are available.", nil, nil, ReasonNoNodesAvailable},
		{"prefilter-excluded nodes are not a cause", "0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 2 node is filtered out by the prefilter result.", nil, nil, ReasonHostPortConflict},
		{"unknown reasons only", "0/3 nodes are available: 3 node(s) didn't match Pod's required features.", nil, nil, ""},
		{"rule 3: no node matches, taints hide it", "0/3 nodes are available: 3 node(s) had untolerated taint(s).", ssd,
			[]*corev1.Node{node("cp", nil, false, cp), node("g1", nil, false, gpu), node("g2", nil, false, gpu)}, ReasonNodeSelectorMismatch},
		{"rule 3: the matching node is tainted", "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint(s).", ssd,
			[]*corev1.Node{node("a", nil, false), node("b", ssd, false, gpu)}, ReasonUntoleratedTaint},
		{"rule 3: the matching nodes are cordoned", "0/4 nodes are available: 3 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable.", ssd,
			[]*corev1.Node{node("a", nil, false), node("b", nil, false), node("c", nil, false), node("d", ssd, true)}, ReasonNodeUnschedulable},
		{"rule 3: matching node, message older than a label change", "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.", ssd,
			[]*corev1.Node{node("a", ssd, false), node("b", nil, false)}, ReasonNodeSelectorMismatch},
	}
	for _, tt := range tests {
		pod := &corev1.Pod{Spec: corev1.PodSpec{NodeSelector: tt.selector}, Status: corev1.PodStatus{Phase: corev1.PodPending,
			Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable", Message: tt.msg}}}}
		c := newContext(Input{Pod: pod, Nodes: tt.nodes, Now: time.Unix(0, 0)}, DefaultOptions())
		if got := c.Scheduling().Primary; got != tt.want {
			t.Errorf("%s: primary %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSchedBreakdown(t *testing.T) {
	pod := &corev1.Pod{Status: corev1.PodStatus{Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse,
		Message: "0/4 nodes are available: 1 node(s) had no available volume zone, 2 Insufficient cpu, 3 Insufficient memory."}}}}
	c := newContext(Input{Pod: pod}, DefaultOptions())
	s := c.Scheduling()
	if got, want := s.breakdown(LangEN), "0/4 nodes: 3 Insufficient memory, 2 Insufficient cpu, 1 volume zone"; got != want {
		t.Errorf("breakdown %q, want %q", got, want)
	}
	if got, want := s.breakdown(LangZH), "0/4 个节点：3 个内存不足，2 个 CPU 不足，1 个卷可用区不符"; got != want {
		t.Errorf("breakdown zh %q, want %q", got, want)
	}
}

func TestSchedTaintsFromBraces(t *testing.T) {
	for in, want := range map[string]string{
		"node-role.kubernetes.io/master: ": "node-role.kubernetes.io/master",
		"special: true":                    "special=true",
		"foo1: bar1, foo2: bar2":           "foo1=bar1, foo2=bar2",
		"":                                 "",
	} {
		if got := schedTaintsFromBraces(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestKubectlAgeSched(t *testing.T) {
	for d, want := range map[time.Duration]string{
		45 * time.Second: "45s", 12 * time.Minute: "12m", 3*time.Hour + 5*time.Minute: "3h5m",
		2 * time.Hour: "2h", 52 * time.Hour: "2d4h",
	} {
		if got := kubectlAge(d); got != want {
			t.Errorf("%v: got %q, want %q", d, got, want)
		}
	}
}

// TestSchedPodRequest: what the scheduler reserves — the larger of the
// containers' sum (plus sidecars) and each init container (plus the sidecars
// started before it), plus overhead.
func TestSchedPodRequest(t *testing.T) {
	req := func(name, cpu string) corev1.Container {
		return corev1.Container{Name: name, Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu)}}}
	}
	always := corev1.ContainerRestartPolicyAlways
	sidecar := req("proxy", "500m")
	sidecar.RestartPolicy = &always
	limitOnly := corev1.Container{Name: "l", Resources: corev1.ResourceRequirements{
		Limits: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2")}}}
	tests := []struct {
		name     string
		init     []corev1.Container
		main     []corev1.Container
		overhead string
		want     string
		ok       bool
	}{
		{"seed 002: one container", nil, []corev1.Container{req("web", "32")}, "", "32", true},
		{"sum of containers", nil, []corev1.Container{req("a", "1"), req("b", "500m")}, "", "1500m", true},
		{"an init container larger than the sum", []corev1.Container{req("migrate", "4")}, []corev1.Container{req("a", "1")}, "", "4", true},
		{"sidecar counts with the containers", []corev1.Container{sidecar}, []corev1.Container{req("a", "1")}, "", "1500m", true},
		{"init after a sidecar adds it", []corev1.Container{sidecar, req("init", "3")}, []corev1.Container{req("a", "1")}, "", "3500m", true},
		{"limit stands in for a missing request", nil, []corev1.Container{limitOnly}, "", "2", true},
		{"overhead added", nil, []corev1.Container{req("a", "1")}, "250m", "1250m", true},
		{"nothing requested", nil, []corev1.Container{{Name: "a"}}, "", "0", false},
	}
	for _, tt := range tests {
		pod := &corev1.Pod{Spec: corev1.PodSpec{InitContainers: tt.init, Containers: tt.main}}
		if tt.overhead != "" {
			pod.Spec.Overhead = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(tt.overhead)}
		}
		q, ok := schedPodRequest(pod, corev1.ResourceCPU)
		if q.String() != tt.want || ok != tt.ok {
			t.Errorf("%s: got %s %v, want %s %v", tt.name, q.String(), ok, tt.want, tt.ok)
		}
	}
}

// TestSchedNodeMatches: nodeSelector, required node affinity (terms ORed,
// requirements ANDed, every operator, matchFields) and taint toleration.
func TestSchedNodeMatches(t *testing.T) {
	n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "w1", Labels: map[string]string{
		"disktype": "ssd", "topology.kubernetes.io/zone": "a", "cores": "16"}}}
	term := func(reqs ...corev1.NodeSelectorRequirement) corev1.NodeSelectorTerm {
		return corev1.NodeSelectorTerm{MatchExpressions: reqs}
	}
	r := func(key string, op corev1.NodeSelectorOperator, v ...string) corev1.NodeSelectorRequirement {
		return corev1.NodeSelectorRequirement{Key: key, Operator: op, Values: v}
	}
	tests := []struct {
		name  string
		sel   map[string]string
		terms []corev1.NodeSelectorTerm
		want  bool
	}{
		{"selector matches", map[string]string{"disktype": "ssd"}, nil, true},
		{"selector value differs", map[string]string{"disktype": "hdd"}, nil, false},
		{"In", nil, []corev1.NodeSelectorTerm{term(r("topology.kubernetes.io/zone", corev1.NodeSelectorOpIn, "a", "b"))}, true},
		{"NotIn", nil, []corev1.NodeSelectorTerm{term(r("topology.kubernetes.io/zone", corev1.NodeSelectorOpNotIn, "a"))}, false},
		{"Exists and DoesNotExist ANDed", nil, []corev1.NodeSelectorTerm{term(r("disktype", corev1.NodeSelectorOpExists),
			r("gpu", corev1.NodeSelectorOpDoesNotExist))}, true},
		{"Gt", nil, []corev1.NodeSelectorTerm{term(r("cores", corev1.NodeSelectorOpGt, "8"))}, true},
		{"Lt", nil, []corev1.NodeSelectorTerm{term(r("cores", corev1.NodeSelectorOpLt, "8"))}, false},
		{"terms ORed", nil, []corev1.NodeSelectorTerm{term(r("gpu", corev1.NodeSelectorOpExists)), term(r("disktype", corev1.NodeSelectorOpIn, "ssd"))}, true},
		{"empty term matches nothing", nil, []corev1.NodeSelectorTerm{{}}, false},
		{"matchFields metadata.name", nil, []corev1.NodeSelectorTerm{{MatchFields: []corev1.NodeSelectorRequirement{
			r("metadata.name", corev1.NodeSelectorOpIn, "w2")}}}, false},
	}
	for _, tt := range tests {
		pod := &corev1.Pod{Spec: corev1.PodSpec{NodeSelector: tt.sel}}
		if tt.terms != nil {
			pod.Spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
				RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: tt.terms}}}
		}
		if got := schedNodeMatches(pod, n); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}

	tainted := &corev1.Node{Spec: corev1.NodeSpec{Taints: []corev1.Taint{
		{Key: "node.kubernetes.io/not-ready", Effect: corev1.TaintEffectNoExecute},
		{Key: "node.kubernetes.io/not-ready", Effect: corev1.TaintEffectNoSchedule},
		{Key: "soft", Effect: corev1.TaintEffectPreferNoSchedule}}}}
	defaults := []corev1.Toleration{{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute}}
	pod := &corev1.Pod{Spec: corev1.PodSpec{Tolerations: defaults}}
	if tnt, ok := schedUntoleratedTaint(pod, tainted); !ok || schedTaintText(tnt) != "node.kubernetes.io/not-ready:NoSchedule" {
		t.Errorf("default tolerations: want not-ready:NoSchedule untolerated, got %v %v", tnt, ok)
	}
	pod.Spec.Tolerations = append(pod.Spec.Tolerations, corev1.Toleration{Operator: corev1.TolerationOpExists})
	if tnt, ok := schedUntoleratedTaint(pod, tainted); ok {
		t.Errorf("tolerate-everything: got %v untolerated", tnt)
	}
}

// TestParseSchedMessageOddInput: truncated and malformed messages never panic.
func TestParseSchedMessageOddInput(t *testing.T) {
	for _, msg := range []string{"", ".", ",", ", 1", "1 ", "{", "}", "}{", "0/", "/3 nodes are available",
		"0/99999999999999999999 nodes are available: 3 Insufficient cpu", "0/3 nodes are available:",
		"0/3 nodes are available: 1 node(s) had taint {a: b, , 2 x", `persistentvolumeclaim "`, `PVC "x`,
		"0/3 nodes are available: 12345678901234567890 Insufficient cpu", "…", "0/3 nodes are available: 1 , 2 , 3 ,"} {
		total := -1
		var buf [10]SchedCause
		_ = parseSchedMessage(msg, buf[:0], &total)
		_ = schedTaintsFromBraces(msg)
		_ = schedClaimQuoted(msg)
		pod := &corev1.Pod{Status: corev1.PodStatus{Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled,
			Status: corev1.ConditionFalse, Message: msg}}}}
		c := newContext(Input{Pod: pod}, DefaultOptions())
		_ = c.Scheduling().breakdown(LangZH)
	}
}
