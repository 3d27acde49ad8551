package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// liveRun is one `pod-doctor diagnose -A -o json` over the whole cluster, as
// an SRE would run it: the real binary, its wall time, peak RSS and CPU.
type liveRun struct {
	wall    time.Duration
	maxRSS  float64
	cpu     float64
	matched int // abnormal pods whose row names the expected reason
	rows    int
}

func runLiveDiagnose(ctx context.Context, bin string, cl *cluster, want map[string]string, gcTrace string) (liveRun, error) {
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "diagnose", "-A", "-o", "json", "--kubeconfig="+cl.kubeconfig)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if gcTrace != "" {
		// The garbage collector's trace shows the heap over the run.
		cmd.Env = append(os.Environ(), "GODEBUG=gctrace=1")
		defer func() { _ = os.WriteFile(gcTrace, errOut.Bytes(), 0o644) }()
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return liveRun{}, fmt.Errorf("pod-doctor diagnose -A: %w", err)
	}
	// The peak RSS is read from /proc while the process runs: the rusage of
	// a child (Maxrss) also counts the memory of the benchmark it was
	// forked from, which holds the whole population.
	peak := make(chan float64)
	go func() {
		var hwm float64
		for {
			if m, err := readProcMemory(cmd.Process.Pid); err == nil {
				hwm = max(hwm, m.peak)
			}
			select {
			case <-time.After(20 * time.Millisecond):
			case peak <- hwm:
				return
			}
		}
	}()
	err := cmd.Wait()
	r := liveRun{wall: time.Since(start), maxRSS: <-peak}
	if err != nil {
		return liveRun{}, fmt.Errorf("pod-doctor diagnose -A: %w: %s", err, errOut.String())
	}
	r.cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	var rows []struct {
		Namespace string `json:"namespace"`
		Pod       string `json:"pod"`
		Reason    string `json:"reason"`
	}
	if err := json.Unmarshal(out.Bytes(), &rows); err != nil {
		return liveRun{}, fmt.Errorf("reading diagnose -o json: %w", err)
	}
	r.rows = len(rows)
	for _, row := range rows {
		if row.Pod != "" && want[row.Namespace+"/"+row.Pod] == row.Reason {
			r.matched++
		}
	}
	return r, nil
}
