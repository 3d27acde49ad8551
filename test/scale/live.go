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
	wall   time.Duration
	maxRSS float64
	cpu    float64
	// serverCPU and etcdCPU are the CPU seconds the API server and etcd
	// spent while it ran: on two shared cores, where the wall time went.
	serverCPU, etcdCPU float64
	matched            int // abnormal pods whose row names the expected reason
	rows               int
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
	server, err := serverCPU()
	if err != nil {
		return liveRun{}, err
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
	err = cmd.Wait()
	r := liveRun{wall: time.Since(start), maxRSS: <-peak}
	if err != nil {
		return liveRun{}, fmt.Errorf("pod-doctor diagnose -A: %w: %s", err, errOut.String())
	}
	after, err := serverCPU()
	if err != nil {
		return liveRun{}, err
	}
	r.serverCPU, r.etcdCPU = after[0]-server[0], after[1]-server[1]
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

// serverCPU reads the CPU seconds the API server and etcd have used.
func serverCPU() ([2]float64, error) {
	var cpu [2]float64
	for i, name := range []string{"kube-apiserver", "etcd"} {
		pid, err := childProcess(name)
		if err != nil {
			return cpu, err
		}
		if cpu[i], err = procCPUSeconds(pid); err != nil {
			return cpu, err
		}
	}
	return cpu, nil
}
