//go:build faults

package faults

import (
	"context"
	"testing"
	"time"
)

// TestPatchRefused: a ValidatingAdmissionPolicy refuses every pod patch of
// the controller's in one namespace. A diagnosis that could not be recorded
// is not announced: no annotation and no Diagnosed event there, although
// the controller tried (the audit log shows its refused patches). Another
// namespace is diagnosed as usual.
func TestPatchRefused(t *testing.T) {
	cl := startCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	const denied, allowed = "patch-denied", "patch-allowed"
	kinds := []podKind{kindImage, kindOOM, kindConfig, kindPending}
	if err := cl.createNamespace(ctx, denied, map[string]string{labelDenyPodPatch: "true"}); err != nil {
		t.Fatal(err)
	}
	if err := cl.createNamespace(ctx, allowed, nil); err != nil {
		t.Fatal(err)
	}
	deniedWants, allowedWants := map[string]want{}, map[string]want{}
	for i, k := range kinds {
		for _, ns := range []string{denied, allowed} {
			if _, err := cl.createPod(ctx, newPod(ns, podName(i), k), k); err != nil {
				t.Fatal(err)
			}
		}
		deniedWants[podName(i)] = want{}
		allowedWants[podName(i)] = diagnosedOnce(k, "")
	}
	cl.installPolicy(t, "deny-pod-patch.yaml", probePodPatch(denied, podName(0)))

	startController(t, cl, "pod-doctor-0")
	cl.waitState(t, allowed, allowedWants, time.Minute, 0)
	waitRefusedPatches(t, cl, denied, len(kinds), time.Minute)
	cl.waitState(t, denied, deniedWants, 0, 5*time.Second)
	cl.waitState(t, allowed, allowedWants, 0, 0)
}

// waitRefusedPatches waits until the audit log shows a refused (403) patch
// of the controller's for each of n pods of ns: proof it diagnosed them.
func waitRefusedPatches(t *testing.T, cl *cluster, ns string, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	seen := map[string]bool{}
	for time.Now().Before(deadline) {
		ws, err := cl.controllerWrites()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range podPatches(ws, ns) {
			if w.code == 403 {
				seen[w.name] = true
			}
		}
		if len(seen) == n {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("refused patches seen for %d pods of %s (%v) after %s, want %d", len(seen), ns, seen, timeout, n)
}
