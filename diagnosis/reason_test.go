package diagnosis_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// apiValues are catalog codes that are also values the Kubernetes API itself
// writes (a container's terminated reason, a pod's status reason). Code that
// compares an API field with them spells the API's value, not our code.
var apiValues = map[string]string{
	"OOMKilled": "ContainerStateTerminated.Reason written by the kubelet",
	"Evicted":   "PodStatus.Reason written by the kubelet's eviction manager",
	"Preempted": "the scheduler's event reason and PodStatus.Reason",
	"NodeLost":  "PodStatus.Reason written by the node lifecycle controller",
	// The kubelet's status reason for a pod it refused on a node shutting down.
	"NodeShutdown": "PodStatus.Reason written by the kubelet's node shutdown manager",
	// The kubelet's waiting reason for an unparsable reference.
	"InvalidImageName": "ContainerStateWaiting.Reason written by the kubelet",
	// The event reason on a claim whose volume could not be provisioned.
	"ProvisioningFailed": "Event.Reason written by the PV controller and external provisioners",
}

// TestCodesSpelledOnce: every catalog code is written once, in reason.go, and
// everything else uses the constant, so a code cannot drift between two
// files. Tests are exempt on purpose: they spell the public contract's
// values, which is what pins the constants.
func TestCodesSpelledOnce(t *testing.T) {
	codes := map[string]bool{string(diagnosis.ReasonHealthy): true}
	for _, e := range diagnosis.Catalog() {
		codes[string(e.Reason)] = true
	}
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "tools" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == filepath.Join(root, "diagnosis", "reason.go") {
			return nil
		}
		for _, lit := range codeLiterals(t, path, codes) {
			t.Errorf("%s: code %s spelled as a string: use diagnosis.Reason%s", lit.pos, lit.value, lit.value)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

type literal struct{ pos, value string }

func codeLiterals(t *testing.T, path string, codes map[string]bool) []literal {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []literal
	ast.Inspect(f, func(n ast.Node) bool {
		b, ok := n.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return true
		}
		v, err := strconv.Unquote(b.Value)
		if err == nil && codes[v] && apiValues[v] == "" {
			out = append(out, literal{fset.Position(b.Pos()).String(), v})
		}
		return true
	})
	return out
}

// TestReasonConstantsAreCatalog: every constant names a catalog entry (or is
// Healthy, which is never written to an object).
func TestReasonConstantsAreCatalog(t *testing.T) {
	for _, r := range []diagnosis.Reason{diagnosis.ReasonUnclassified, diagnosis.ReasonImageNotFound, diagnosis.ReasonOOMKilled} {
		if _, ok := diagnosis.Lookup(r); !ok {
			t.Errorf("%s has no catalog entry", r)
		}
	}
	if _, ok := diagnosis.Lookup(diagnosis.ReasonHealthy); ok {
		t.Errorf("Healthy must not be a catalog code")
	}
}
