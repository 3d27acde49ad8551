package validate

import (
	"testing"
	"time"
)

func TestDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{time.Minute, ""},
		{time.Nanosecond, ""},
		{0, "--grace-period must be positive, got 0s"},
		{-90 * time.Second, "--grace-period must be positive, got -1m30s"},
	}
	for _, tt := range tests {
		if got := errString(Duration("--grace-period", tt.d)); got != tt.want {
			t.Errorf("Duration(%s) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestFileName(t *testing.T) {
	if got := errString(FileName("")); got != "empty file name" {
		t.Errorf("FileName(\"\") = %q", got)
	}
	if got := errString(FileName("-")); got != "" {
		t.Errorf("FileName(\"-\") = %q", got)
	}
}

func TestTime(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z", ""},
		{"2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00Z", ""},
		{"0001-01-01T00:00:00Z", "", "--now 0001-01-01T00:00:00Z is the zero time, not a moment to diagnose at"},
		{"yesterday", "", `--now "yesterday" is not an RFC 3339 time such as 2024-05-01T10:00:00Z`},
		{"", "", `--now "" is not an RFC 3339 time such as 2024-05-01T10:00:00Z`},
	}
	for _, tt := range tests {
		got, err := Time("--now", tt.in)
		if errString(err) != tt.err {
			t.Errorf("Time(%q) error %q, want %q", tt.in, errString(err), tt.err)
		}
		if err == nil && got.UTC().Format(time.RFC3339) != tt.want {
			t.Errorf("Time(%q) = %s, want %s", tt.in, got.UTC().Format(time.RFC3339), tt.want)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
