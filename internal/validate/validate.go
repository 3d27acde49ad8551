// Package validate holds the checks that flags of more than one command
// share, so `pod-doctor controller` and `pod-doctor diagnose` reject the same
// values with the same words.
package validate

import (
	"errors"
	"fmt"
	"time"
)

// Duration checks a duration flag such as --grace-period: zero or negative
// would make every pod abnormal at once (or none ever).
func Duration(flag string, d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("%s must be positive, got %s", flag, d)
	}
	return nil
}

// FileName checks the value of a file flag that was given.
func FileName(name string) error {
	if name == "" {
		return errors.New("empty file name")
	}
	return nil
}

// Time parses an RFC 3339 time flag such as --now; the zero time (year 1) is
// what a program prints for "unset", never a moment to diagnose at.
func Time(flag, value string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not an RFC 3339 time such as 2024-05-01T10:00:00Z", flag, value)
	}
	if t.IsZero() {
		return time.Time{}, fmt.Errorf("%s %s is the zero time, not a moment to diagnose at", flag, value)
	}
	return t, nil
}
