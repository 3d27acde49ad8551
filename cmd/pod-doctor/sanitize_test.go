package main

import (
	"os"
	"testing"
)

// TestControlCharactersNeverReachTheTerminal: a termination message carrying
// an OSC 52 clipboard write and a screen clear, and a pod name with a
// right-to-left override, are printed escaped, byte for byte as the golden
// file shows.
func TestControlCharactersNeverReachTheTerminal(t *testing.T) {
	out, _, err := runCLI(t, "", "diagnose", "-f", "testdata/control-chars.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/control-chars.txt")
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Fatalf("output differs from testdata/control-chars.txt:\n%s", out)
	}
	for i := 0; i < len(out); i++ {
		if c := out[i]; (c < 0x20 && c != '\n') || c == 0x7f {
			t.Fatalf("control byte %#x at %d reached the terminal", c, i)
		}
	}
}
