package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/pod-doctor/pod-doctor/internal/live"
	"github.com/pod-doctor/pod-doctor/internal/livetest"
	"github.com/pod-doctor/pod-doctor/internal/testenv"
)

// kubeconfigFor writes a kubeconfig for an admin user of the test API server.
func kubeconfigFor(tb testing.TB, env *envtest.Environment, cfg *rest.Config) string {
	tb.Helper()
	path, err := writeKubeconfig(env, cfg, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	return path
}

func writeKubeconfig(env *envtest.Environment, cfg *rest.Config, dir string) (string, error) {
	user, err := env.AddUser(envtest.User{Name: "admin", Groups: []string{"system:masters"}}, cfg)
	if err != nil {
		return "", err
	}
	data, err := user.KubeConfig()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "kubeconfig")
	return path, os.WriteFile(path, data, 0o600)
}

// TestLiveDiagnose runs `pod-doctor diagnose` against a real API server in
// its three live scopes: one pod, a namespace, all namespaces.
func TestLiveDiagnose(t *testing.T) {
	env, cfg := testenv.Start(t)
	kc := kubeconfigFor(t, env, cfg)
	cs, err := live.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := livetest.Populate(context.Background(), cs, "shop", 12, 6, 2); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // the three broken kinds, in Populate's rotation
		livetest.PodName(0): "ImageNotFound", livetest.PodName(1): "AppCrash", livetest.PodName(2): "InsufficientResources",
	}
	out, _, err := runCLI(t, "", "diagnose", livetest.PodName(0), "-n", "shop", "--kubeconfig", kc, "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	recs := decodeRecords(t, out)
	if len(recs) != 1 || recs[0]["reason"] != "ImageNotFound" || !strings.Contains(recs[0]["summary"].(string), "nginx:not-exist") {
		t.Fatalf("one pod: %v", recs)
	}
	for _, args := range [][]string{{"-n", "shop"}, {"-A"}} {
		out, _, err := runCLI(t, "", append([]string{"diagnose", "--kubeconfig", kc, "-o", "json"}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		recs := decodeRecords(t, out)
		if len(recs) != 6 {
			t.Fatalf("%v: want the 6 broken pods, got %d", args, len(recs))
		}
		for _, r := range recs {
			if w, ok := want[r["pod"].(string)]; ok && r["reason"] != w {
				t.Errorf("%v: %s is %s, want %s", args, r["pod"], r["reason"], w)
			}
		}
	}
}

func decodeRecords(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return recs
}

var (
	benchOnce sync.Once
	benchEnv  *envtest.Environment
	benchKC   string
	benchErr  error
)

// TestMain stops the benchmark's API server, which outlives single iterations.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchEnv != nil {
		_ = benchEnv.Stop()
	}
	os.Exit(code)
}

// BenchmarkLiveDiagnose5000 is issue 2's live target: 5,000 pods, 1,000 of
// them abnormal with one or two events each, on a local API server; one op is
// a whole `pod-doctor diagnose -A -o json` run (target ≤ 2 s).
//
//	make bench-live
func BenchmarkLiveDiagnose5000(b *testing.B) {
	benchOnce.Do(func() {
		env, cfg, err := testenv.StartEnv()
		if err != nil {
			benchErr = err
			return
		}
		benchEnv = env
		// The server outlives this first iteration (the benchmark function runs
		// again with larger b.N); TestMain stops it.
		dir, err := os.MkdirTemp("", "pod-doctor-bench")
		if err == nil {
			benchKC, err = writeKubeconfig(env, cfg, dir)
		}
		if err != nil {
			benchErr = err
			return
		}
		fast := rest.CopyConfig(cfg)
		fast.QPS, fast.Burst = 2000, 4000
		cs, err := live.NewClient(fast)
		if err == nil {
			err = livetest.Populate(context.Background(), cs, "load", 5000, 1000, 16)
		}
		benchErr = err
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out, errOut strings.Builder
		if err := run(context.Background(), []string{"diagnose", "-A", "--kubeconfig", benchKC, "-o", "json"}, strings.NewReader(""), &out, &errOut); err != nil {
			b.Fatal(err)
		}
		if n := strings.Count(out.String(), `"reason"`); n != 1000 {
			b.Fatalf("want 1000 abnormal pods, got %d", n)
		}
	}
}
