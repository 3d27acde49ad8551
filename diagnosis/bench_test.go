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
