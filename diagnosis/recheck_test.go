package diagnosis_test

import (
	"testing"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// TestRecheckAtThresholds: a pod the gate still counts as normal is rechecked
// exactly when its threshold runs out, so the controller names the cause then.
func TestRecheckAtThresholds(t *testing.T) {
	tests := []struct {
		fixture string
		want    string
	}{
		// init container started 10:00:05; InitStuckThreshold 10m.
		{"testdata/Healthy/init-container-running-below-threshold.yaml", "2024-10-01T10:10:05Z"},
		// node NotReady since 11:00:00 plus the 2m grace period comes before
		// the deletion's own deadline (11:00:35 + 2m).
		{"testdata/Healthy/term-deleting-node-notready-seconds.yaml", "2024-05-02T11:02:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			f := loadFixture(t, tt.fixture)
			res := diagnosis.Diagnose(f.input, diagnosis.DefaultOptions())
			if res.Diagnosis != nil {
				t.Fatalf("want no diagnosis yet, got %s", res.Diagnosis.Reason)
			}
			if got := res.RecheckAt.UTC().Format(time.RFC3339); got != tt.want {
				t.Errorf("RecheckAt = %s, want %s", got, tt.want)
			}
		})
	}
}
