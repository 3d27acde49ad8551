//go:build faults

package faults

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/go-logr/logr"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/pod-doctor/pod-doctor/internal/testenv"
)

// repoRoot is the repository root (this file is test/faults/main_test.go).
var repoRoot = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}()

// controllerBin is the `pod-doctor` binary TestMain builds from this tree:
// the process under test is the one that ships.
var controllerBin string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// The test's controller-runtime client logs nothing worth reading.
	ctrllog.SetLogger(logr.Discard())
	dir, err := os.MkdirTemp("", "pod-doctor-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	// FAULTS_CONTROLLER_BIN runs the suite against a binary built elsewhere
	// (a release build, or a benchmark repeated without rebuilding).
	if controllerBin = os.Getenv("FAULTS_CONTROLLER_BIN"); controllerBin != "" {
		return m.Run()
	}
	controllerBin = filepath.Join(dir, "pod-doctor")
	build := exec.Command("go", "build", "-o", controllerBin, "./cmd/pod-doctor")
	build.Dir, build.Stdout, build.Stderr = repoRoot, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "go build ./cmd/pod-doctor: %v\n", err)
		return 1
	}
	return m.Run()
}

// requireTools fails the test when etcd or kube-apiserver is missing — a
// fault suite that silently does not run proves nothing — and skips it only
// when POD_DOCTOR_ALLOW_SKIP is set (a machine that cannot build them).
func requireTools(t *testing.T) {
	t.Helper()
	for _, name := range []string{"etcd", "kube-apiserver"} {
		if _, err := os.Stat(tool(name)); err == nil {
			continue
		}
		if os.Getenv("POD_DOCTOR_ALLOW_SKIP") != "" {
			t.Skipf("%s not found in %s and POD_DOCTOR_ALLOW_SKIP is set", name, testenv.ToolsDir())
		}
		t.Fatalf("%s not found in %s: run `make tools` (or set POD_DOCTOR_ALLOW_SKIP to skip)", name, testenv.ToolsDir())
	}
}

func tool(name string) string { return filepath.Join(testenv.ToolsDir(), name) }
