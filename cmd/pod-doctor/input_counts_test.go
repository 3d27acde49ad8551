package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// TestCountLineEveryFixture: `diagnose -v` prints, for every file under
// diagnosis/testdata and the families' testdata, exactly the per-kind counts an independent YAML
// library finds in it (the Expectation document counts as a skipped kind).
func TestCountLineEveryFixture(t *testing.T) {
	n := 0
	err := filepath.WalkDir("../../diagnosis", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") || !strings.Contains(path, "/testdata/") {
			return err
		}
		n++
		want := independentCounts(t, path)
		_, stderr, err := runCLI(t, "", "diagnose", "-v", "-f", path, "-o", "json")
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		if got := firstLine(stderr); got != want {
			t.Errorf("%s: count line\n%q\nwant\n%q", path, got, want)
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("walking fixtures: %d files, %v", n, err)
	}
}

// independentCounts decodes a file with go.yaml.in/yaml/v3 and formats the
// count line diagnose should print for it.
func independentCounts(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]int{}
	skipped := map[string]int{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		countObject(doc, read, skipped)
	}
	line := fmt.Sprintf("read %d Pod, %d Event, %d Node, %d PersistentVolumeClaim", read["Pod"], read["Event"], read["Node"], read["PersistentVolumeClaim"])
	for _, k := range beyondKinds {
		if n := read[k.kind]; n > 0 {
			line += fmt.Sprintf(", %d %s", n, k.kind)
		}
	}
	var kinds []string
	for k := range skipped {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for i, k := range kinds {
		sep := ", "
		if i == 0 {
			sep = "; skipped "
		}
		line += fmt.Sprintf("%s%d %s", sep, skipped[k], k)
	}
	return line
}

func countObject(obj map[string]any, read, skipped map[string]int) {
	if obj == nil {
		return
	}
	kind, _ := obj["kind"].(string)
	api, _ := obj["apiVersion"].(string)
	if strings.HasSuffix(kind, "List") {
		items, _ := obj["items"].([]any)
		for _, it := range items {
			m, _ := it.(map[string]any)
			countObject(m, read, skipped)
		}
		return
	}
	core := !strings.Contains(api, "/")
	switch {
	case core && (kind == "Pod" || kind == "Node" || kind == "PersistentVolumeClaim" || kind == "Event"):
		read[kind]++
	case kind == "Event" && strings.HasPrefix(api, "events.k8s.io/"):
		read[kind]++
	case isBeyondKind(api, kind):
		read[kind]++
	default:
		skipped[kind]++
	}
}

// beyondKinds are the kinds of design.md's "Beyond pods" diagnose reads, in
// the order of the count line, with their API group.
var beyondKinds = []struct{ group, kind string }{
	{"apps", "Deployment"}, {"apps", "ReplicaSet"}, {"apps", "StatefulSet"}, {"apps", "DaemonSet"},
	{"batch", "Job"}, {"batch", "CronJob"}, {"", "Service"}, {"discovery.k8s.io", "EndpointSlice"},
	{"networking.k8s.io", "Ingress"}, {"networking.k8s.io", "IngressClass"}, {"storage.k8s.io", "StorageClass"}, {"", "Namespace"},
}

func isBeyondKind(api, kind string) bool {
	group, _, ok := strings.Cut(api, "/")
	if !ok {
		group = ""
	}
	for _, k := range beyondKinds {
		if k.group == group && k.kind == kind {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
