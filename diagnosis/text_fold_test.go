package diagnosis

import "testing"

func TestIndexFold(t *testing.T) {
	tests := []struct {
		s, sub string
		want   int
	}{
		{"Couldn't find key LOG in ConfigMap", "couldn't find key ", 0},
		{"write /x: No space left on device", "no space left on device", 10},
		{"abc", "", 0},
		{"ab", "abc", -1},
		{"xxAbCabc", "abc", 2},
		{"aaaaB", "ab", 3},
		{"no match here", "zzz", -1},
		{"Error Response From Daemon: x", "error response from daemon: ", 0},
		{"tail match: EOF", "eof", 12},
		{"ünïcode ÄB ab", "ab", 14},
	}
	for _, tt := range tests {
		if got := indexFold(tt.s, tt.sub); got != tt.want {
			t.Errorf("indexFold(%q, %q) = %d, want %d", tt.s, tt.sub, got, tt.want)
		}
	}
}

func TestIndexFoldDoesNotAllocate(t *testing.T) {
	s := "rpc error: code = Unknown desc = failed to pull and unpack image: write /var/lib/x: No Space Left On Device"
	if n := testing.AllocsPerRun(10, func() { containsAnyFold(s, []string{"input/output error", "no space left on device"}) }); n != 0 {
		t.Fatalf("%v allocations", n)
	}
}
