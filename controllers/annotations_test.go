package controllers

import (
	"strings"
	"testing"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

var testKeys = NewKeys(DefaultAnnotationPrefix)

func TestDesired(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	since := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	long := strings.Repeat("é", 400) // 800 bytes, multi-byte runes
	d := func(reason, container string, hints ...string) *diagnosis.Diagnosis {
		return &diagnosis.Diagnosis{Reason: diagnosis.Reason(reason), Category: diagnosis.CategoryImage, Severity: diagnosis.SeverityCritical,
			Container: container, Summary: "summary of " + reason, Hints: hints, Since: since}
	}
	tests := []struct {
		name    string
		d       *diagnosis.Diagnosis
		current map[string]string
		want    map[string]string
	}{
		{name: "healthy wants nothing", d: nil, current: map[string]string{testKeys.Reason: "OOMKilled"}, want: map[string]string{}},
		{name: "new diagnosis", d: d("ImageNotFound", "web", "kubectl describe pod p -n ns", "second"), want: map[string]string{
			testKeys.Reason: "ImageNotFound", testKeys.Summary: "summary of ImageNotFound", testKeys.Hint: "kubectl describe pod p -n ns",
			testKeys.Container: "web", testKeys.Severity: "Critical", testKeys.Since: "2024-05-01T09:00:00Z"}},
		{name: "pod-level cause has no container key, no hints no hint key", d: d("NodeLost", ""), want: map[string]string{
			testKeys.Reason: "NodeLost", testKeys.Summary: "summary of NodeLost", testKeys.Severity: "Critical", testKeys.Since: "2024-05-01T09:00:00Z"}},
		{name: "same identity keeps first since", d: d("ImageNotFound", "web"),
			current: map[string]string{testKeys.Reason: "ImageNotFound", testKeys.Container: "web", testKeys.Since: "2024-04-30T00:00:00Z"},
			want: map[string]string{testKeys.Reason: "ImageNotFound", testKeys.Summary: "summary of ImageNotFound", testKeys.Container: "web",
				testKeys.Severity: "Critical", testKeys.Since: "2024-04-30T00:00:00Z"}},
		{name: "other container resets since", d: d("ImageNotFound", "sidecar"),
			current: map[string]string{testKeys.Reason: "ImageNotFound", testKeys.Container: "web", testKeys.Since: "2024-04-30T00:00:00Z"},
			want: map[string]string{testKeys.Reason: "ImageNotFound", testKeys.Summary: "summary of ImageNotFound", testKeys.Container: "sidecar",
				testKeys.Severity: "Critical", testKeys.Since: "2024-05-01T09:00:00Z"}},
		{name: "unparsable since is replaced", d: d("NodeLost", ""),
			current: map[string]string{testKeys.Reason: "NodeLost", testKeys.Since: "yesterday"},
			want:    map[string]string{testKeys.Reason: "NodeLost", testKeys.Summary: "summary of NodeLost", testKeys.Severity: "Critical", testKeys.Since: "2024-05-01T09:00:00Z"}},
		{name: "zero since uses now", d: &diagnosis.Diagnosis{Reason: "Unclassified", Summary: "s"},
			want: map[string]string{testKeys.Reason: "Unclassified", testKeys.Summary: "s", testKeys.Since: "2024-05-01T10:00:00Z"}},
		{name: "control characters from the cluster are escaped", d: &diagnosis.Diagnosis{Reason: "AppCrash", Summary: "exit 1: \x1b]52;c;eA==\x07 done\u202e",
			Hints: []string{"kubectl logs p\n--previous"}, Since: since},
			want: map[string]string{testKeys.Reason: "AppCrash", testKeys.Summary: `exit 1: \x1b]52;c;eA==\x07 done\u202e`, testKeys.Hint: "kubectl logs p --previous",
				testKeys.Since: "2024-05-01T09:00:00Z"}},
		{name: "summary and hint truncated on a rune boundary", d: &diagnosis.Diagnosis{Reason: "AppCrash", Summary: long, Hints: []string{long}, Since: since},
			want: map[string]string{testKeys.Reason: "AppCrash", testKeys.Summary: diagnosis.Truncate(long, 256), testKeys.Hint: diagnosis.Truncate(long, 512),
				testKeys.Since: "2024-05-01T09:00:00Z"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := testKeys.Desired(tc.d, tc.current, now)
			if !equalMaps(got, tc.want) {
				t.Errorf("Desired =\n%v\nwant\n%v", got, tc.want)
			}
			if s := got[testKeys.Summary]; len(s) > MaxSummaryLen {
				t.Errorf("summary is %d bytes", len(s))
			}
			if h := got[testKeys.Hint]; len(h) > MaxHintLen {
				t.Errorf("hint is %d bytes", len(h))
			}
		})
	}
}

func TestMergePatch(t *testing.T) {
	full := map[string]string{testKeys.Reason: "OOMKilled", testKeys.Summary: "s", testKeys.Container: "app", testKeys.Severity: "Critical", testKeys.Since: "t"}
	tests := []struct {
		name             string
		current, desired map[string]string
		want             string
	}{
		{name: "unchanged writes nothing", current: full, desired: full, want: ""},
		{name: "healthy and clean writes nothing", current: map[string]string{}, desired: map[string]string{}, want: ""},
		{name: "new diagnosis sets our keys only", current: map[string]string{}, desired: map[string]string{testKeys.Reason: "NodeLost", testKeys.Since: "t"},
			want: `{"metadata":{"annotations":{"pod-doctor.io/reason":"NodeLost","pod-doctor.io/since":"t"},"uid":"u1"}}`},
		{name: "changed summary only", current: full, desired: with(full, testKeys.Summary, "s2"),
			want: `{"metadata":{"annotations":{"pod-doctor.io/summary":"s2"},"uid":"u1"}}`},
		{name: "container gone is nulled", current: full, desired: without(full, testKeys.Container),
			want: `{"metadata":{"annotations":{"pod-doctor.io/container":null},"uid":"u1"}}`},
		{name: "recovery nulls every key present", current: full, desired: map[string]string{},
			want: `{"metadata":{"annotations":{"pod-doctor.io/container":null,"pod-doctor.io/reason":null,"pod-doctor.io/severity":null,"pod-doctor.io/since":null,"pod-doctor.io/summary":null},"uid":"u1"}}`},
		{name: "foreign keys never appear", current: with(full, "team", "x"), desired: with(with(full, "other/key", "y"), testKeys.Severity, "Warning"),
			want: `{"metadata":{"annotations":{"pod-doctor.io/severity":"Warning"},"uid":"u1"}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(testKeys.MergePatch("u1", tc.current, tc.desired))
			if got != tc.want {
				t.Errorf("MergePatch =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestIdentityAndMessages(t *testing.T) {
	tests := []struct {
		ours                   map[string]string
		identity, diag, recovr string
	}{
		{ours: map[string]string{}, identity: ""},
		{ours: map[string]string{testKeys.Reason: "NodeLost", testKeys.Summary: "node n1 is NotReady"}, identity: "NodeLost",
			diag: "NodeLost: node n1 is NotReady", recovr: "Recovered from NodeLost"},
		{ours: map[string]string{testKeys.Reason: "ImageNotFound", testKeys.Container: "web", testKeys.Summary: "no tag", testKeys.Hint: "fix it", testKeys.Since: "2024-05-01T09:00:00Z"},
			identity: "ImageNotFound/web", diag: "ImageNotFound: no tag Hint: fix it",
			recovr: "Recovered from ImageNotFound (container web), diagnosed since 2024-05-01T09:00:00Z"},
	}
	for _, tc := range tests {
		if got := testKeys.Identity(tc.ours); got != tc.identity {
			t.Errorf("Identity(%v) = %q, want %q", tc.ours, got, tc.identity)
		}
		if tc.identity == "" {
			continue
		}
		if got := testKeys.DiagnosedMessage(tc.ours); got != tc.diag {
			t.Errorf("DiagnosedMessage = %q, want %q", got, tc.diag)
		}
		if got := testKeys.RecoveredMessage(tc.ours); got != tc.recovr {
			t.Errorf("RecoveredMessage = %q, want %q", got, tc.recovr)
		}
	}
}

func TestCurrentAndKeepOurs(t *testing.T) {
	ann := map[string]string{testKeys.Reason: "X", "pod-doctor.io/note": "user", "team": "a", "kubectl.kubernetes.io/last-applied-configuration": "{}"}
	if got, want := testKeys.Current(ann), map[string]string{testKeys.Reason: "X"}; !equalMaps(got, want) {
		t.Errorf("Current = %v, want %v", got, want)
	}
	if got, want := keepOurs(ann, DefaultAnnotationPrefix), map[string]string{testKeys.Reason: "X", "pod-doctor.io/note": "user"}; !equalMaps(got, want) {
		t.Errorf("keepOurs = %v, want %v", got, want)
	}
	if got := keepOurs(map[string]string{"team": "a"}, DefaultAnnotationPrefix); got != nil {
		t.Errorf("keepOurs without ours = %v, want nil", got)
	}
	custom := NewKeys("example.com/")
	if custom.Reason != "example.com/reason" || custom.Since != "example.com/since" {
		t.Errorf("custom keys = %+v", custom)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func with(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for kk, vv := range m {
		if kk != k {
			out[kk] = vv
		}
	}
	return out
}

func without(m map[string]string, k string) map[string]string {
	out := map[string]string{}
	for kk, vv := range m {
		if kk != k {
			out[kk] = vv
		}
	}
	return out
}
