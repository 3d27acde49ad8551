package diagnosis_test

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// TestNodeFactsChangeNothing diagnoses every fixture's pod against the nodes
// of all fixtures together, once alone and once sharing one NodeFacts with
// every other pod (forwards, then backwards, so each answer is remembered
// from different pods): the diagnoses must be the same. Pods with other
// selectors, tolerations or requests must never get each other's answers.
func TestNodeFactsChangeNothing(t *testing.T) {
	fixtures := loadFixtures(t)
	var nodes []*corev1.Node
	seen := map[string]bool{}
	for _, f := range fixtures {
		for _, n := range append(f.input.Nodes, f.input.Node) {
			if n != nil && !seen[n.Name] {
				seen[n.Name] = true
				nodes = append(nodes, n)
			}
		}
	}
	if len(nodes) < 10 {
		t.Fatalf("only %d nodes in the fixtures", len(nodes))
	}
	opts := diagnosis.DefaultOptions()
	inputs := make([]diagnosis.Input, len(fixtures))
	alone := make([]*diagnosis.Diagnosis, len(fixtures))
	pending := 0
	for i, f := range fixtures {
		in := f.input
		in.Nodes = nodes
		inputs[i] = in
		alone[i] = diagnosis.Diagnose(in, opts).Diagnosis
		if in.Pod.Spec.NodeName == "" && alone[i] != nil {
			pending++
		}
	}
	if pending < 20 {
		t.Fatalf("only %d pending pods diagnosed; the test needs the scheduling fixtures", pending)
	}
	facts := diagnosis.NewNodeFacts(nodes)
	check := func(i int) {
		in := inputs[i]
		in.NodeFacts = facts
		if got := diagnosis.Diagnose(in, opts).Diagnosis; !reflect.DeepEqual(got, alone[i]) {
			t.Errorf("%s: with shared NodeFacts %+v, alone %+v", fixtures[i].path, got, alone[i])
		}
	}
	for i := range inputs {
		check(i)
	}
	facts = diagnosis.NewNodeFacts(nodes)
	for i := len(inputs) - 1; i >= 0; i-- {
		check(i)
	}
	// Facts of another list are ignored.
	in := inputs[0]
	in.NodeFacts = diagnosis.NewNodeFacts(nodes[1:])
	if got := diagnosis.Diagnose(in, opts).Diagnosis; !reflect.DeepEqual(got, alone[0]) {
		t.Errorf("facts of another node list were used")
	}
}
