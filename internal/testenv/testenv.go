// Package testenv starts a real kube-apiserver and etcd (controller-runtime
// envtest) from the binaries `make tools` builds into bin/, and finds the
// other pinned tools (kubectl, helm) the same way. Tests fail, never skip,
// when the binaries are missing: a test that silently does not run proves nothing.
package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// ToolsDir is where the pinned tool binaries live: $POD_DOCTOR_TOOLS,
// $KUBEBUILDER_ASSETS, or bin/ at the repository root.
func ToolsDir() string {
	for _, env := range []string{"POD_DOCTOR_TOOLS", "KUBEBUILDER_ASSETS"} {
		if d := os.Getenv(env); d != "" {
			return d
		}
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "bin")
}

// Tool returns the path of a pinned tool binary, failing the test when it is missing.
func Tool(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(ToolsDir(), name)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("%s not found in %s: run `make tools` (or `make test`, which builds it)", name, ToolsDir())
	}
	return p
}

// Start runs a fresh API server and etcd for the test and stops them when it ends.
func Start(tb testing.TB) (*envtest.Environment, *rest.Config) {
	tb.Helper()
	env, cfg, err := StartEnv()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := env.Stop(); err != nil {
			tb.Logf("stopping envtest: %v", err)
		}
	})
	return env, cfg
}

// StartEnv is Start for programs that are not tests (the scale benchmark).
func StartEnv() (*envtest.Environment, *rest.Config, error) {
	dir := ToolsDir()
	for _, b := range []string{"kube-apiserver", "etcd"} {
		if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
			return nil, nil, fmt.Errorf("%s not found in %s: run `make tools`", b, dir)
		}
	}
	env := &envtest.Environment{BinaryAssetsDirectory: dir}
	// etcd's default 2 GiB quota is reached by the scale benchmark's 150,000
	// pods and their history between compactions; a full etcd would refuse
	// every write.
	env.ControlPlane.Etcd = &envtest.Etcd{}
	env.ControlPlane.Etcd.Configure().Set("quota-backend-bytes", "8589934592")
	cfg, err := env.Start()
	if err != nil {
		return nil, nil, fmt.Errorf("starting envtest: %w", err)
	}
	return env, cfg, nil
}
