package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// The loader's memory and time targets (issue 9), measured on the real
// binary: one op is a whole `pod-doctor diagnose -f FILE -o json` run, and
// peak-RSS-MiB is the child's maximum resident set size.
//
//	go test -run='^$' -bench=BenchmarkDiagnoseDump -benchtime=1x ./cmd/pod-doctor/

// BenchmarkDiagnoseDump200MB: the 200 MB List from hack/bigdump; target
// ≤ 1 GiB peak RSS and ≤ 15 s.
func BenchmarkDiagnoseDump200MB(b *testing.B) {
	benchDump(b, []string{"-mb", "200"}, 1024, 15*time.Second)
}

// BenchmarkDiagnoseDump100kEvents: one pod with 100,000 events (47 MB);
// target ≤ 400 MiB peak RSS.
func BenchmarkDiagnoseDump100kEvents(b *testing.B) {
	benchDump(b, []string{"-events", "100000"}, 400, 0)
}

// BenchmarkDiagnoseDumpNested5000: a List nested 5,000 deep is rejected
// with one line, quickly (it used to take seconds, quadratic in the depth).
func BenchmarkDiagnoseDumpNested5000(b *testing.B) {
	bin := buildBinary(b)
	file := filepath.Join(b.TempDir(), "nested.json")
	if err := os.WriteFile(file, []byte(nestedJSON(5000)), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		err := exec.Command(bin, "diagnose", "-f", file).Run()
		if exitCode(err) != 1 {
			b.Fatalf("exit code %d, want 1", exitCode(err))
		}
	}
}

func benchDump(b *testing.B, genArgs []string, maxMiB int64, maxTime time.Duration) {
	bin := buildBinary(b)
	file := filepath.Join(b.TempDir(), "dump.yaml")
	out, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	gen := exec.Command("go", append([]string{"run", "../../hack/bigdump"}, genArgs...)...)
	gen.Stdout = out
	if err := gen.Run(); err != nil {
		b.Fatalf("bigdump: %v", err)
	}
	out.Close()
	b.ResetTimer()
	var peak int64
	var worst, cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(bin, "diagnose", "-f", file, "-o", "json")
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("diagnose: %v", err)
		}
		worst = max(worst, time.Since(start))
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		peak = max(peak, ru.Maxrss>>10) // KiB on Linux
		cpu = max(cpu, time.Duration(syscall.TimevalToNsec(ru.Utime)+syscall.TimevalToNsec(ru.Stime)))
	}
	b.ReportMetric(float64(peak), "peak-RSS-MiB")
	b.ReportMetric(cpu.Seconds(), "cpu-s")
	if peak > maxMiB {
		b.Errorf("peak RSS %d MiB, target %d MiB", peak, maxMiB)
	}
	if maxTime > 0 && worst > maxTime {
		// Wall time depends on what else the machine runs; CPU time does not.
		b.Errorf("took %s (%s of CPU), target %s", worst.Round(time.Millisecond), cpu.Round(time.Millisecond), maxTime)
	}
}
