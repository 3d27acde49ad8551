package diagnosis

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestDNSHost(t *testing.T) {
	for _, tc := range []struct{ msg, want string }{
		{"dial tcp: lookup postgres.db.svc.cluster.local on 10.96.0.10:53: no such host", "postgres.db.svc.cluster.local"},
		{"Error: getaddrinfo ENOTFOUND mongo-0.mongo\n    at GetAddrInfoReqWrap.onlookup", "mongo-0.mongo"},
		{"Error: getaddrinfo EAI_AGAIN redis", "redis"},
		{"curl: (6) Could not resolve host: config-server", "config-server"},
		{"java.net.UnknownHostException: kafka-0.kafka: Name or service not known", "kafka-0.kafka"},
		{`psql: error: could not translate host name "postgres" to address: Name or service not known`, "postgres"},
		{"redis.exceptions.ConnectionError: Error -3 connecting to redis-master:6379. Temporary failure in name resolution.", "redis-master"},
		{"socket.gaierror: [Errno -2] Name or service not known", ""},
	} {
		if got := dnsHost(tc.msg); got != tc.want {
			t.Errorf("dnsHost(%q) = %q, want %q", tc.msg, got, tc.want)
		}
	}
}

func TestEvictionCause(t *testing.T) {
	c := &Context{Opts: DefaultOptions()}
	for _, tc := range []struct{ msg, resource, cause string }{
		{"The node was low on resource: memory. Threshold quantity: 100Mi, available: 91868Ki. Container web was using 1514000Ki, request is 0, has larger consumption of memory. ",
			"memory", "the node ran low on memory (threshold 100Mi, available 91868Ki); container web was using 1514000Ki against a request of 0"},
		{"The node was low on resource: ephemeral-storage. Container app was using 12Gi, which exceeds its request of 0. ",
			"ephemeral-storage", "the node ran low on ephemeral-storage; container app was using 12Gi against a request of 0"},
		{"The node was low on resource: nodefs. ", "nodefs", "the node ran low on nodefs"},
		{"The node had condition: [DiskPressure]. ", "DiskPressure", "the node had condition DiskPressure when the pod was admitted"},
		{`Usage of EmptyDir volume "cache" exceeds the limit "1Gi". `, "ephemeral-storage", `emptyDir volume "cache" grew past its sizeLimit 1Gi`},
		{`Container web exceeded its local ephemeral storage limit "500Mi". `, "ephemeral-storage", "container web wrote more than its ephemeral-storage limit 500Mi"},
		{"Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. ", "ephemeral-storage", "the pod's local ephemeral storage exceeded the total limit of its containers 1Gi"},
	} {
		res, cause := evictionCause(c, tc.msg)
		if res != tc.resource || cause != tc.cause {
			t.Errorf("evictionCause(%q) = %q, %q; want %q, %q", tc.msg, res, cause, tc.resource, tc.cause)
		}
	}
}

