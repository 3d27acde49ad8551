package main

import (
	"strings"
	"testing"
)

// TestFlagErrors: the real binary exits 1 with exactly one line naming the
// bad value; durations and times are checked by internal/validate, the
// package the controller's flags use too.
func TestFlagErrors(t *testing.T) {
	bin := buildBinary(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty file name", []string{"diagnose", "-f", ""}, "pod-doctor: usage: empty file name"},
		{"empty file name, long flag", []string{"diagnose", "--filename="}, "pod-doctor: usage: empty file name"},
		{"zero now", []string{"diagnose", "-f", "testdata/seed-002.yaml", "--now", "0001-01-01T00:00:00Z"}, "pod-doctor: usage: --now 0001-01-01T00:00:00Z is the zero time, not a moment to diagnose at"},
		{"bad now", []string{"diagnose", "-f", "testdata/seed-002.yaml", "--now", "yesterday"}, `pod-doctor: usage: --now "yesterday" is not an RFC 3339 time such as 2024-05-01T10:00:00Z`},
		{"negative grace period", []string{"diagnose", "-f", "testdata/seed-002.yaml", "--grace-period", "-1m"}, "pod-doctor: usage: --grace-period must be positive, got -1m0s"},
		{"zero grace period", []string{"diagnose", "-f", "testdata/seed-002.yaml", "--grace-period", "0s"}, "pod-doctor: usage: --grace-period must be positive, got 0s"},
		{"negative restart window", []string{"diagnose", "-f", "testdata/seed-002.yaml", "--restart-window=-10m"}, "pod-doctor: usage: --restart-window must be positive, got -10m0s"},
		{"zero init stuck threshold", []string{"diagnose", "-f", "testdata/seed-002.yaml", "--init-stuck-threshold=0s"}, "pod-doctor: usage: --init-stuck-threshold must be positive, got 0s"},
		{"negative grace period live", []string{"diagnose", "--grace-period", "-5s"}, "pod-doctor: usage: --grace-period must be positive, got -5s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runFailing(t, bin, tt.args...); got != tt.want+"\n" {
				t.Errorf("stderr\n%q\nwant\n%q", got, tt.want+"\n")
			}
		})
	}
}

// skewedDump is a pod that started 20 seconds ago, well within the grace
// period, and an event from a node whose clock runs three hours ahead.
const skewedDump = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  uid: uid-web
  creationTimestamp: "2024-05-01T10:00:00Z"
spec:
  nodeName: node-1
  containers:
  - name: web
    image: nginx
status:
  phase: Pending
  conditions:
  - type: PodScheduled
    status: "True"
    lastTransitionTime: "2024-05-01T10:00:00Z"
  containerStatuses:
  - name: web
    image: nginx
    ready: false
    restartCount: 0
    state:
      waiting:
        reason: ContainerCreating
---
apiVersion: v1
kind: Event
metadata:
  name: web.1
  namespace: shop
  creationTimestamp: "2024-05-01T10:00:20Z"
involvedObject:
  kind: Pod
  name: web
  namespace: shop
  uid: uid-web
reason: Pulling
message: Pulling image "nginx"
type: Normal
source:
  component: kubelet
firstTimestamp: "2024-05-01T13:00:20Z"
lastTimestamp: "2024-05-01T13:00:20Z"
---
apiVersion: v1
kind: Event
metadata:
  name: web.2
  namespace: shop
involvedObject:
  kind: Pod
  name: web
  namespace: shop
  uid: uid-web
reason: Scheduled
message: Successfully assigned shop/web to node-1
type: Normal
source:
  component: default-scheduler
firstTimestamp: "2024-05-01T10:00:00Z"
lastTimestamp: "2024-05-01T10:00:01Z"
`

// TestSkewedEventDoesNotMoveNow: the skewed event does not push "now" three
// hours ahead (which would make the start look stuck); stderr says which
// time was chosen and which was ignored.
func TestSkewedEventDoesNotMoveNow(t *testing.T) {
	out, stderr, err := runCLI(t, skewedDump, "diagnose", "-f", "-", "-o", "json", "--all")
	if err != nil {
		t.Fatal(err)
	}
	wantNote := "note: diagnosing as of 2024-05-01T10:00:20Z, the latest observed time; ignored 2024-05-01T13:00:20Z, which lies more than 1h after every other time in the input (a skewed clock?)\n"
	if stderr != wantNote {
		t.Errorf("stderr\n%q\nwant\n%q", stderr, wantNote)
	}
	if !strings.Contains(out, `"reason": "Healthy"`) {
		t.Errorf("want the pod healthy, got\n%s", out)
	}
	// The same dump at the skewed time is a stuck start: the note matters.
	out, _, err = runCLI(t, skewedDump, "diagnose", "-f", "-", "-o", "json", "--now", "2024-05-01T13:00:20Z")
	if err != nil || strings.Contains(out, `"reason": "Healthy"`) || out == "[]\n" {
		t.Errorf("at the skewed time the pod should be diagnosed: %v\n%s", err, out)
	}
}
