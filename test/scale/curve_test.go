package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
)

func TestRecordPointMergesBySizeAndRedraws(t *testing.T) {
	dir := t.TempDir()
	curve, plot := filepath.Join(dir, "curve.json"), filepath.Join(dir, "curve.svg")
	for _, p := range []point{
		{Pods: 150000, RSSMiB: 390, HeapPerPodKiB: 2.1, SyncCPUSeconds: 40, AnnotateSeconds: 320, TargetSeconds: 330, SyncSeconds: 25},
		{Pods: 5000, RSSMiB: 70, HeapPerPodKiB: 2.2, SyncCPUSeconds: 1, AnnotateSeconds: 9, TargetSeconds: 40, SyncSeconds: 1},
		{Pods: 150000, RSSMiB: 380, HeapPerPodKiB: 2.0, SyncCPUSeconds: 38, AnnotateSeconds: 310, TargetSeconds: 330, SyncSeconds: 24}, // a rerun replaces
	} {
		if err := recordPoint(curve, plot, p); err != nil {
			t.Fatal(err)
		}
	}
	pts, err := readCurve(curve)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2 || pts[0].Pods != 5000 || pts[1].Pods != 150000 || pts[1].RSSMiB != 380 {
		t.Fatalf("curve = %+v, want 5k then the rerun of 150k", pts)
	}
	b, err := os.ReadFile(plot)
	if err != nil {
		t.Fatal(err)
	}
	svg := string(b)
	if err := xml.Unmarshal(b, new(struct{})); err != nil {
		t.Fatalf("plot is not well-formed XML: %v", err)
	}
	// One marker per point and panel, each labelled with its value.
	if n := strings.Count(svg, "<circle"); n != len(panels)*len(pts) {
		t.Errorf("%d markers, want %d", n, len(panels)*len(pts))
	}
	for _, want := range []string{">380<", ">2.00<", ">38.0<", ">310<", ">150k<", ">5k<", "target at 150k: 400 MiB"} {
		if !strings.Contains(svg, want) {
			t.Errorf("plot lacks %q", want)
		}
	}
}

func TestQuantile(t *testing.T) {
	// 100 observations: 90 in (0, 1µs], 9 in (1µs, 4µs], 1 in (4µs, 16µs].
	h := histogram([]float64{1e-6, 4e-6, 16e-6}, []uint64{90, 99, 100})
	tests := []struct {
		q             float64
		value, lo, hi float64
	}{
		{0.5, 0.5e-6 * 50 / 45, 0, 1e-6},
		{0.99, 4e-6, 1e-6, 4e-6},
		{1, 16e-6, 4e-6, 16e-6},
	}
	for _, tt := range tests {
		got := quantile(tt.q, h)
		if diff := got.value - tt.value; diff > 1e-12 || diff < -1e-12 || got.lo != tt.lo || got.hi != tt.hi || got.count != 100 {
			t.Errorf("quantile(%v) = %+v, want %v in (%v, %v]", tt.q, got, tt.value, tt.lo, tt.hi)
		}
	}
}

func histogram(bounds []float64, cumulative []uint64) *dto.Histogram {
	h := &dto.Histogram{SampleCount: &cumulative[len(cumulative)-1]}
	for i := range bounds {
		h.Bucket = append(h.Bucket, &dto.Bucket{UpperBound: &bounds[i], CumulativeCount: &cumulative[i]})
	}
	return h
}
