package namespace_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/namespace"
	"github.com/pod-doctor/pod-doctor/internal/dump"
)

// fixture is one testdata dump turned into the engine's input for the
// namespace its Expectation names; want is the directory it lives in.
type fixture struct {
	path string
	want diagnosis.Reason
	in   namespace.Input
}

// loadFixtures reads every testdata/<Reason>/*.yaml the way diagnose -f
// does (internal/dump), so the package's own tests and benchmark see what
// users see.
func loadFixtures(tb testing.TB) []fixture {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*", "*.yaml"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no fixtures: %v", err)
	}
	out := make([]fixture, 0, len(paths))
	for _, p := range paths {
		out = append(out, loadFixture(tb, p))
	}
	return out
}

type expectation struct {
	Kind   string `json:"kind"`
	Object struct {
		Name string `json:"name"`
	} `json:"object"`
	Now string `json:"now"`
}

func loadFixture(tb testing.TB, path string) fixture {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	objs, err := dump.Parse(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	e := readExpectation(tb, path, data)
	now := objs.Latest
	if e.Now != "" {
		if now, err = time.Parse(time.RFC3339, e.Now); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
	}
	f := fixture{path: path, want: diagnosis.Reason(filepath.Base(filepath.Dir(path)))}
	for _, ns := range objs.Snapshot().Namespaces {
		if ns.Name == e.Object.Name {
			f.in = namespace.Input{Namespace: ns, Now: now}
		}
	}
	if f.in.Namespace == nil {
		tb.Fatalf("%s: namespace %s not in the dump", path, e.Object.Name)
	}
	return f
}

func readExpectation(tb testing.TB, path string, data []byte) expectation {
	var found *expectation
	err := dump.Documents(bytes.NewReader(data), func(doc []byte, _ int) error {
		js, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return err
		}
		var e expectation
		if json.Unmarshal(js, &e) == nil && e.Kind == "Expectation" {
			found = &e
		}
		return nil
	})
	if err != nil || found == nil {
		tb.Fatalf("%s: no Expectation (%v)", path, err)
	}
	return *found
}

// TestFixtures: the engine alone gives each fixture the code of its
// directory (the snapshot harness checks texts and goldens).
func TestFixtures(t *testing.T) {
	for _, f := range loadFixtures(t) {
		res := namespace.Diagnose(f.in, diagnosis.DefaultOptions())
		got := diagnosis.ReasonHealthy
		if res.Diagnosis != nil {
			got = res.Diagnosis.Reason
		}
		if got != f.want {
			t.Errorf("%s: got %s, want %s", f.path, got, f.want)
		}
	}
}
