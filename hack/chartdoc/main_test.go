package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const chartDir = "../../charts/pod-doctor"

// TestReadmeUpToDate fails when charts/pod-doctor/README.md's values table
// does not match values.yaml: run `go run ./hack/chartdoc`.
func TestReadmeUpToDate(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(chartDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Render(chartDir, string(readme))
	if err != nil {
		t.Fatal(err)
	}
	if want != string(readme) {
		t.Fatalf("%s/README.md is stale: run `go run ./hack/chartdoc`", chartDir)
	}
	if n := strings.Count(want, "\n| `"); n < 20 {
		t.Fatalf("values table has %d rows, want the whole values.yaml", n)
	}
}

func TestRows(t *testing.T) {
	rows, err := Rows([]byte(`# file header, not a description

# -- How many.
# Second line.
replicas: 1
image:
  # -- Repo | name.
  repository: x
# -- Resources.
resources:
  limits:
    memory: 1Gi
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{"replicas", "int", "1", "How many. Second line."},
		{"image.repository", "string", `"x"`, "Repo | name."},
		{"resources", "object", `{"limits":{"memory":"1Gi"}}`, "Resources."},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %+v", rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
	if tbl := Table(rows); !strings.Contains(tbl, `Repo \| name.`) {
		t.Errorf("pipe not escaped:\n%s", tbl)
	}
}

func TestUndocumentedValueIsAnError(t *testing.T) {
	_, err := Rows([]byte("image:\n  # -- ok\n  repository: x\n  tag: v1\n"))
	if err == nil || !strings.Contains(err.Error(), "image.tag has no") {
		t.Fatalf("err = %v, want image.tag undocumented", err)
	}
}

func TestSpliceNeedsMarkers(t *testing.T) {
	if _, err := Splice("no markers", "t"); err == nil {
		t.Fatal("want an error")
	}
	got, err := Splice("a\n"+startMarker+"\nold\n"+endMarker+"\nb\n", "new\n")
	if err != nil {
		t.Fatal(err)
	}
	if got != "a\n"+startMarker+"\nnew\n"+endMarker+"\nb\n" {
		t.Fatalf("got %q", got)
	}
}
