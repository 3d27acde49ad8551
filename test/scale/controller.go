package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// buildBinary builds the real command the way the Dockerfile does (static,
// stripped), so the measured process is the one that ships: a cgo build is
// dynamically linked and nearly twice the size, and the executable's pages
// count in RSS.
func buildBinary(ctx context.Context, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./cmd/pod-doctor")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/pod-doctor (run from the repository root): %w", err)
	}
	return nil
}

// controllerProc is a running `pod-doctor controller`.
type controllerProc struct {
	cmd     *exec.Cmd
	metrics string
	health  string
	pprof   string
	logPath string
	started time.Time
	done    chan struct{}
	exitErr error
	readyAt time.Time // set once, before ready is closed
	ready   chan struct{}
	// cpuAtReady is the CPU time the process had used when /readyz first
	// answered 200: what syncing the caches cost.
	cpuAtReady float64
	stopOnce   bool
}

// startController runs the binary's controller with the benchmark's
// addresses, extra flags, and env added to the environment.
func startController(ctx context.Context, bin string, cl *cluster, dir, name string, extra, env []string) (*controllerProc, error) {
	mAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	pAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	hAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	args := append([]string{"controller", "--kubeconfig=" + cl.kubeconfig, "--leader-elect=false",
		"--metrics-bind-address=" + mAddr, "--health-probe-bind-address=" + hAddr,
		"--pprof-bind-address=" + pAddr, "--zap-log-level=error"}, extra...)
	p := &controllerProc{cmd: exec.Command(bin, args...), metrics: mAddr, health: hAddr, pprof: pAddr, logPath: logPath, done: make(chan struct{}), ready: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	p.cmd.Env = append(os.Environ(), env...)
	p.started = time.Now()
	if err := p.cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	go func() {
		p.exitErr = p.cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	go p.watchReady(ctx)
	return p, nil
}

func (p *controllerProc) watchReady(ctx context.Context) {
	for ctx.Err() == nil {
		select {
		case <-p.done:
			return
		case <-time.After(50 * time.Millisecond):
		}
		if resp, err := http.Get("http://" + p.health + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.cpuAtReady, _ = procCPUSeconds(p.cmd.Process.Pid)
				p.readyAt = time.Now()
				close(p.ready)
				return
			}
		}
	}
}

func (p *controllerProc) waitReady(ctx context.Context, timeout time.Duration) error {
	select {
	case <-p.ready:
		return nil
	case <-time.After(timeout):
	case <-ctx.Done():
	}
	return fmt.Errorf("controller not ready after %s: %s", timeout, p.logTail())
}

// readyAfter is how long after start /readyz first answered 200 (zero if unseen).
func (p *controllerProc) readyAfter(start time.Time) time.Duration {
	select {
	case <-p.ready:
		return p.readyAt.Sub(start)
	default:
		return 0
	}
}

// stop sends SIGTERM and waits for a graceful exit.
func (p *controllerProc) stop() {
	if p.stopOnce {
		return
	}
	p.stopOnce = true
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
		p.exitErr = errors.New("did not stop within 30s of SIGTERM")
	}
}

func (p *controllerProc) logTail() string {
	b, _ := os.ReadFile(p.logPath)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// writeCounts are pod_doctor_api_writes_total by kind.
type writeCounts struct{ patch, event float64 }

func (w writeCounts) sub(o writeCounts) writeCounts {
	return writeCounts{w.patch - o.patch, w.event - o.event}
}
func (w writeCounts) total() float64 { return w.patch + w.event }

func (p *controllerProc) writes() (writeCounts, error) {
	fams, err := p.scrape()
	if err != nil {
		return writeCounts{}, err
	}
	var w writeCounts
	for _, m := range fams["pod_doctor_api_writes_total"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "kind" && l.GetValue() == "patch" {
				w.patch = m.GetCounter().GetValue()
			} else if l.GetName() == "kind" && l.GetValue() == "event" {
				w.event = m.GetCounter().GetValue()
			}
		}
	}
	return w, nil
}

// memory is what the controller process holds.
type memory struct {
	heapLive float64
	proc     procMemory // RSS, its peak and its parts, from /proc
}

// memory forces a GC in the controller (the heap profile endpoint does one
// with gc=1), so the live heap is measured now rather than at the last GC,
// which may have run mid-sync with transient list buffers alive. The
// profile is written to profilePath when that is not empty.
func (p *controllerProc) memory(profilePath string) (memory, error) {
	var prof []byte
	// Twice: objects parked in sync.Pools survive one collection.
	for range 2 {
		resp, err := http.Get("http://" + p.pprof + "/debug/pprof/heap?gc=1")
		if err != nil {
			return memory{}, fmt.Errorf("heap profile: %w", err)
		}
		prof, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return memory{}, err
		}
	}
	if profilePath != "" {
		if err := os.WriteFile(profilePath, prof, 0o644); err != nil {
			return memory{}, err
		}
	}
	fams, err := p.scrape()
	if err != nil {
		return memory{}, err
	}
	proc, err := readProcMemory(p.cmd.Process.Pid)
	if err != nil {
		return memory{}, err
	}
	return memory{
		heapLive: gauge(fams, "go_gc_heap_live_bytes"),
		proc:     proc,
	}, nil
}

func gauge(fams map[string]*dto.MetricFamily, name string) float64 {
	ms := fams[name].GetMetric()
	if len(ms) == 0 {
		return 0
	}
	if g := ms[0].GetGauge(); g != nil {
		return g.GetValue()
	}
	return ms[0].GetUntyped().GetValue()
}

func (p *controllerProc) scrape() (map[string]*dto.MetricFamily, error) {
	resp, err := http.Get("http://" + p.metrics + "/metrics")
	if err != nil {
		return nil, fmt.Errorf("scrape metrics: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil && !strings.Contains(err.Error(), "second TYPE") {
		return nil, fmt.Errorf("parse metrics: %w", err)
	}
	return fams, nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// engineQuantile is histogram_quantile(q) over the controller's
// pod_doctor_engine_duration_seconds, with the bucket it falls in and the
// number of observations: the buckets are a factor of 4 apart, so the
// interpolated value is only as precise as they are.
func (p *controllerProc) engineQuantile(q float64) (engineLatency, error) {
	fams, err := p.scrape()
	if err != nil {
		return engineLatency{}, err
	}
	ms := fams["pod_doctor_engine_duration_seconds"].GetMetric()
	if len(ms) == 0 {
		return engineLatency{}, errors.New("no pod_doctor_engine_duration_seconds in the controller's metrics")
	}
	return quantile(q, ms[0].GetHistogram()), nil
}

// engineLatency is one quantile of the engine's duration histogram.
type engineLatency struct {
	value, lo, hi float64 // seconds; the quantile lies in the bucket (lo, hi]
	count         uint64
}

func quantile(q float64, h *dto.Histogram) engineLatency {
	total := h.GetSampleCount()
	rank := q * float64(total)
	lo, below := 0.0, uint64(0)
	for _, b := range h.GetBucket() {
		hi, n := b.GetUpperBound(), b.GetCumulativeCount()
		if float64(n) >= rank && n > below {
			v := lo + (hi-lo)*(rank-float64(below))/float64(n-below)
			return engineLatency{value: v, lo: lo, hi: hi, count: total}
		}
		lo, below = hi, n
	}
	return engineLatency{value: lo, lo: lo, hi: lo, count: total}
}
