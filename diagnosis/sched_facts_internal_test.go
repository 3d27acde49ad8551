package diagnosis

import (
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestNodeFactsKeys asks one shared NodeFacts for pods whose selectors,
// affinities, tolerations and resources differ in one thing each: every
// answer must be the one computed without the memo.
func TestNodeFactsKeys(t *testing.T) {
	node := func(name, disk, cpu string, taint bool, cordoned bool) *corev1.Node {
		n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"disk": disk}},
			Spec:   corev1.NodeSpec{Unschedulable: cordoned},
			Status: corev1.NodeStatus{Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse(cpu + "Gi")}}}
		if taint {
			n.Spec.Taints = []corev1.Taint{{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}}
		}
		return n
	}
	nodes := []*corev1.Node{node("n1", "ssd", "4", true, false), node("n2", "hdd", "2", false, false),
		node("n3", "ssd", "16", false, true), node("n4", "hdd", "8", true, false)}
	tolerate := []corev1.Toleration{{Key: "dedicated", Operator: corev1.TolerationOpEqual, Value: "gpu", Effect: corev1.TaintEffectNoSchedule}}
	affinity := func(disk string) *corev1.Affinity {
		return &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
			NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "disk", Operator: corev1.NodeSelectorOpIn, Values: []string{disk}}}}}}}}
	}
	specs := []corev1.PodSpec{
		{},
		{NodeSelector: map[string]string{"disk": "ssd"}},
		{NodeSelector: map[string]string{"disk": "hdd"}},
		{Tolerations: tolerate},
		{NodeSelector: map[string]string{"disk": "hdd"}, Tolerations: tolerate},
		{Affinity: affinity("ssd")},
		{Affinity: affinity("hdd")},
		{Affinity: affinity("hdd"), Tolerations: tolerate},
	}
	facts := NewNodeFacts(nodes)
	for round := range 2 {
		for i, spec := range specs {
			if round == 1 {
				spec = specs[len(specs)-1-i]
			}
			in := Input{Pod: &corev1.Pod{Spec: spec}, Nodes: nodes, Now: time.Now()}
			alone := newContext(in, DefaultOptions())
			in.NodeFacts = facts
			shared := newContext(in, DefaultOptions())
			name := fmt.Sprintf("round %d, spec %+v", round, spec)
			if got, want := shared.schedNodeCounts(), alone.schedNodeCounts(); got != want {
				t.Errorf("%s: counts %+v, want %+v", name, got, want)
			}
			for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
				gb, gn, gf := shared.maxAllocatable(r)
				wb, wn, wf := alone.maxAllocatable(r)
				if gb.Cmp(wb) != 0 || gn != wn || gf != wf {
					t.Errorf("%s: max %s %s on %q (%v), want %s on %q (%v)", name, r, gb.String(), gn, gf, wb.String(), wn, wf)
				}
			}
		}
	}
	if len(facts.counts) != len(specs) || len(facts.alloc) != 2*5 {
		t.Errorf("memo holds %d counts and %d maxima, want %d and %d (one per distinct constraint)", len(facts.counts), len(facts.alloc), len(specs), 10)
	}
}
