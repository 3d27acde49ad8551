package dump

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"sigs.k8s.io/yaml"
)

// checkFast fails when fastJSON accepts a document and reads it differently
// from the general converter; it reports whether fastJSON accepted it.
func checkFast(t *testing.T, doc []byte) bool {
	t.Helper()
	got, ok := fastJSON(doc)
	if !ok {
		return false
	}
	want, err := yaml.YAMLToJSON(doc)
	if err != nil {
		t.Fatalf("fast converter accepted what YAML rejects (%v):\n%s", err, doc)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("fast converter wrote invalid JSON %s: %v\ninput:\n%s", got, err, doc)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("fast converter differs\ninput:\n%s\nfast: %s\nyaml: %s", doc, got, want)
	}
	return true
}

func TestFastJSONMatchesYAML(t *testing.T) {
	tests := []struct {
		in   string
		fast bool // the fast converter must take it
	}{
		{"a: b\n", true},
		{"a: 1\nb: -1\nc: 0\nd: true\ne: false\nf: null\ng: 100m\nh: 10.244.1.5\ni: 128Mi\n", false},
		{"a: 1\nc: 0\nd: true\ne: false\nf: null\ng: 100m\nh: 10.244.1.5\ni: 128Mi\n", true},
		{"a:\n- x: 1\n  w: 2\n- z\n- 'q'\n- \"d\\\"q\"\n", true},
		{"a:\n  - x\n  - w\nb: {}\nc: []\n", true},
		{"a: 'it''s'\nb: \"tab\\tnew\\nline\\u00e9\\x41\\e\"\n", true},
		{"a: 'long text\n  folded over\n\n  lines'\n", true},
		{"a: \"long text\n  folded \\\n  joined\"\n", true},
		{"a: plain text\n  continued here\n", true},
		{"a: |\n  line one\n\n  line three\n\n\nb: 1\n", true},
		{"a: |-\n  x\n   y\n", true},
		{"a: |+\n  x\n\n\n", true},
		{"\"quoted key\": 1\n'single': 2\n", true},
		{"a: yes\n", false}, {"a: on\n", false}, {"y: 1\n", false}, {"- n\n", false}, {"a: 1.5\n", false}, {"a: 0x1f\n", false}, {"a: 0777\n", false},
		{"a: 1e3\n", false}, {"a: ~\n", false}, {"a: 2024-05-01\n", false}, {"a: &x 1\nb: *x\n", false},
		{"a: 1\na: 2\n", false}, {"a: >\n  folded\n", false}, {"a: {b: c}\n", false}, {"a:\tb\n", false},
		{"a: b: c\n", false}, {"- a\n- b\n", true}, {"a:\n  b:\n    c: d\n  e: f\n", true},
		{"a: \"x\\ \n  y\"\n", false}, {"a: 'x \n\n  y'\n", true}, {"a: |\n    \n  x\n", false},
	}
	for _, tt := range tests {
		if got := checkFast(t, []byte(tt.in)); got != tt.fast {
			t.Errorf("fast path taken %v, want %v, for\n%s", got, tt.fast, tt.in)
		}
	}
}

// TestFastJSONFixtures: every document of the engine's fixtures reads the
// same through both converters.
func TestFastJSONFixtures(t *testing.T) {
	paths, _ := filepath.Glob("../../diagnosis/testdata/*/*.yaml")
	taken := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_ = Documents(bytes.NewReader(data), func(doc []byte, _ int) error {
			if checkFast(t, doc) {
				taken++
			}
			return nil
		})
	}
	if taken == 0 {
		t.Fatal("the fast converter took no fixture document")
	}
	t.Logf("fast converter took %d fixture documents", taken)
}

// FuzzFastJSON: whatever the fast converter accepts, it reads as YAML does.
func FuzzFastJSON(f *testing.F) {
	for _, s := range fragments {
		f.Add([]byte("a: 1\nb:\n" + s))
	}
	f.Add([]byte(kubectlList))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFast(t, data)
	})
}
