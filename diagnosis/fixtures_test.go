package diagnosis_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/internal/texttest"
	"github.com/pod-doctor/pod-doctor/diagnosis/snapshot"
	fixturefile "github.com/pod-doctor/pod-doctor/internal/fixture"
)

// expectation is the fixture's expectation document (see docs/dev/rule-authoring.md).
type expectation struct {
	Kind      string           `json:"kind"`
	Reason    diagnosis.Reason `json:"reason"`
	Container string           `json:"container"`
	Init      bool             `json:"init"`
	Severity  string           `json:"severity"`
	Summary   []string         `json:"summary"`
	SummaryZH []string         `json:"summaryZH"`
	Evidence  []string         `json:"evidence"`
	Now       string           `json:"now"`
}

// fixture is one parsed testdata file.
type fixture struct {
	path   string
	expect expectation
	input  diagnosis.Input
	// claims diagnose the dump's claims, for the input's ClaimCauses.
	snap *snapshot.Objects
}

// diagnose runs the engine on the fixture in opts' language, with the
// causes of its claims in that language, as diagnose -f does.
func (f fixture) diagnose(opts diagnosis.Options) diagnosis.Result {
	in := f.input
	in.ClaimCauses = snapshot.NewClaims(f.snap, in.Now, opts).For(in)
	return diagnosis.Diagnose(in, opts)
}

func fixturePaths(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no fixtures under testdata/")
	}
	return paths
}

func loadFixture(t testing.TB, path string) fixture {
	t.Helper()
	f := fixture{path: path}
	fx, err := fixturefile.Load(path, &f.expect)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(fx.Objects.Pods); n != 1 {
		t.Fatalf("%s: want exactly one Pod, got %d", path, n)
	}
	f.input = fx.Objects.Inputs(fx.Now)[0]
	f.snap = fx.Objects.Snapshot()
	return f
}

func loadFixtures(t testing.TB) []fixture {
	var out []fixture
	for _, p := range fixturePaths(t) {
		out = append(out, loadFixture(t, p))
	}
	return out
}

// TestFixtures runs every fixture in both languages and checks the exact code,
// container, severity and the words the summary and evidence must contain,
// then the whole `-o json` output against the fixture's golden files.
func TestFixtures(t *testing.T) {
	for _, f := range loadFixtures(t) {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(f.path, "testdata/"), ".yaml"), func(t *testing.T) {
			defer checkGoldens(t, f)
			if dir := filepath.Base(filepath.Dir(f.path)); dir != string(f.expect.Reason) {
				t.Fatalf("fixture lives in %s/ but expects %q", dir, f.expect.Reason)
			}
			en := diagnosis.DefaultOptions()
			got := f.diagnose(en).Diagnosis
			if f.expect.Reason == diagnosis.ReasonHealthy {
				if got != nil {
					t.Fatalf("want no diagnosis, got %s: %s\nevidence: %q", got.Reason, got.Summary, got.Evidence)
				}
				return
			}
			checkDiagnosis(t, f, got, f.expect.Summary, false)
			zh := en
			zh.Lang = diagnosis.LangZH
			checkDiagnosis(t, f, f.diagnose(zh).Diagnosis, f.expect.SummaryZH, true)
		})
	}
}

func checkDiagnosis(t *testing.T, f fixture, got *diagnosis.Diagnosis, words []string, zh bool) {
	t.Helper()
	want := f.expect
	if got == nil {
		t.Fatalf("want %s, got no diagnosis", want.Reason)
	}
	if got.Reason != want.Reason || got.Container != want.Container || got.Init != want.Init {
		t.Fatalf("want %s container=%q init=%v, got %s container=%q init=%v\nsummary: %s\nevidence: %q",
			want.Reason, want.Container, want.Init, got.Reason, got.Container, got.Init, got.Summary, got.Evidence)
	}
	if want.Severity == "" || string(got.Severity) != want.Severity {
		t.Errorf("severity: want %q, got %q", want.Severity, got.Severity)
	}
	for _, w := range words {
		if !strings.Contains(got.Summary, w) {
			t.Errorf("summary %q lacks %q", got.Summary, w)
		}
	}
	checkTexts(t, f, got, zh)
	if !zh {
		texttest.EvidenceHas(t, got.Evidence, want.Evidence)
	}
}

// checkTexts enforces what every diagnosis owes its reader.
func checkTexts(t *testing.T, f fixture, got *diagnosis.Diagnosis, zh bool) {
	t.Helper()
	texttest.Readable(t, got, zh)
	pod := f.input.Pod
	for _, h := range got.Hints {
		if !strings.Contains(h, "kubectl") || !strings.Contains(h, pod.Name) || !strings.Contains(h, pod.Namespace) {
			t.Errorf("hint lacks a kubectl command for pod %s/%s: %q", pod.Namespace, pod.Name, h)
		}
	}
}
