//go:build faults

package faults

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// samples are the controller's gauges, scraped every second of the storm.
type samples struct {
	maxQueue, maxRSS, lastRSS float64
	n                         int
}

type sampler struct {
	done chan struct{}
	out  chan samples
}

// sampleController scrapes the workqueue depth and the RSS every second
// until stop.
func sampleController(c *controller) *sampler {
	s := &sampler{done: make(chan struct{}), out: make(chan samples, 1)}
	go func() {
		var got samples
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-s.done:
				s.out <- got
				return
			case <-tick.C:
			}
			m, err := scrape(c.metricsAddr)
			if err != nil {
				continue
			}
			got.n++
			got.maxQueue = max(got.maxQueue, m.sum("workqueue_depth", map[string]string{"name": "pod-doctor"}))
			got.lastRSS = m.sum("process_resident_memory_bytes", nil)
			got.maxRSS = max(got.maxRSS, got.lastRSS)
		}
	}()
	return s
}

func (s *sampler) stop() samples {
	close(s.done)
	return <-s.out
}

// stormReport is what TestCrashloopStorm measured, printed as the rows of
// the table in docs/performance.md.
type stormReport struct {
	cfg                        stormConfig
	flips                      int64
	stormSeconds               float64
	initial                    time.Duration
	writesInStorm, writesTotal int
	latency                    []time.Duration
	samples                    samples
}

func (r stormReport) markdown() string {
	lat := slices.Sorted(slices.Values(r.latency))
	rows := [][2]string{
		{"crashlooping pods / new causes", fmt.Sprintf("%d / %d", r.cfg.pods, r.cfg.fresh)},
		{"--kube-api-qps / --kube-api-burst", fmt.Sprintf("%d / %d", r.cfg.qps, r.cfg.burst)},
		{"first diagnosis of every pod", r.initial.Round(100 * time.Millisecond).String()},
		{"storm", fmt.Sprintf("%.0f s, %d status updates (%.1f/s)", r.stormSeconds, r.flips, float64(r.flips)/r.stormSeconds)},
		{"controller writes during the storm", fmt.Sprintf("%d (%.2f/s)", r.writesInStorm, float64(r.writesInStorm)/r.stormSeconds)},
		{"controller writes in all", fmt.Sprint(r.writesTotal)},
		{"new cause → annotation p50 / p99 / max", fmt.Sprintf("%s / %s / %s", pct(lat, 0.5), pct(lat, 0.99), pct(lat, 1))},
		{"workqueue depth, max", fmt.Sprintf("%.0f", r.samples.maxQueue)},
		{"controller RSS, max / end", fmt.Sprintf("%.1f / %.1f MiB", r.samples.maxRSS/(1<<20), r.samples.lastRSS/(1<<20))},
	}
	var b strings.Builder
	b.WriteString("| measure | value |\n| --- | --- |\n")
	for _, row := range rows {
		fmt.Fprintf(&b, "| %s | %s |\n", row[0], row[1])
	}
	return b.String()
}

// pct is the p-quantile (nearest rank) of sorted durations.
func pct(sorted []time.Duration, p float64) string {
	if len(sorted) == 0 {
		return "n/a"
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	i = min(max(i, 0), len(sorted)-1)
	return sorted[i].Round(10 * time.Millisecond).String()
}
