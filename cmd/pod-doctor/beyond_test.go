package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiagnoseEveryObjectFixture: `pod-doctor diagnose -f -o json` prints,
// byte for byte, the golden output the families' fixture harness
// (diagnosis/snapshot) pins for every fixture of the objects beyond pods.
func TestDiagnoseEveryObjectFixture(t *testing.T) {
	paths, _ := filepath.Glob("../../diagnosis/*/testdata/*/*.yaml")
	n := 0
	for _, p := range paths {
		if strings.HasPrefix(p, "../../diagnosis/testdata/") {
			continue // pod fixtures: TestDiagnoseEveryFixture
		}
		n++
		checkCLIGoldens(t, p)
	}
	if n < 40 {
		t.Fatalf("found %d object fixtures, want the families' (at least 40)", n)
	}
}

// TestObjectsTextAndKinds pins the whole text output for a dump holding
// pods and objects beyond pods — one table per kind, then the details —
// and what --kinds keeps of it.
func TestObjectsTextAndKinds(t *testing.T) {
	for _, tc := range []struct{ golden, kinds string }{
		{"testdata/beyond.txt", ""},
		{"testdata/beyond-svc-deploy.txt", "svc,deploy"},
	} {
		args := []string{"diagnose", "-f", "testdata/beyond.yaml"}
		if tc.kinds != "" {
			args = append(args, "--kinds", tc.kinds)
		}
		out, _, err := runCLI(t, "", args...)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(tc.golden)
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("--kinds %q: output differs from %s:\n%s", tc.kinds, tc.golden, out)
		}
	}
	if _, _, err := runCLI(t, "", "diagnose", "-f", "testdata/beyond.yaml", "--kinds", "secrets"); err == nil ||
		err.Error() != `usage: unknown kind "secrets" in --kinds (want pods, deploy, rs, sts, ds, job, cronjob, svc, ing, pvc, ns)` {
		t.Errorf("--kinds secrets: %v", err)
	}
}
