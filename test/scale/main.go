// Command scale is `make bench-scale`: it measures the pod-doctor controller
// against a real API server and etcd (envtest) holding N pods.
//
//  1. start envtest; create nodes and N pods spread over namespaces, 20%
//     abnormal with the status and events the kubelet / scheduler would
//     write (4 events each), the rest running and ready;
//  2. build and start the real `pod-doctor controller` binary as a separate
//     process (so its heap and RSS are its own) and time until every abnormal
//     pod carries its reason annotation;
//  3. count the controller's API writes (pod_doctor_api_writes_total) during
//     a quiet minute: nothing changes, so it must write nothing;
//  4. read its live heap (go_gc_heap_live_bytes) and RSS, per 1,000 cached
//     pods, and the marginal heap per pod against a run on an empty namespace;
//  5. run `pod-doctor diagnose -A -o json` over the cluster: wall time, peak
//     RSS, and that it names every abnormal pod's reason;
//  6. turn healthy pods OOMKilled at a steady rate and measure the latency from
//     each status update to the annotation being visible (p50 / p99);
//  7. start the controller twice more over the same cluster, listing the
//     classic way and then streaming (WatchList), and measure the API
//     server's memory during each start.
//
// With -curve it records the run's point in a JSON file and redraws the
// scaling plot (-plot) from every point the file holds.
//
// It is a benchmark, not a test: it prints the numbers and, with -o, writes
// them as Markdown. Flags: go run ./test/scale -h.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/go-logr/logr"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/pod-doctor/pod-doctor/internal/testenv"
)

type config struct {
	pods, nodes, namespaces, workers int
	deployments, services            int
	abnormal                         float64
	churnRate                        int
	churnFor, quiet                  time.Duration
	out                              string
	controllerFlags                  string
	skipBaseline                     bool
	heapProfile                      string
	live, compareWatchList           bool
	controller, hold                 bool
	liveGCTrace                      string
	curve, plot                      string
	writeQPS                         float64
}

func main() {
	var c config
	flag.IntVar(&c.pods, "pods", 5000, "pods to create")
	flag.Float64Var(&c.abnormal, "abnormal", 0.2, "fraction of pods created abnormal")
	flag.IntVar(&c.nodes, "nodes", 0, "nodes to create (0: one per 30 pods, at least 20)")
	flag.IntVar(&c.namespaces, "namespaces", 10, "namespaces to spread pods over")
	flag.IntVar(&c.workers, "workers", 16, "parallel API clients creating objects")
	flag.IntVar(&c.deployments, "deployments", 0, "Deployments owning the pods (each with 3 old ReplicaSets); 0 for bare pods")
	flag.IntVar(&c.services, "services", 0, "Services (at most -deployments), each selecting one Deployment's pods, with its EndpointSlice")
	flag.IntVar(&c.churnRate, "churn-rate", 50, "pods per second turned abnormal in the latency phase")
	flag.DurationVar(&c.churnFor, "churn-for", 20*time.Second, "length of the latency phase")
	flag.DurationVar(&c.quiet, "quiet", time.Minute, "length of the quiet period whose writes are counted")
	flag.StringVar(&c.out, "o", "", "also write the report as Markdown to this file")
	flag.StringVar(&c.controllerFlags, "controller-flags", "", "extra flags for `pod-doctor controller`, space-separated")
	flag.StringVar(&c.heapProfile, "heap-profile", "", "write the controller's heap profile (after the quiet period) to this file")
	flag.BoolVar(&c.skipBaseline, "skip-baseline", false, "skip the empty-namespace run that measures the baseline heap")
	flag.BoolVar(&c.live, "live", true, "time `pod-doctor diagnose -A` over the populated cluster")
	flag.StringVar(&c.liveGCTrace, "live-gctrace", "", "write the garbage collector's trace of `diagnose -A` to this file")
	flag.BoolVar(&c.hold, "hold", false, "with -controller=false: keep the populated cluster up until interrupted, to run diagnose against it by hand")
	flag.BoolVar(&c.controller, "controller", true, "measure the controller (false: populate, then only -live)")
	flag.BoolVar(&c.compareWatchList, "compare-watchlist", true, "measure the API server's memory during controller starts with and without WatchList")
	flag.StringVar(&c.curve, "curve", "", "record this run as a point of the scaling curve in this JSON file")
	flag.StringVar(&c.plot, "plot", "", "with -curve: redraw the scaling plot (SVG) from the curve file")
	flag.Float64Var(&c.writeQPS, "write-qps", 200, "the controller's write budget (--kube-api-qps), for the time-to-annotate target")
	flag.Parse()
	if c.nodes == 0 {
		c.nodes = max(20, c.pods/30)
	}
	if c.services > c.deployments || (c.deployments > 0 && c.pods < c.deployments) {
		fmt.Fprintln(os.Stderr, "bench-scale: -services must not exceed -deployments, nor -deployments -pods")
		os.Exit(2)
	}

	ctrllog.SetLogger(logr.Discard()) // envtest logs through it; the benchmark prints its own progress
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := run(ctx, c, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-scale:", err)
		os.Exit(1)
	}
	md := rep.markdown(c)
	fmt.Print(md)
	if c.curve != "" && c.controller {
		if err := recordPoint(c.curve, c.plot, rep.point(c)); err != nil {
			fmt.Fprintln(os.Stderr, "bench-scale:", err)
			os.Exit(1)
		}
	}
	if c.out != "" {
		if err := os.WriteFile(c.out, []byte(md), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "bench-scale:", err)
			os.Exit(1)
		}
	}
}

