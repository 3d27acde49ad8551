package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"testing"
)

// TestReportGoldens pins the pipeline outputs of a dump holding pods and
// objects beyond pods: the whole JUnit report (every object a test case, a
// diagnosis a failure) and the incidents of --groups.
func TestReportGoldens(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"testdata/beyond.junit.xml", []string{"-o", "junit"}},
		{"testdata/beyond.groups.json", []string{"--groups", "-o", "json"}},
	} {
		out, _, err := runCLI(t, "", append([]string{"diagnose", "-f", "testdata/beyond.yaml"}, tc.args...)...)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(tc.golden)
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("%v: output differs from %s:\n%s", tc.args, tc.golden, out)
		}
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	data, _ := os.ReadFile("testdata/beyond.junit.xml")
	if err := xml.Unmarshal(data, &doc); err != nil || doc.Tests != 12 || doc.Failures != 5 {
		t.Errorf("junit report: %+v, err %v; want 12 test cases (every object of the dump), 5 failures", doc, err)
	}
}

// TestFailOn: exit code 3 and one line when a diagnosis at or above the
// severity is found, 0 when none is, 1 for a bad value (the real binary).
func TestFailOn(t *testing.T) {
	bin := buildBinary(t)
	healthy := "../../diagnosis/testdata/Healthy/config-configmap-created-later.yaml"
	if _, err := os.Stat(healthy); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		last string
	}{
		{[]string{"-f", "testdata/seed-002.yaml", "--fail-on", "Critical"}, 3, "pod-doctor: 3 diagnosis(es) at or above Critical (--fail-on Critical)"},
		{[]string{"-f", "testdata/beyond.yaml", "--fail-on", "critical", "--kinds", "deploy"}, 0, ""},
		{[]string{"-f", "testdata/beyond.yaml", "--fail-on", "Warning", "--kinds", "deploy", "-o", "junit"}, 3, "pod-doctor: 1 diagnosis(es) at or above Warning (--fail-on Warning)"},
		{[]string{"-f", healthy, "--fail-on", "Info"}, 0, ""},
		{[]string{"-f", healthy, "--fail-on", "Severe"}, 1, `pod-doctor: usage: --fail-on: unknown severity "Severe" (want Critical, Warning or Info)`},
		{[]string{"-f", healthy, "--groups"}, 1, "pod-doctor: usage: --groups needs -o json or -o yaml"},
	}
	for _, tt := range tests {
		code, stderr := runBinary(t, bin, append([]string{"diagnose"}, tt.args...)...)
		if code != tt.code || (tt.last != "" && lastLine(stderr) != tt.last) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d, last line %q", tt.args, code, stderr, tt.code, tt.last)
		}
	}
}

// runBinary runs the built binary and returns its exit code and stderr.
func runBinary(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	return exitCode(cmd.Run()), stderr.String()
}
