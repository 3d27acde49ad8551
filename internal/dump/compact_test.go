package dump

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// TestCompactionKeepsEveryDiagnosis: packed pods and compacted events give
// every fixture of the engine's corpus the same diagnosis, in both languages
// and at three clock values, as the objects read in full.
func TestCompactionKeepsEveryDiagnosis(t *testing.T) {
	paths, err := filepath.Glob("../../diagnosis/testdata/*/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		compact, err := ParseWith(bytes.NewReader(data), ParseOptions{PackPods: true})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		full, err := ParseWith(bytes.NewReader(data), ParseOptions{keepEvents: true})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, shift := range []time.Duration{0, time.Hour, 30 * 24 * time.Hour} {
			now := full.Latest.Add(shift)
			if got, want := diagnoseJSON(t, compact, now), diagnoseJSON(t, full, now); got != want {
				t.Errorf("%s at %s: compacted input diagnoses\n%s\nwant\n%s", p, now.Format(time.RFC3339), got, want)
			}
		}
	}
}

func diagnoseJSON(t *testing.T, o *Objects, now time.Time) string {
	t.Helper()
	var out []any
	err := o.EachInput(now, func(in diagnosis.Input) {
		for _, lang := range []diagnosis.Lang{diagnosis.LangEN, diagnosis.LangZH} {
			opts := diagnosis.DefaultOptions()
			opts.Lang = lang
			out = append(out, diagnosis.Diagnose(in, opts))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
