package namespace_test

import (
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/namespace"
)

// BenchmarkDiagnose reports the engine's time per namespace over the fixture
// corpus (issue 11 target: ≤ 20 µs per object):
//
//	go test ./diagnosis/namespace -run '^$' -bench . -benchmem
func BenchmarkDiagnose(b *testing.B) {
	fixtures := loadFixtures(b)
	opts := diagnosis.DefaultOptions()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range fixtures {
			namespace.Diagnose(f.in, opts)
		}
	}
	b.StopTimer()
	perObject := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(len(fixtures))
	b.ReportMetric(perObject, "ns/object")
}
