//go:build faults

package faults

import (
	"context"
	"testing"
	"time"
)

// TestExcludedNamespace: pods diagnosed in a namespace that the next
// controller run excludes (--exclude-namespaces) keep no pod-doctor
// annotations once it runs: stale causes nobody updates any more would
// mislead. They are removed quietly, as for the opt-out label (no Recovered
// event: the pod did not recover); the namespace still in scope keeps its
// annotations, since and single event.
func TestExcludedNamespace(t *testing.T) {
	cl := startCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	const kept, dropped = "scope-kept", "scope-dropped"
	diagnosed := map[string]want{}
	for _, ns := range []string{kept, dropped} {
		if err := cl.createNamespace(ctx, ns, nil); err != nil {
			t.Fatal(err)
		}
		for i, k := range abnormalKinds {
			if _, err := cl.createPod(ctx, newPod(ns, podName(i), k), k); err != nil {
				t.Fatal(err)
			}
			diagnosed[podName(i)] = diagnosedOnce(k, "")
		}
	}
	first := startController(t, cl, "pod-doctor-0")
	cl.waitState(t, kept, diagnosed, time.Minute, 0)
	cl.waitState(t, dropped, diagnosed, time.Minute, 0)
	since, err := cl.sinceOf(ctx, kept)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.stop(); err != nil {
		t.Fatal(err)
	}

	second := startController(t, cl, "pod-doctor-1", "--exclude-namespaces="+dropped)
	if err := second.waitReady(time.Minute); err != nil {
		t.Fatal(err)
	}
	cleaned, keptWants := map[string]want{}, map[string]want{}
	for i, k := range abnormalKinds {
		name := podName(i)
		cleaned[name] = want{diagnosed: diagnosed[name].diagnosed}
		keptWants[name] = diagnosedOnce(k, since[name])
	}
	cl.waitState(t, dropped, cleaned, 30*time.Second, 3*time.Second)
	cl.waitState(t, kept, keptWants, 0, 0)
}
