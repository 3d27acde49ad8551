package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/pod-doctor/pod-doctor/internal/dump"
)

// runCLI runs the command in-process and returns stdout, stderr and the error.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

type fixtureExpect struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	Now    string `json:"now"`
}

func readExpect(t *testing.T, path string) fixtureExpect {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var exp fixtureExpect
	_ = dump.Documents(bytes.NewReader(data), func(doc []byte, _ int) error {
		var e fixtureExpect
		if yaml.Unmarshal(doc, &e) == nil && e.Kind == "Expectation" {
			exp = e
		}
		return nil
	})
	if exp.Reason == "" {
		t.Fatalf("%s: no expectation", path)
	}
	return exp
}

// TestDiagnoseEveryFixture: `pod-doctor diagnose -f -o json --all --kinds
// pods` prints, byte for byte, the golden output the engine's fixture test
// pins, in both languages: the command path (loader, grouping, "now",
// report) adds nothing and loses nothing. (A pod fixture's claims are
// objects beyond pods too; TestDiagnoseEveryObjectFixture covers those.)
func TestDiagnoseEveryFixture(t *testing.T) {
	paths, _ := filepath.Glob("../../diagnosis/testdata/*/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no fixtures found")
	}
	for _, p := range paths {
		checkCLIGoldens(t, p, "--all", "--kinds", "pods")
	}
}

// checkCLIGoldens runs `diagnose -f path -o json` with extra flags in both
// languages and compares the output with the fixture's golden files.
func checkCLIGoldens(t *testing.T, path string, extra ...string) {
	t.Helper()
	exp := readExpect(t, path)
	for _, lang := range []string{"en", "zh"} {
		args := append([]string{"diagnose", "-f", path, "-o", "json", "--lang", lang}, extra...)
		if exp.Now != "" {
			args = append(args, "--now", exp.Now)
		}
		out, _, err := runCLI(t, "", args...)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		golden := strings.TrimSuffix(path, ".yaml") + "." + lang + ".json"
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("%s: output differs from %s:\n%s", path, golden, out)
		}
	}
}

// TestJSONContract pins the field names and order of design.md's -o json.
func TestJSONContract(t *testing.T) {
	out, _, err := runCLI(t, "", "diagnose", "-f", "testdata/seed-002.yaml", "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	var recs []json.RawMessage
	if err := json.Unmarshal([]byte(out), &recs); err != nil || len(recs) == 0 {
		t.Fatalf("want a non-empty JSON array: %v\n%s", err, out)
	}
	want := []string{"namespace", "pod", "kind", "name", "reason", "category", "severity", "container", "init", "summary", "evidence", "hints", "since"}
	dec := json.NewDecoder(bytes.NewReader(recs[0]))
	var keys []string
	if _, err := dec.Token(); err != nil { // the opening brace
		t.Fatal(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		_ = dec.Decode(&skip)
	}
	if strings.Join(keys, ",") != strings.Join(want, ",") {
		t.Fatalf("json keys %v, want %v", keys, want)
	}
}

// TestSeed002 is seed 002's three pods: running is healthy, backoff cannot
// pull nginx:not-exist, error crashes on `sleep a`; pending (32 CPU / 64Gi)
// does not fit the node.
func TestSeed002(t *testing.T) {
	out, _, err := runCLI(t, "", "diagnose", "-f", "testdata/seed-002.yaml", "--all")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"NAMESPACE  POD      REASON                 CONTAINER  SUMMARY",
		"default    backoff  ImageNotFound          web",
		"default    error    AppCrash               web",
		"default    pending  InsufficientResources  -",
		"default    running  Healthy                -          -",
		"kubectl logs error -n default -c web --previous",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	zh, _, err := runCLI(t, "", "diagnose", "-f", "testdata/seed-002.yaml", "--lang", "zh", "-o", "yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(zh, "reason: ImageNotFound") || !strings.Contains(zh, "镜像") {
		t.Errorf("zh yaml output lacks the reason or Chinese text:\n%s", zh)
	}
}

// TestStdinAndNow: "-" reads stdin; --now moves the clock.
func TestStdinAndNow(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-002.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, string(data), "diagnose", "-f", "-", "-o", "json", "--now", "2030-01-01T00:00:00Z")
	if err != nil || !strings.Contains(out, `"reason": "ImageNotFound"`) {
		t.Fatalf("stdin: err %v\n%s", err, out)
	}
}

// TestUsageAndInputErrors: one line naming the problem, exit 1, never a panic.
func TestUsageAndInputErrors(t *testing.T) {
	bin := buildBinary(t)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "missing command"},
		{"unknown command", []string{"fix"}, `unknown command "fix"`},
		{"missing file", []string{"diagnose", "-f", "/nonexistent/dump.yaml"}, "cannot read input: open /nonexistent/dump.yaml: no such file or directory"},
		{"invalid yaml", []string{"diagnose", "-f", bad}, "invalid YAML at line 4"},
		{"bad output", []string{"diagnose", "-f", bad, "-o", "xml"}, `unknown output format "xml"`},
		{"bad lang", []string{"diagnose", "-f", bad, "--lang", "fr"}, `unknown language "fr"`},
		{"bad now", []string{"diagnose", "-f", bad, "--now", "yesterday"}, "is not an RFC 3339 time"},
		{"file and pod", []string{"diagnose", "-f", bad, "mypod"}, "POD, -n and -A are for live mode"},
		{"two pods", []string{"diagnose", "a", "b"}, "at most one POD name"},
		{"unknown flag", []string{"diagnose", "--frobnicate"}, "unknown flag: --frobnicate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stderr := runFailing(t, bin, tt.args...)
			last := lastLine(stderr)
			if !strings.HasPrefix(last, "pod-doctor: ") || !strings.Contains(last, tt.want) {
				t.Errorf("last stderr line %q, want it to contain %q", last, tt.want)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
				t.Errorf("stack trace on stderr:\n%s", stderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	out, _, err := runCLI(t, "", "--version")
	if err != nil || !strings.HasPrefix(out, "pod-doctor dev (commit unknown)") {
		t.Fatalf("version: %q %v", out, err)
	}
}

func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pod-doctor")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runFailing runs the built binary, requires exit code 1 (a usage or input
// error) and returns what it printed on stderr.
func runFailing(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if code := exitCode(cmd.Run()); code != 1 {
		t.Fatalf("exit code %d, want 1 (stderr %q)", code, stderr.String())
	}
	return stderr.String()
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}
