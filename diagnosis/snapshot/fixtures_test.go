package snapshot_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/internal/texttest"
	"github.com/pod-doctor/pod-doctor/internal/dump"
	fixturefile "github.com/pod-doctor/pod-doctor/internal/fixture"
	"github.com/pod-doctor/pod-doctor/internal/report"
	"github.com/pod-doctor/pod-doctor/internal/sweep"
)

// update rewrites the golden files: `go test ./diagnosis/snapshot -update`.
var update = flag.Bool("update", false, "rewrite the object fixtures' golden -o json outputs")

// Families are the packages whose fixtures this harness runs: each holds
// testdata/<Reason>/<name>.yaml, a `kubectl get -o yaml` dump of the
// objects plus one Expectation document naming the object it is about.
var families = []string{"workload", "network", "storage", "namespace"}

// expectation is an object fixture's expectation document.
type expectation struct {
	Kind   string `json:"kind"`
	Object struct {
		Kind      string `json:"kind"`
		Namespace string `json:"namespace"`
		Name      string `json:"name"`
	} `json:"object"`
	Reason    diagnosis.Reason `json:"reason"`
	Container string           `json:"container"`
	Severity  string           `json:"severity"`
	Summary   []string         `json:"summary"`
	SummaryZH []string         `json:"summaryZH"`
	Evidence  []string         `json:"evidence"`
	Now       string           `json:"now"`
}

type fixture struct {
	path   string
	expect expectation
	objs   *dump.Objects
	now    time.Time
}

func fixturePaths(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, f := range families {
		paths, err := filepath.Glob(filepath.Join("..", f, "testdata", "*", "*.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, paths...)
	}
	return out
}

func loadFixture(t testing.TB, path string) fixture {
	t.Helper()
	f := fixture{path: path}
	fx, err := fixturefile.Load(path, &f.expect)
	if err != nil {
		t.Fatal(err)
	}
	f.objs, f.now = fx.Objects, fx.Now
	return f
}

// TestObjectFixtures runs every family fixture in both languages: the exact
// code, container and severity on the object the fixture is about, the
// words its summary and evidence must hold, what every diagnosis owes its
// reader, then the whole `diagnose -f -o json` output against the golden
// files beside the fixture.
func TestObjectFixtures(t *testing.T) {
	paths := fixturePaths(t)
	if len(paths) == 0 {
		t.Skip("no object fixtures yet")
	}
	for _, p := range paths {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "../"), ".yaml")
		t.Run(name, func(t *testing.T) {
			f := loadFixture(t, p)
			if dir := filepath.Base(filepath.Dir(p)); dir != string(f.expect.Reason) {
				t.Fatalf("fixture lives in %s/ but expects %q", dir, f.expect.Reason)
			}
			for _, lang := range []diagnosis.Lang{diagnosis.LangEN, diagnosis.LangZH} {
				checkTarget(t, f, lang)
				checkGolden(t, f, lang)
			}
		})
	}
}

func engine(lang diagnosis.Lang) diagnosis.Options {
	o := diagnosis.DefaultOptions()
	o.Lang = lang
	return o
}

// checkTarget finds the fixture's object among all verdicts and checks it.
func checkTarget(t *testing.T, f fixture, lang diagnosis.Lang) {
	t.Helper()
	rows, err := sweep.All(f.objs, f.now, sweep.Options{Engine: engine(lang), All: true})
	if err != nil {
		t.Fatal(err)
	}
	want := f.expect
	for _, r := range rows {
		if r.Kind != want.Object.Kind || r.Name != want.Object.Name || (want.Object.Namespace != "" && r.Namespace != want.Object.Namespace) {
			continue
		}
		if want.Reason == diagnosis.ReasonHealthy {
			if r.Diagnosis != nil {
				t.Fatalf("%s: want no diagnosis, got %s: %s\nevidence: %q", lang, r.Diagnosis.Reason, r.Diagnosis.Summary, r.Diagnosis.Evidence)
			}
			return
		}
		checkDiagnosis(t, f, r, lang)
		return
	}
	t.Fatalf("no verdict on %s %s in the output: is the object in the dump?", want.Object.Kind, want.Object.Name)
}

func checkDiagnosis(t *testing.T, f fixture, r report.Row, lang diagnosis.Lang) {
	t.Helper()
	got, want := r.Diagnosis, f.expect
	if got == nil {
		t.Fatalf("%s: want %s, got no diagnosis", lang, want.Reason)
	}
	if got.Reason != want.Reason || got.Container != want.Container {
		t.Fatalf("%s: want %s container=%q, got %s container=%q\nsummary: %s\nevidence: %q",
			lang, want.Reason, want.Container, got.Reason, got.Container, got.Summary, got.Evidence)
	}
	if string(got.Severity) != want.Severity {
		t.Errorf("severity: want %q, got %q", want.Severity, got.Severity)
	}
	words := want.Summary
	if lang == diagnosis.LangZH {
		words = want.SummaryZH
	}
	for _, w := range words {
		if !strings.Contains(got.Summary, w) {
			t.Errorf("%s summary %q lacks %q", lang, got.Summary, w)
		}
	}
	if lang == diagnosis.LangEN {
		texttest.EvidenceHas(t, got.Evidence, want.Evidence)
	}
	checkTexts(t, r, lang)
}

// checkTexts enforces what every diagnosis owes its reader; the hints of a
// code of the object's own kind (not one rolled up from its pods, children
// or backends) name the object.
func checkTexts(t *testing.T, r report.Row, lang diagnosis.Lang) {
	t.Helper()
	got := r.Diagnosis
	texttest.Readable(t, got, lang == diagnosis.LangZH)
	e, _ := diagnosis.Lookup(got.Reason)
	for _, h := range got.Hints {
		if !strings.Contains(h, "kubectl") {
			t.Errorf("hint lacks a kubectl command: %q", h)
		}
		if slices.Contains(e.Kinds, r.Kind) && (!strings.Contains(h, r.Name) || (r.Kind != "Namespace" && !strings.Contains(h, r.Namespace))) {
			t.Errorf("hint does not name %s %s/%s: %q", r.Kind, r.Namespace, r.Name, h)
		}
	}
}

// checkGolden compares the fixture's whole `diagnose -f -o json` output in
// lang with its golden file, byte for byte.
func checkGolden(t *testing.T, f fixture, lang diagnosis.Lang) {
	t.Helper()
	rows, err := sweep.All(f.objs, f.now, sweep.Options{Engine: engine(lang)})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := report.Write(&got, report.JSON, rows); err != nil {
		t.Fatal(err)
	}
	path := strings.TrimSuffix(f.path, ".yaml") + "." + string(lang) + ".json"
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./diagnosis/snapshot -update creates it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%s differs from the output (go test ./diagnosis/snapshot -update rewrites it):\n--- want\n%s\n--- got\n%s", path, want, got.Bytes())
	}
}
