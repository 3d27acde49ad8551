package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"syscall"
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
	if err := cmd.Run(); err != nil {
		return liveRun{}, fmt.Errorf("pod-doctor diagnose -A: %w: %s", err, errOut.String())
	}
	r := liveRun{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = float64(ru.Maxrss) * 1024 // kilobytes on Linux
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
