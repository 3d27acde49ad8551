//go:build faults

package faults

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

// stormConfig sizes TestCrashloopStorm. `make test` runs the defaults;
// `make bench-faults` the 10,000 pods for 5 minutes.
type stormConfig struct {
	pods, fresh int
	duration    time.Duration
	qps, burst  int
}

func stormConfigFromEnv(t *testing.T) stormConfig {
	c := stormConfig{pods: envInt(t, "FAULTS_STORM_PODS", 500), fresh: envInt(t, "FAULTS_STORM_FRESH", 20),
		duration: time.Duration(envInt(t, "FAULTS_STORM_SECONDS", 60)) * time.Second,
		qps:      envInt(t, "FAULTS_STORM_QPS", 50), burst: envInt(t, "FAULTS_STORM_BURST", 50)}
	return c
}

func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive integer", name, s)
	}
	return n
}

// writeBoundSlack is the allowance for measuring the client's token bucket
// at the server: a request is stamped when the API server receives it, up
// to one request latency after it left the limiter.
const writeBoundSlack = time.Second

// TestCrashloopStorm: pods crashloop with an unchanged cause (OOMKilled),
// the kubelet raising their restart count every 10–30 s, while a few healthy
// pods break with a new cause. Asserted: the controller's writes never
// exceed what --kube-api-qps/--kube-api-burst allow, and once every pod is
// diagnosed a crashlooping pod costs at most one write per 10 minutes and no
// event. Reported: writes/s, queue depth, RSS and the status→annotation
// latency of the new causes.
func TestCrashloopStorm(t *testing.T) {
	cfg := stormConfigFromEnv(t)
	cl := startCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), cfg.duration+30*time.Minute)
	defer cancel()
	const ns = "storm"
	if err := cl.createNamespace(ctx, ns, nil); err != nil {
		t.Fatal(err)
	}
	st, err := newStorm(ctx, cl, ns, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctrl := startController(t, cl, "pod-doctor-0", fmt.Sprintf("--kube-api-qps=%d", cfg.qps), fmt.Sprintf("--kube-api-burst=%d", cfg.burst))
	initial := time.Now()
	cl.waitState(t, ns, st.wants(nil), time.Duration(4*cfg.pods/cfg.qps)*time.Second+2*time.Minute, 0)
	since, err := cl.sinceOf(ctx, ns)
	if err != nil {
		t.Fatal(err)
	}
	settled := time.Now()
	t.Logf("%d crashlooping pods diagnosed %s after the controller started", cfg.pods, settled.Sub(initial).Round(100*time.Millisecond))

	sampler := sampleController(ctrl)
	latency, end, err := st.run(ctx, cfg.duration)
	samples := sampler.stop()
	if err != nil {
		t.Fatal(err)
	}
	cl.waitState(t, ns, st.wants(since), time.Minute, 0)

	ws, err := cl.controllerWrites()
	if err != nil {
		t.Fatal(err)
	}
	checkWriteBound(t, ws, cfg)
	checkSettled(t, ws, st, settled, end)
	r := stormReport{cfg: cfg, flips: st.flips.Load(), stormSeconds: end.Sub(settled).Seconds(), latency: latency, samples: samples,
		initial: settled.Sub(initial), writesInStorm: countBetween(ws, settled, end), writesTotal: len(ws)}
	t.Log("\n" + r.markdown())
}

// checkWriteBound: in any window of 10 s the controller wrote at most what a
// token bucket of qps and burst allows (plus writeBoundSlack).
func checkWriteBound(t *testing.T, ws []write, cfg stormConfig) {
	t.Helper()
	sorted := slices.SortedFunc(slices.Values(ws), func(a, b write) int { return a.at.Compare(b.at) })
	for _, d := range []time.Duration{time.Second, 10 * time.Second} {
		limit := cfg.burst + int(float64(cfg.qps)*(d+writeBoundSlack).Seconds())
		if got := maxInWindow(sorted, d); got > limit {
			t.Errorf("controller wrote %d times within %s, want <= %d (--kube-api-qps=%d --kube-api-burst=%d)", got, d, limit, cfg.qps, cfg.burst)
		} else {
			t.Logf("most writes within %s: %d (bound %d)", d, got, limit)
		}
	}
}

// checkSettled: after its first diagnosis a crashlooping pod gets no
// event, and patches at least refreshInterval apart (volatile facts such as
// the restart count are refreshed at most that often).
func checkSettled(t *testing.T, ws []write, st *storm, from, to time.Time) {
	t.Helper()
	patches := map[string][]time.Time{}
	events := 0
	for _, w := range ws {
		if !st.isStormPod(w.name, w.resource) {
			continue
		}
		switch {
		case w.resource == "pods":
			patches[w.name] = append(patches[w.name], w.at)
		case !w.at.Before(from) && !w.at.After(to):
			events++
		}
	}
	var over []string
	for _, name := range slices.Sorted(maps.Keys(patches)) {
		at := patches[name]
		slices.SortFunc(at, time.Time.Compare)
		for k := 1; k < len(at); k++ {
			if gap := at[k].Sub(at[k-1]); gap < refreshInterval {
				over = append(over, fmt.Sprintf("%s patched at %s and %s (%s apart)", name,
					at[k-1].Format(time.TimeOnly), at[k].Format(time.TimeOnly), gap.Round(time.Millisecond)))
				break
			}
		}
	}
	if len(over) > 0 {
		t.Errorf("%d crashlooping pods patched twice within %s, want at most once:\n%s", len(over), refreshInterval, firstN(over, 10))
	}
	if events > 0 {
		t.Errorf("%d events about crashlooping pods with an unchanged cause during the storm, want 0", events)
	}
}

// refreshInterval is the bound: at most one write per pod per 10
// minutes for an unchanged cause.
const refreshInterval = 10 * time.Minute

func countBetween(ws []write, from, to time.Time) int {
	n := 0
	for _, w := range ws {
		if !w.at.Before(from) && !w.at.After(to) {
			n++
		}
	}
	return n
}
