package snapshot_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/snapshot"
)

// benchCase is one fixture's snapshot, its pods already diagnosed: the
// benchmark times the object engines, not the pod engine or the loader.
type benchCase struct {
	objs *snapshot.Objects
	pods []snapshot.Pod
	now  time.Time
}

// BenchmarkObjects times the engines of the objects beyond pods over each
// family's fixture corpus, through the snapshot orchestrator (finding each
// object's pods, children and backends included), and reports the time
// per object diagnosed. Target (issue 11): ≤ 20 µs per object.
//
//	go test -run='^$' -bench=BenchmarkObjects -benchmem ./diagnosis/snapshot/
func BenchmarkObjects(b *testing.B) {
	for _, fam := range families {
		b.Run(fam, func(b *testing.B) {
			cases, objects := benchCases(b, fam)
			opts := diagnosis.DefaultOptions()
			b.ResetTimer()
			for b.Loop() {
				for _, c := range cases {
					snapshot.Diagnose(c.objs, c.pods, c.now, opts)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(objects), "ns/object")
		})
	}
}

// benchCases loads a family's fixtures and counts the objects they hold.
func benchCases(b *testing.B, fam string) ([]benchCase, int) {
	b.Helper()
	paths, err := filepath.Glob(filepath.Join("..", fam, "testdata", "*", "*.yaml"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no %s fixtures: %v", fam, err)
	}
	var out []benchCase
	objects := 0
	for _, p := range paths {
		f := loadFixture(b, p)
		c := benchCase{objs: f.objs.Snapshot(), now: f.now}
		for _, in := range f.objs.Inputs(f.now) {
			d := diagnosis.Diagnose(in, diagnosis.DefaultOptions()).Diagnosis
			c.pods = append(c.pods, snapshot.Pod{Pod: snapshot.Slim(in.Pod), Diagnosis: d})
		}
		objects += len(snapshot.Diagnose(c.objs, c.pods, c.now, diagnosis.DefaultOptions()))
		out = append(out, c)
	}
	if objects == 0 {
		b.Fatalf("%s: no objects", fam)
	}
	return out, objects
}
