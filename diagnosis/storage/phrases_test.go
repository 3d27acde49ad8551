package storage

import (
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis/internal/texttest"
)

// TestPhrasesComplete: every phrase has both languages and the same
// placeholders in both, as the catalog's texts must.
func TestPhrasesComplete(t *testing.T) { texttest.Complete(t, phrase) }
