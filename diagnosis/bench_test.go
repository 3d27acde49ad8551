package diagnosis_test

import (
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// BenchmarkDiagnose measures one pod per op, cycling through the whole fixture
// corpus (abnormal and healthy), so ns/op and allocs/op are per-pod averages.
// Target (issue 2): ≤ 20 µs and ≤ 50 allocations per pod.
func BenchmarkDiagnose(b *testing.B) {
	fixtures := loadFixtures(b)
	inputs := make([]diagnosis.Input, len(fixtures))
	for i, f := range fixtures {
		inputs[i] = f.input
	}
	opts := diagnosis.DefaultOptions()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		diagnosis.Diagnose(inputs[i%len(inputs)], opts)
	}
}

// TestRulesDoNotAllocateOnMiss: for every fixture, every rule whose cause is
// not present returns without allocating — what keeps BenchmarkDiagnose
// within its budget as rules are added.
func TestRulesDoNotAllocateOnMiss(t *testing.T) {
	for _, f := range loadFixtures(t) {
		if bad := diagnosis.MissAllocs(f.input, diagnosis.DefaultOptions()); len(bad) > 0 {
			t.Errorf("%s: %v", f.path, bad)
		}
	}
}

// BenchmarkPendingAt5000Nodes measures one pending pod (Insufficient cpu)
// against 5,000 nodes, the upstream limit: alone, every scheduling rule
// reads every node; with the sweep's shared NodeFacts, the answers of the
// pods that share its constraints are remembered.
func BenchmarkPendingAt5000Nodes(b *testing.B) {
	f := loadFixture(b, "testdata/InsufficientResources/seed002-pending-32cpu-64gi.yaml")
	in := f.input
	if in.Pod.Spec.NodeName != "" || len(in.Nodes) == 0 {
		b.Fatalf("%s: want a pending pod with nodes", f.path)
	}
	for len(in.Nodes) < 5000 {
		in.Nodes = append(in.Nodes, in.Nodes...)
	}
	in.Nodes = in.Nodes[:5000]
	opts := diagnosis.DefaultOptions()
	want := diagnosis.Diagnose(in, opts).Diagnosis
	if want == nil || want.Reason != diagnosis.ReasonInsufficientResources {
		b.Fatalf("want InsufficientResources, got %v", want)
	}
	b.Run("alone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			diagnosis.Diagnose(in, opts)
		}
	})
	b.Run("shared-facts", func(b *testing.B) {
		in.NodeFacts = diagnosis.NewNodeFacts(in.Nodes)
		b.ReportAllocs()
		for b.Loop() {
			diagnosis.Diagnose(in, opts)
		}
	})
}
