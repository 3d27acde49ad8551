package diagnosis_test

import (
	"testing"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

func TestOptionsValidate(t *testing.T) {
	def := diagnosis.DefaultOptions()
	with := func(f func(*diagnosis.Options)) diagnosis.Options {
		o := def
		f(&o)
		return o
	}
	tests := []struct {
		name string
		in   diagnosis.Options
		want string
	}{
		{"defaults", def, ""},
		{"zero grace period", with(func(o *diagnosis.Options) { o.GracePeriod = 0 }), "grace period must be positive, got 0s"},
		{"negative restart window", with(func(o *diagnosis.Options) { o.RestartWindow = -time.Minute }), "restart window must be positive, got -1m0s"},
		{"zero init stuck threshold", with(func(o *diagnosis.Options) { o.InitStuckThreshold = 0 }), "init stuck threshold must be positive, got 0s"},
		{"unknown language", with(func(o *diagnosis.Options) { o.Lang = "fr" }), `language must be en or zh, got "fr"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if err := tt.in.Validate(); err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Validate() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDefaultInitStuckThreshold(t *testing.T) {
	if got := diagnosis.DefaultOptions().InitStuckThreshold; got != 10*time.Minute {
		t.Errorf("default init stuck threshold %s, design.md says 10m", got)
	}
}
