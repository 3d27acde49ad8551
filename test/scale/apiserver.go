package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// serverMemory is what the API server process held while a controller
// started: its RSS before and at the peak (VmHWM, reset at the start), and
// its Go heap in use before and at the highest of the samples taken every
// heapSampleEvery (RSS alone would hide a second spike behind the pages the
// first one left mapped).
type serverMemory struct {
	rssBefore, rssPeak   float64
	heapBefore, heapPeak float64
}

const heapSampleEvery = 250 * time.Millisecond

// startServerWatch begins measuring the API server; the function it returns
// ends the measurement.
func (c *cluster) startServerWatch(ctx context.Context) (func() (serverMemory, error), error) {
	pid, err := childProcess("kube-apiserver")
	if err != nil {
		return nil, err
	}
	if err := resetPeak(pid); err != nil {
		return nil, err
	}
	before, err := readProcMemory(pid)
	if err != nil {
		return nil, err
	}
	heap, err := c.serverHeap(ctx)
	if err != nil {
		return nil, err
	}
	m := serverMemory{rssBefore: before.rss, heapBefore: heap, heapPeak: heap}
	var mu sync.Mutex
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-time.After(heapSampleEvery):
			}
			if h, err := c.serverHeap(ctx); err == nil {
				mu.Lock()
				m.heapPeak = max(m.heapPeak, h)
				mu.Unlock()
			}
		}
	}()
	return func() (serverMemory, error) {
		close(done)
		<-stopped
		now, err := readProcMemory(pid)
		mu.Lock()
		defer mu.Unlock()
		m.rssPeak = now.peak
		return m, err
	}, nil
}

// serverHeap reads go_memstats_heap_inuse_bytes from the API server's own
// /metrics.
func (c *cluster) serverHeap(ctx context.Context) (float64, error) {
	rc, err := c.cs.CoreV1().RESTClient().Get().AbsPath("/metrics").Stream(ctx)
	if err != nil {
		return 0, fmt.Errorf("API server metrics: %w", err)
	}
	defer rc.Close()
	return metricValue(rc, "go_memstats_heap_inuse_bytes")
}

// metricValue finds an unlabelled sample in Prometheus text without
// parsing the rest (the API server's metrics run to megabytes).
func metricValue(r io.Reader, name string) (float64, error) {
	prefix := []byte(name + " ")
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), prefix); ok {
			return strconv.ParseFloat(strings.TrimSpace(string(v)), 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("metric %s not found", name)
}

// startRun is one controller start, measured on both sides.
type startRun struct {
	watchList bool
	ready     time.Duration // process start to /readyz 200 (caches synced)
	cpu       float64       // controller CPU seconds until ready
	ctrlPeak  float64       // controller peak RSS until ready
	server    serverMemory
}

// compareWatchList starts the controller over the populated cluster twice,
// first listing the classic way (client-go's WatchListClient gate off: a
// paginated list, which the API server serves from its watch cache as one
// response because resourceVersion=0 ignores the limit), then streaming
// (WatchList: the initial objects come as watch events). Every pod already
// carries its annotation, so the start is the only work either does.
func compareWatchList(ctx context.Context, bin string, cl *cluster, c config, tmp string, log io.Writer) ([]startRun, error) {
	var runs []startRun
	for i, on := range []bool{false, true} {
		if i > 0 {
			// Let the API server's garbage collector catch up before the next start.
			select {
			case <-time.After(30 * time.Second):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		logf(log, "controller start with WatchListClient=%t", on)
		r, err := measureStart(ctx, bin, cl, c, tmp, on)
		if err != nil {
			return nil, err
		}
		runs = append(runs, r)
		logf(log, "  ready after %s; API server RSS +%s, heap +%s; controller peak %s",
			r.ready.Round(10*time.Millisecond), mib(r.server.rssPeak-r.server.rssBefore), mib(r.server.heapPeak-r.server.heapBefore), mib(r.ctrlPeak))
		// Let the API server's garbage collector catch up before the next start.
		select {
		case <-time.After(30 * time.Second):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return runs, nil
}

func measureStart(ctx context.Context, bin string, cl *cluster, c config, tmp string, watchList bool) (startRun, error) {
	finish, err := cl.startServerWatch(ctx)
	if err != nil {
		return startRun{}, err
	}
	env := []string{"KUBE_FEATURE_WatchListClient=" + strconv.FormatBool(watchList)}
	start := time.Now()
	ctrl, err := startController(ctx, bin, cl, tmp, fmt.Sprintf("watchlist-%t", watchList), strings.Fields(c.controllerFlags), env)
	if err != nil {
		_, _ = finish()
		return startRun{}, err
	}
	defer ctrl.stop()
	if err := ctrl.waitReady(ctx, 20*time.Minute); err != nil {
		_, _ = finish()
		return startRun{}, err
	}
	r := startRun{watchList: watchList, ready: ctrl.readyAfter(start), cpu: ctrl.cpuAtReady}
	if r.server, err = finish(); err != nil {
		return startRun{}, err
	}
	mem, err := readProcMemory(ctrl.cmd.Process.Pid)
	if err != nil {
		return startRun{}, err
	}
	r.ctrlPeak = mem.peak
	return r, nil
}
