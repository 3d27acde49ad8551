package diagnosis_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/report"
)

// update rewrites the golden files: `go test ./diagnosis -update`. Review the
// diff: every changed line is a change users will read.
var update = flag.Bool("update", false, "rewrite the fixtures' golden -o json outputs")

// goldenLangs are the languages every fixture's output is pinned in.
var goldenLangs = []diagnosis.Lang{diagnosis.LangEN, diagnosis.LangZH}

// goldenPath is where a fixture's output in lang lives: beside the fixture,
// foo.yaml → foo.en.json and foo.zh.json.
func goldenPath(fixture string, lang diagnosis.Lang) string {
	return strings.TrimSuffix(fixture, ".yaml") + "." + string(lang) + ".json"
}

// checkGoldens compares the fixture's whole `diagnose -f -o json --all` output,
// byte for byte, with its golden file in each language. A substring check
// lets any rewording through; this does not.
func checkGoldens(t *testing.T, f fixture) {
	t.Helper()
	for _, lang := range goldenLangs {
		opts := diagnosis.DefaultOptions()
		opts.Lang = lang
		got := goldenOutput(t, f, f.diagnose(opts).Diagnosis)
		path := goldenPath(f.path, lang)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./diagnosis -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the output (go test ./diagnosis -update rewrites it):\n%s", path, lineDiff(string(want), string(got)))
		}
	}
}

func goldenOutput(t *testing.T, f fixture, d *diagnosis.Diagnosis) []byte {
	t.Helper()
	var buf bytes.Buffer
	row := report.Row{Namespace: f.input.Pod.Namespace, Pod: f.input.Pod.Name, Diagnosis: d}
	if err := report.Write(&buf, report.JSON, []report.Row{row}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// lineDiff shows the first lines that differ, enough to see what changed.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl == gl {
			continue
		}
		b.WriteString("- " + wl + "\n+ " + gl + "\n")
		if shown++; shown == 8 {
			break
		}
	}
	return b.String()
}

// TestNoOrphanGoldens: a golden file whose fixture was renamed or removed
// would pin nothing.
func TestNoOrphanGoldens(t *testing.T) {
	goldens, err := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range goldens {
		base := g[:strings.LastIndexByte(g[:len(g)-len(".json")], '.')]
		if _, err := os.Stat(base + ".yaml"); err != nil {
			t.Errorf("%s has no fixture %s.yaml", g, base)
		}
	}
}
