package main

import (
	"fmt"
	"runtime"
	"strings"
	"time"
)

// report holds the numbers the benchmark prints.
type report struct {
	started               time.Time
	populate              time.Duration
	abnormal, events      int
	ready, timeToAnnotate time.Duration
	initialWrites         writeCounts
	quietWrites           writeCounts
	baseline, memory      memory
	latency               latencies
	cpuSeconds            float64
	shutdown              time.Duration
	exitErr               error
}

func (r *report) markdown(c config) string {
	var b strings.Builder
	perK := func(v float64) string { return mib(v / float64(c.pods) * 1000) }
	fmt.Fprintf(&b, "## pod-doctor controller at %d pods (%s)\n\n", c.pods, r.started.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "Machine: %d CPUs (%s/%s), %s; envtest kube-apiserver and etcd on the same host.\n\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(&b, "Population: %d pods in %d namespaces on %d nodes, %d abnormal (%d events), created in %s.",
		c.pods, c.namespaces, c.nodes, r.abnormal, r.events, r.populate.Round(time.Second))
	if c.deployments > 0 {
		fmt.Fprintf(&b, " The pods belong to %d Deployments, each with %d ReplicaSets (%d scaled down), and %d Services select them, each with its EndpointSlice.",
			c.deployments, oldReplicaSets+1, oldReplicaSets, c.services)
	}
	fmt.Fprintf(&b, "\n\n")
	fmt.Fprintf(&b, "| measure | value | target |\n| --- | --- | --- |\n")
	fmt.Fprintf(&b, "| controller ready (/readyz 200) after start | %s | |\n", r.ready.Round(10*time.Millisecond))
	fmt.Fprintf(&b, "| time until every abnormal pod is annotated | %s | |\n", r.timeToAnnotate.Round(10*time.Millisecond))
	fmt.Fprintf(&b, "| API writes for the initial pass | %.0f patches, %.0f events | = abnormal pods each |\n", r.initialWrites.patch, r.initialWrites.event)
	fmt.Fprintf(&b, "| API writes during a quiet %s | %.0f | 0 |\n", c.quiet, r.quietWrites.total())
	fmt.Fprintf(&b, "| live heap (go_gc_heap_live_bytes) | %s total, %s per 1,000 pods | |\n", mib(r.memory.heapLive), perK(r.memory.heapLive))
	if r.baseline.heapLive > 0 {
		marginal := (r.memory.heapLive - r.baseline.heapLive) / float64(c.pods)
		fmt.Fprintf(&b, "| heap per cached pod (minus the %s of an empty controller) | %.2f KiB | ≤ 2 KiB |\n", mib(r.baseline.heapLive), marginal/1024)
	}
	fmt.Fprintf(&b, "| RSS | %s total, %s per 1,000 pods", mib(r.memory.rss), perK(r.memory.rss))
	if r.baseline.rss > 0 {
		fmt.Fprintf(&b, " (%s above an empty controller's %s)", perK(r.memory.rss-r.baseline.rss), mib(r.baseline.rss))
	}
	fmt.Fprintf(&b, " | |\n")
	fmt.Fprintf(&b, "| status update → annotation visible, %d pods/s for %s (n=%d) | p50 %s, p99 %s, max %s | p99 ≤ 500ms |\n",
		c.churnRate, c.churnFor, len(r.latency), ms(r.latency.percentile(0.5)), ms(r.latency.percentile(0.99)), ms(r.latency.percentile(1)))
	fmt.Fprintf(&b, "| controller CPU over the whole run | %.1f s | |\n", r.cpuSeconds)
	exit := "clean"
	if r.exitErr != nil {
		exit = r.exitErr.Error()
	}
	fmt.Fprintf(&b, "| shutdown after SIGTERM | %s (%s) | |\n", r.shutdown.Round(10*time.Millisecond), exit)
	return b.String()
}

func mib(v float64) string { return fmt.Sprintf("%.1f MiB", v/(1<<20)) }
func ms(d time.Duration) string {
	return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond))
}
