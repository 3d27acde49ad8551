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
	firstAnnotation       time.Duration // from start
	syncCPU               float64       // controller CPU seconds until ready
	engine                engineLatency
	live                  liveRun
	starts                []startRun
}

// annotateTarget is the bound on the time from the caches' sync to
// every abnormal pod annotated: two writes each at the write budget, + 30 s.
func (r *report) annotateTarget(c config) time.Duration {
	return time.Duration((2*float64(r.abnormal)/c.writeQPS + 30) * float64(time.Second))
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
	if !c.controller {
		r.liveMarkdown(&b)
		return b.String()
	}
	fmt.Fprintf(&b, "| controller ready (/readyz 200: caches synced) after start | %s, %.1f s of CPU | |\n", r.ready.Round(10*time.Millisecond), r.syncCPU)
	fmt.Fprintf(&b, "| first annotation after the caches synced | %s | ≤ 5 s |\n", (r.firstAnnotation - r.ready).Round(10*time.Millisecond))
	fmt.Fprintf(&b, "| every abnormal pod annotated, after the caches synced | %s (%s after start) | ≤ %s (2 × %d ÷ %.0f QPS + 30 s) |\n",
		(r.timeToAnnotate - r.ready).Round(100*time.Millisecond), r.timeToAnnotate.Round(100*time.Millisecond), r.annotateTarget(c), r.abnormal, c.writeQPS)
	fmt.Fprintf(&b, "| API writes for the initial pass | %.0f patches, %.0f events | = abnormal pods each |\n", r.initialWrites.patch, r.initialWrites.event)
	fmt.Fprintf(&b, "| API writes during a quiet %s | %.0f | 0 |\n", c.quiet, r.quietWrites.total())
	fmt.Fprintf(&b, "| engine p99 (pod_doctor_engine_duration_seconds, n=%d) | %s (in the %s–%s bucket) | |\n",
		r.engine.count, micros(r.engine.value), micros(r.engine.lo), micros(r.engine.hi))
	fmt.Fprintf(&b, "| live heap (go_gc_heap_live_bytes) | %s total, %s per 1,000 pods | |\n", mib(r.memory.heapLive), perK(r.memory.heapLive))
	if r.baseline.heapLive > 0 {
		marginal := (r.memory.heapLive - r.baseline.heapLive) / float64(c.pods)
		fmt.Fprintf(&b, "| heap per cached pod (minus the %s of an empty controller) | %.2f KiB | ≤ 2 KiB |\n", mib(r.baseline.heapLive), marginal/1024)
	}
	rss := r.memory.proc
	fmt.Fprintf(&b, "| RSS | %s total (%s anonymous, %s file-backed), %s per 1,000 pods", mib(rss.rss), mib(rss.anon), mib(rss.file), perK(rss.rss))
	if r.baseline.proc.rss > 0 {
		fmt.Fprintf(&b, " (%s above an empty controller's %s)", perK(rss.rss-r.baseline.proc.rss), mib(r.baseline.proc.rss))
	}
	fmt.Fprintf(&b, "; peak %s | ≤ 400 MiB at 150,000 pods |\n", mib(rss.peak))
	r.liveMarkdown(&b)
	fmt.Fprintf(&b, "| status update → annotation visible, %d pods/s for %s (n=%d) | p50 %s, p99 %s, max %s | p99 ≤ 500ms |\n",
		c.churnRate, c.churnFor, len(r.latency), ms(r.latency.percentile(0.5)), ms(r.latency.percentile(0.99)), ms(r.latency.percentile(1)))
	fmt.Fprintf(&b, "| controller CPU over the whole run | %.1f s | |\n", r.cpuSeconds)
	exit := "clean"
	if r.exitErr != nil {
		exit = r.exitErr.Error()
	}
	fmt.Fprintf(&b, "| shutdown after SIGTERM | %s (%s) | |\n", r.shutdown.Round(10*time.Millisecond), exit)
	r.startsMarkdown(&b)
	return b.String()
}

func (r *report) liveMarkdown(b *strings.Builder) {
	if r.live.wall > 0 {
		fmt.Fprintf(b, "| `pod-doctor diagnose -A -o json` | %s, peak RSS %s, %.1f s CPU (API server %.1f s, etcd %.1f s); %d rows, %d of %d abnormal pods named right | ≤ 10 s, ≤ 1 GiB |\n",
			r.live.wall.Round(10*time.Millisecond), mib(r.live.maxRSS), r.live.cpu, r.live.serverCPU, r.live.etcdCPU, r.live.rows, r.live.matched, r.abnormal)
	}
}

// startsMarkdown is the side-by-side of the controller's starts with and
// without WatchList.
func (r *report) startsMarkdown(b *strings.Builder) {
	if len(r.starts) == 0 {
		return
	}
	fmt.Fprintf(b, "\nController start over the populated cluster, with and without WatchList (the API server's memory during the start):\n\n")
	fmt.Fprintf(b, "| initial list | ready after | controller CPU | controller peak RSS | API server RSS: before → peak | API server heap in use: before → peak |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, s := range r.starts {
		mode := "paginated list (WatchListClient=false)"
		if s.watchList {
			mode = "streaming (WatchList, the default)"
		}
		fmt.Fprintf(b, "| %s | %s | %.1f s | %s | %s → %s (+%s) | %s → %s (+%s) |\n", mode, s.ready.Round(10*time.Millisecond), s.cpu, mib(s.ctrlPeak),
			mib(s.server.rssBefore), mib(s.server.rssPeak), mib(s.server.rssPeak-s.server.rssBefore),
			mib(s.server.heapBefore), mib(s.server.heapPeak), mib(s.server.heapPeak-s.server.heapBefore))
	}
}

// point is the run as a point of the scaling curve.
func (r *report) point(c config) point {
	p := point{
		Pods: c.pods, Nodes: c.nodes, Abnormal: r.abnormal, Date: r.started.UTC().Format("2006-01-02"),
		RSSMiB: r.memory.proc.rss / (1 << 20), PeakRSSMiB: r.memory.proc.peak / (1 << 20), HeapMiB: r.memory.heapLive / (1 << 20),
		SyncSeconds: r.ready.Seconds(), SyncCPUSeconds: r.syncCPU,
		FirstSeconds: (r.firstAnnotation - r.ready).Seconds(), AnnotateSeconds: r.timeToAnnotate.Seconds(),
		TargetSeconds: r.annotateTarget(c).Seconds(), QuietWrites: r.quietWrites.total(), EngineP99Micros: r.engine.value * 1e6,
		LiveSeconds: r.live.wall.Seconds(), LiveRSSMiB: r.live.maxRSS / (1 << 20),
	}
	if r.baseline.heapLive > 0 {
		p.HeapPerPodKiB = (r.memory.heapLive - r.baseline.heapLive) / float64(c.pods) / 1024
	}
	return p
}

func mib(v float64) string          { return fmt.Sprintf("%.1f MiB", v/(1<<20)) }
func micros(seconds float64) string { return fmt.Sprintf("%.0f µs", seconds*1e6) }
func ms(d time.Duration) string {
	return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond))
}
