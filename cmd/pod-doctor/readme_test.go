package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeSample: the diagnose sample in the README is what the command
// prints today (up to the README's "..." cut), so the docs cannot drift.
func TestReadmeSample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const marker = "Seed 002's pods (`cmd/pod-doctor/testdata/seed-002.yaml`) give:\n\n```\n"
	s := string(readme)
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatal("README has no seed-002 sample")
	}
	s = s[i+len(marker):]
	j := strings.Index(s, "    ...\n```")
	if j < 0 {
		t.Fatal("README sample does not end with the ... cut")
	}
	sample := s[:j]
	out, _, err := runCLI(t, "", "diagnose", "-f", "testdata/seed-002.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, sample) {
		t.Fatalf("README sample is stale; the command prints:\n%s", out)
	}
}