func TestHookShorten(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`command '/bin/sh -c exit 1' exited with 1: , message: ""`, "command exited with 1"},
		{`command 'sh -c influx v1 dbrp create' exited with 1: , message: "Error: invalid argument \"--default\"\nSee 'influx v1 dbrp create -h' for help\n"`,
			`command exited with 1: Error: invalid argument "--default"`},
		{`Get "http://10.244.2.17:8080/register": dial tcp 10.244.2.17:8080: connect: connection refused`,
			`Get "http://10.244.2.17:8080/register": dial tcp 10.244.2.17:8080: connect: connection refused`},
	} {
		if got := hookShorten(tc.in); got != tc.want {
			t.Errorf("hookShorten(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStuckErrorTail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`error killing pod: [failed to "KillContainer" for "k8szk" with KillContainerError: "rpc error: code = Unknown desc = Error response from daemon: Cannot stop container 39f9: rpc error: code = 14 desc = grpc: the connection is unavailable"]`,
			"grpc: the connection is unavailable"},
		{"error killing pod: failed to \"KillPodSandbox\" for \"uid\" with KillPodSandboxError: \"rpc error: code = DeadlineExceeded desc = context deadline exceeded\"",
			"context deadline exceeded"},
		{"error killing pod: timeout", "timeout"},
	} {
		if got := stuckErrorTail(tc.in); got != tc.want {
			t.Errorf("stuckErrorTail(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLivenessEarly(t *testing.T) {
	start := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	tm := probeTiming{Delay: 5, Timeout: 1, Period: 10, Failure: 3}
	run := func(d time.Duration) crashRun {
		return crashRun{Term: &corev1.ContainerStateTerminated{StartedAt: metav1.NewTime(start), FinishedAt: metav1.NewTime(start.Add(d))}}
	}
	for _, tc := range []struct {
		runFor time.Duration
		first  time.Duration // first Unhealthy after start, <0: no event
		want   bool
	}{
		{35 * time.Second, -1, true},
		{2 * time.Minute, -1, false},
		{6 * time.Hour, 15 * time.Second, true}, // failed from the first probe of this run
		{6 * time.Hour, 5 * time.Hour, false},
	} {
		var pe probeEvidence
		if tc.first >= 0 {
			pe.HasUnhealthy, pe.Unhealthy.First = true, start.Add(tc.first)
		}
		if got := livenessEarly(run(tc.runFor), pe, tm, tc.runFor); got != tc.want {
			t.Errorf("livenessEarly(run %v, first %v) = %v, want %v", tc.runFor, tc.first, got, tc.want)
		}
	}
}

// TestOwnRulesDoNotAllocateOnMiss: the engine budget is 50 allocations per
// pod for every rule together; the crash, probe and termination rules must
// cost nothing when their cause is absent.
func TestOwnRulesDoNotAllocateOnMiss(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web-1", Namespace: "shop", CreationTimestamp: metav1.NewTime(now.Add(-time.Hour))},
		Spec: corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "web", Image: "nginx:nope",
			LivenessProbe: &corev1.Probe{}, ReadinessProbe: &corev1.Probe{}}}},
		Status: corev1.PodStatus{Phase: corev1.PodPending, ContainerStatuses: []corev1.ContainerStatus{{Name: "web",
			State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff"}}}}},
	}
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-1"}, Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{
		{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}}
	ev := func(reason, msg string) corev1.Event {
		return corev1.Event{Reason: reason, Message: msg, Type: "Warning", Count: 3,
			InvolvedObject: corev1.ObjectReference{FieldPath: "spec.containers{web}"},
			LastTimestamp:  metav1.NewTime(now.Add(-time.Minute)), FirstTimestamp: metav1.NewTime(now.Add(-time.Hour))}
	}
	c := newContext(Input{Pod: pod, Node: node, Now: now, Events: []corev1.Event{
		ev("Failed", `Failed to pull image "nginx:nope": not found`), ev("BackOff", `Back-off pulling image "nginx:nope"`),
		ev("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500"),
	}}, DefaultOptions())
	checkNoAlloc(t, c, "an ImagePullBackOff pod")

	// A running, ready pod whose only restart is an hour old.
	running := pod.DeepCopy()
	running.Status = corev1.PodStatus{Phase: corev1.PodRunning,
		Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
		ContainerStatuses: []corev1.ContainerStatus{{Name: "web", Ready: true, RestartCount: 1,
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: metav1.NewTime(now.Add(-time.Hour))}},
			LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled",
				StartedAt: metav1.NewTime(now.Add(-2 * time.Hour)), FinishedAt: metav1.NewTime(now.Add(-time.Hour))}}}}}
	c2 := newContext(Input{Pod: running, Node: node, Now: now, Events: c.In.Events}, DefaultOptions())
	checkNoAlloc(t, c2, "a running pod with an old restart")
}

func checkNoAlloc(t *testing.T, c *Context, what string) {
	t.Helper()
	for _, group := range [][]Rule{terminationRules, crashRules, probeRules} {
		for _, r := range group {
			if _, ok := r.Check(c); ok {
				t.Fatalf("%s matched %s", r.Reason, what)
			}
			if n := testing.AllocsPerRun(50, func() { r.Check(c) }); n != 0 {
				t.Errorf("%s: %v allocations on a miss (%s)", r.Reason, n, what)
			}
		}
	}
}
