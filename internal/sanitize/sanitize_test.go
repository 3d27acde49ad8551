package sanitize

import (
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain ascii unchanged", `Failed to pull image "nginx:1.25": not found`, `Failed to pull image "nginx:1.25": not found`},
		{"chinese unchanged", "镜像 nginx 不存在", "镜像 nginx 不存在"},
		{"osc 52 clipboard write escaped", "boom\x1b]52;c;ZWNobyBoaQ==\x07 done", `boom\x1b]52;c;ZWNobyBoaQ==\x07 done`},
		{"csi colour escaped", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"c1 csi escaped", "a\u009b31mb", `a\x9b31mb`},
		{"bidi override escaped", "safe\u202eexe.txt", `safe\u202eexe.txt`},
		{"bidi isolate escaped", "a\u2067b\u2069", `a\u2067b\u2069`},
		{"line breaks and tabs become spaces", "line1\nline2\r\n\tx", "line1 line2   x"},
		{"NUL and DEL escaped", "a\x00b\x7fc", `a\x00b\x7fc`},
		{"invalid utf-8 replaced", "a\xffb", "a\ufffdb"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Fatalf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := Text(Text(tt.in)); got != Text(tt.in) {
				t.Fatalf("not idempotent: %q", got)
			}
		})
	}
}

func TestTextCleanDoesNotAllocate(t *testing.T) {
	s := "container app waiting: CrashLoopBackOff: back-off 5m0s 重启"
	if n := testing.AllocsPerRun(100, func() { _ = Text(s) }); n != 0 {
		t.Fatalf("clean text allocated %v times", n)
	}
}

func TestStrings(t *testing.T) {
	in := []string{"ok", "bad\x1b[2J"}
	out := Strings(in)
	if out[0] != "ok" || out[1] != `bad\x1b[2J` {
		t.Fatalf("got %q", out)
	}
	if in[1] != "bad\x1b[2J" {
		t.Fatalf("input modified: %q", in)
	}
	clean := []string{"a", "b"}
	if got := Strings(clean); &got[0] != &clean[0] {
		t.Fatalf("clean slice copied")
	}
	if got := Strings(nil); got != nil {
		t.Fatalf("nil in, %q out", got)
	}
}

func FuzzText(f *testing.F) {
	f.Add("a\x1b]52;c;x\x07")
	f.Add("\u202e\xff\x00")
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if !clean(got) {
			t.Fatalf("Text(%q) = %q is not clean", s, got)
		}
		if Text(got) != got {
			t.Fatalf("not idempotent on %q", s)
		}
	})
}
