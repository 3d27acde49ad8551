package diagnosis_test

import (
	"testing"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

func TestDefaultInitStuckThreshold(t *testing.T) {
	if got := diagnosis.DefaultOptions().InitStuckThreshold; got != 10*time.Minute {
		t.Errorf("default init stuck threshold %s, design.md says 10m", got)
	}
}
