package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The benchmark reads the processes it measures from /proc (Linux): RSS and
// its peak (VmHWM) from status, CPU time from stat. The peak can be reset
// (clear_refs 5), so one process's peak can be taken over one phase.

// procMemory is a process's resident memory now and its peak, in bytes, and
// how much of it is anonymous (heap, stacks) or file-backed (the mapped
// executable: counted in RSS, but clean pages the kernel can drop).
type procMemory struct{ rss, peak, anon, file float64 }

func readProcMemory(pid int) (procMemory, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procMemory{}, fmt.Errorf("reading process %d status: %w", pid, err)
	}
	var m procMemory
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		switch k {
		case "VmRSS":
			m.rss = kib(v)
		case "VmHWM":
			m.peak = kib(v)
		case "RssAnon":
			m.anon = kib(v)
		case "RssFile":
			m.file = kib(v)
		}
	}
	return m, nil
}

// kib parses "   1234 kB" into bytes.
func kib(v string) float64 {
	f := strings.Fields(v)
	if len(f) == 0 {
		return 0
	}
	n, _ := strconv.ParseFloat(f[0], 64)
	return n * 1024
}

// resetPeak makes VmHWM start again from the current RSS.
func resetPeak(pid int) error {
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		return fmt.Errorf("resetting the peak RSS of process %d: %w", pid, err)
	}
	return nil
}

// procCPUSeconds is the user + system CPU time the process has used.
func procCPUSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("reading process %d stat: %w", pid, err)
	}
	// The command name (field 2) may hold spaces; fields are counted after it.
	_, rest, ok := bytes.Cut(b, []byte(") "))
	if !ok {
		return 0, fmt.Errorf("process %d: unexpected stat %q", pid, b)
	}
	f := strings.Fields(string(rest))
	if len(f) < 13 {
		return 0, fmt.Errorf("process %d: short stat %q", pid, b)
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	const clockTicks = 100 // USER_HZ on Linux
	return (utime + stime) / clockTicks, nil
}

// childProcess finds the child of this process whose executable is named
// name (envtest starts kube-apiserver and etcd as children).
func childProcess(name string) (int, error) {
	dirs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		return 0, err
	}
	self := os.Getpid()
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		comm, rest, ok := bytes.Cut(b, []byte(") "))
		if !ok {
			continue
		}
		f := strings.Fields(string(rest))
		if len(f) < 2 || f[1] != strconv.Itoa(self) {
			continue
		}
		if _, c, _ := bytes.Cut(comm, []byte("(")); string(c) == name {
			return pid, nil
		}
	}
	return 0, fmt.Errorf("no child process named %s", name)
}
