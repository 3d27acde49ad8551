//go:build faults

package faults

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// ratedPods is how many new causes the controller announces at once.
const ratedPods = 20

// TestEventsRateLimited: the API server's EventRateLimit admission plugin
// answers 429 to the controller's events beyond its per-user budget. Every
// pod is annotated all the same, and each announcement is either one event
// or one count in pod_doctor_events_dropped_total{reason="rate_limited"}:
// never both, never neither, never two events.
func TestEventsRateLimited(t *testing.T) {
	cl := startCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	const ns = "ev-limited"
	if err := cl.createNamespace(ctx, ns, nil); err != nil {
		t.Fatal(err)
	}
	wants := map[string]want{}
	for i := range ratedPods {
		k := abnormalKinds[i%len(abnormalKinds)]
		if _, err := cl.createPod(ctx, newPod(ns, podName(i), k), k); err != nil {
			t.Fatal(err)
		}
		w := diagnosedOnce(k, "")
		w.mayLoseEvent = true // dropped after its retries, and counted
		wants[podName(i)] = w
	}
	// Only now limit events, so the test's own kubelet events are all in.
	cl.enableEventRateLimit(t)
	ctrl := startController(t, cl, "pod-doctor-0")
	cl.waitState(t, ns, wants, time.Minute, 0)
	// A refused event is retried after 1 s and 5 s, then given up on.
	time.Sleep(10 * time.Second)
	m, err := scrape(ctrl.metricsAddr)
	if err != nil {
		t.Fatal(err)
	}
	views, err := cl.view(ctx, ns)
	if err != nil {
		t.Fatal(err)
	}
	created := ratedPods - lostEvents(views, wants)
	dropped := m.byLabel(metricEventsDropped, "reason")["rate_limited"]
	t.Logf("%d Diagnosed events created, %v dropped after 429s", created, dropped)
	if dropped == 0 {
		t.Errorf("no event was rate limited: the limit did not bind")
	}
	if float64(created)+dropped != ratedPods {
		t.Errorf("%d events + %v dropped, want exactly %d: one announcement per pod, created or counted", created, dropped, ratedPods)
	}
	if got := m.sum("pod_doctor_diagnoses_total", nil); got != ratedPods {
		t.Errorf("pod_doctor_diagnoses_total = %v, want %d: one per pod annotated", got, ratedPods)
	}
	cl.waitState(t, ns, wants, 0, 0)
}

// enableEventRateLimit restarts the API server with the EventRateLimit
// admission plugin (testdata/eventratelimit.yaml) and checks that it bites.
func (cl *cluster) enableEventRateLimit(t *testing.T) {
	t.Helper()
	for _, f := range []string{"admission-eventratelimit.yaml", "eventratelimit.yaml"} {
		if err := copyFile(filepath.Join("testdata", f), filepath.Join(cl.dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	cl.apiArgs = append(cl.apiArgs, "--enable-admission-plugins=EventRateLimit",
		"--admission-control-config-file="+filepath.Join(cl.dir, "admission-eventratelimit.yaml"))
	cl.killAPIServer()
	if err := cl.startAPIServer(); err != nil {
		t.Fatal(err)
	}
}
