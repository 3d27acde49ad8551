package main

import (
	"math"
	"testing"
)

func TestParseIntervalLikeCoreutils(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"5", 5, true}, {"1.5s", 1.5, true}, {"2m", 120, true}, {"1h", 3600, true}, {"1d", 86400, true},
		{"infinity", math.Inf(1), true}, {"a", 0, false}, {"-1", 0, false}, {"", 0, false}, {"5x", 0, false},
	} {
		got, ok := parseInterval(tc.in)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("parseInterval(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSleepRejectsAWithCoreutilsExitCode(t *testing.T) {
	// `sleep a` (seed 002's "error" pod) must fail with exit 1, like GNU sleep.
	if code := sleep([]string{"a"}); code != 1 {
		t.Fatalf("sleep a: exit %d, want 1", code)
	}
	if code := sleep(nil); code != 1 {
		t.Fatalf("sleep: exit %d, want 1", code)
	}
	if code := sleep([]string{"0.01"}); code != 0 {
		t.Fatalf("sleep 0.01: exit %d, want 0", code)
	}
}