func run(ctx context.Context, c config, log io.Writer) (*report, error) {
	rep := &report{started: time.Now()}
	tmp, err := os.MkdirTemp("", "pod-doctor-scale-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "pod-doctor")
	logf(log, "building pod-doctor")
	if err := buildBinary(ctx, bin); err != nil {
		return nil, err
	}
	logf(log, "starting envtest from %s", testenv.ToolsDir())
	env, cfg, err := testenv.StartEnv()
	if err != nil {
		return nil, err
	}
	defer func() { _ = env.Stop() }()
	cl, err := newCluster(env, cfg, tmp)
	if err != nil {
		return nil, err
	}

	if !c.skipBaseline && c.controller {
		logf(log, "baseline: controller on an empty namespace")
		if rep.baseline, err = baseline(ctx, bin, cl, c, tmp); err != nil {
			return nil, err
		}
	}

	logf(log, "creating %d nodes and %d pods (%.0f%% abnormal, 4 events each)", c.nodes, c.pods, c.abnormal*100)
	t0 := time.Now()
	pop, err := cl.populate(ctx, c)
	if err != nil {
		return nil, err
	}
	rep.populate, rep.abnormal, rep.events = time.Since(t0), len(pop.abnormal), pop.events
	logf(log, "created in %s", rep.populate.Round(time.Second))

	if !c.controller {
		if err := liveDiagnose(ctx, c, bin, cl, pop, rep, log); err != nil {
			return nil, err
		}
		return rep, hold(ctx, c, cl, log)
	}
	w, err := cl.watchAnnotations(ctx)
	if err != nil {
		return nil, err
	}
	logf(log, "starting the controller")
	start := time.Now()
	ctrl, err := startController(ctx, bin, cl, tmp, "full", strings.Fields(c.controllerFlags), nil)
	if err != nil {
		return nil, err
	}
	defer ctrl.stop()
	if err := w.waitAll(ctx, pop.abnormal, 30*time.Minute); err != nil {
		return nil, fmt.Errorf("waiting for annotations: %w (controller log: %s)", err, ctrl.logTail())
	}
	rep.timeToAnnotate = time.Since(start)
	rep.ready, rep.syncCPU = ctrl.readyAfter(start), ctrl.cpuAtReady
	rep.firstAnnotation = w.firstSeen().Sub(start)
	logf(log, "ready after %s; first annotation after %s; every abnormal pod annotated after %s",
		rep.ready.Round(10*time.Millisecond), rep.firstAnnotation.Round(10*time.Millisecond), rep.timeToAnnotate.Round(100*time.Millisecond))
	// The watch can show a patch before the controller has counted it.
	time.Sleep(2 * time.Second)
	if rep.initialWrites, err = ctrl.writes(); err != nil {
		return nil, err
	}
	if rep.engine, err = ctrl.engineQuantile(0.99); err != nil {
		return nil, err
	}
	if err := quiet(ctx, c, ctrl, rep, log); err != nil {
		return nil, err
	}
	if err := liveDiagnose(ctx, c, bin, cl, pop, rep, log); err != nil {
		return nil, err
	}

	logf(log, "latency: %d pods/s turn OOMKilled for %s", c.churnRate, c.churnFor)
	if rep.latency, err = cl.churn(ctx, w, pop.healthy, c.churnRate, c.churnFor); err != nil {
		return nil, err
	}
	rep.cpuSeconds, _ = procCPUSeconds(ctrl.cmd.Process.Pid)
	stopStart := time.Now()
	ctrl.stop()
	rep.shutdown = time.Since(stopStart)
	rep.exitErr = ctrl.exitErr
	if c.compareWatchList {
		if rep.starts, err = compareWatchList(ctx, bin, cl, c, tmp, log); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// liveDiagnose times `pod-doctor diagnose -A` when -live asks for it.
func liveDiagnose(ctx context.Context, c config, bin string, cl *cluster, pop *population, rep *report, log io.Writer) error {
	if !c.live {
		return nil
	}
	logf(log, "pod-doctor diagnose -A over %d pods", c.pods)
	var err error
	if rep.live, err = runLiveDiagnose(ctx, bin, cl, pop.abnormal, c.liveGCTrace); err != nil {
		return err
	}
	logf(log, "  %s, peak RSS %s, %.1f s CPU (API server %.1f s, etcd %.1f s), %d of %d abnormal pods named", rep.live.wall.Round(10*time.Millisecond),
		mib(rep.live.maxRSS), rep.live.cpu, rep.live.serverCPU, rep.live.etcdCPU, rep.live.matched, len(pop.abnormal))
	return nil
}

// hold keeps the cluster up until interrupted when -hold asks for it.
func hold(ctx context.Context, c config, cl *cluster, log io.Writer) error {
	if !c.hold {
		return nil
	}
	logf(log, "holding the cluster until interrupted: KUBECONFIG=%s", cl.kubeconfig)
	<-ctx.Done()
	return nil
}

// quiet counts the writes of a quiet period, then takes the memory figures.
func quiet(ctx context.Context, c config, ctrl *controllerProc, rep *report, log io.Writer) error {
	logf(log, "quiet period of %s", c.quiet)
	select {
	case <-time.After(c.quiet):
	case <-ctx.Done():
		return ctx.Err()
	}
	after, err := ctrl.writes()
	if err != nil {
		return err
	}
	rep.quietWrites = after.sub(rep.initialWrites)
	if rep.memory, err = ctrl.memory(c.heapProfile); err != nil {
		return err
	}
	logf(log, "quiet writes %+v, heap %s, RSS %s (anonymous %s, file %s; peak %s)", rep.quietWrites, mib(rep.memory.heapLive),
		mib(rep.memory.proc.rss), mib(rep.memory.proc.anon), mib(rep.memory.proc.file), mib(rep.memory.proc.peak))
	return nil
}

// baseline runs the controller on one empty namespace: the heap and RSS a
// controller has before it caches any pod.
func baseline(ctx context.Context, bin string, cl *cluster, c config, tmp string) (memory, error) {
	ns := "scale-empty"
	if err := cl.createNamespace(ctx, ns); err != nil {
		return memory{}, err
	}
	args := append(strings.Fields(c.controllerFlags), "--namespaces="+ns)
	ctrl, err := startController(ctx, bin, cl, tmp, "baseline", args, nil)
	if err != nil {
		return memory{}, err
	}
	defer ctrl.stop()
	if err := ctrl.waitReady(ctx, time.Minute); err != nil {
		return memory{}, err
	}
	time.Sleep(2 * time.Second)
	return ctrl.memory("")
}

func logf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}
