//go:build faults

package faults

import (
	"context"
	"maps"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/pod-doctor/pod-doctor/internal/kubeletsim"
)

const metricEventsDropped = "pod_doctor_events_dropped_total"

// kindHeld is a pod whose containers have exited and that only a finalizer
// keeps once deleted.
var kindHeld = podKind{name: "held", reason: "FinalizerBlocking", status: heldStatus, events: noEvents,
	mutate: func(p *corev1.Pod) { p.Finalizers = []string{"faults.pod-doctor.io/hold"} }}

func heldStatus(p *corev1.Pod) corev1.PodStatus {
	cs := corev1.ContainerStatus{ImageID: kubeletsim.ImageDigest, Started: ptr.To(false), ContainerID: "containerd://" + kubeletsim.RandHex(64),
		State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed",
			StartedAt: kubeletsim.Ago(10 * time.Minute), FinishedAt: kubeletsim.Ago(time.Minute)}}}
	return kubeletsim.Status(p, corev1.PodSucceeded, false, kubeletsim.Ago(10*time.Minute), cs)
}

// TestEventsRefused: the API server refuses the controller's events in a
// Terminating namespace (NamespaceLifecycle admission) and, through a
// ValidatingAdmissionPolicy, in another namespace. The annotations are
// written all the same, no Diagnosed event exists there, each refused
// event is counted once in pod_doctor_events_dropped_total, and a third
// namespace gets its event as usual.
func TestEventsRefused(t *testing.T) {
	cl := startCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	const terminating, denied, allowed = "ev-terminating", "ev-denied", "ev-allowed"
	wants := map[string]map[string]want{
		terminating: {"held": annotatedOnly(kindHeld)},
		denied:      {podName(0): annotatedOnly(kindImage), podName(1): annotatedOnly(kindOOM), podName(2): annotatedOnly(kindConfig)},
		allowed:     {podName(0): diagnosedOnce(kindOOM, "")},
	}
	cl.terminatingWithHeldPod(t, terminating)
	if err := cl.createNamespace(ctx, denied, map[string]string{labelDenyEvents: "true"}); err != nil {
		t.Fatal(err)
	}
	cl.installPolicy(t, "deny-events.yaml", probeEventCreate(denied))
	if err := cl.createNamespace(ctx, allowed, nil); err != nil {
		t.Fatal(err)
	}
	for i, k := range []podKind{kindImage, kindOOM, kindConfig} {
		if _, err := cl.createPod(ctx, newPod(denied, podName(i), k), k); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := cl.createPod(ctx, newPod(allowed, podName(0), kindOOM), kindOOM); err != nil {
		t.Fatal(err)
	}

	// A short grace period: the held pod is stuck 5 s after its deletion.
	ctrl := startController(t, cl, "pod-doctor-0", "--grace-period=5s")
	for _, ns := range []string{allowed, terminating, denied} {
		cl.waitState(t, ns, wants[ns], time.Minute, 0)
	}
	// One refused event per pod however often it is retried (1 + 3), by
	// class of refusal (controllers/refusal.go); then nothing more.
	dropped := waitMetric(t, ctrl, metricEventsDropped, 4, time.Minute)
	time.Sleep(5 * time.Second)
	m, err := scrape(ctrl.metricsAddr)
	if err != nil {
		t.Fatal(err)
	}
	wantDropped := map[string]float64{"namespace_terminating": 1, "forbidden": 3}
	if got := nonZero(m.byLabel(metricEventsDropped, "reason")); !maps.Equal(got, wantDropped) {
		t.Errorf("%s by reason = %v, want %v (it first reached %v in all)", metricEventsDropped, got, wantDropped, dropped)
	}
	// Every pod's diagnosis was recorded (annotated) exactly once.
	if got := m.sum("pod_doctor_diagnoses_total", map[string]string{"object_kind": "Pod"}); got != 5 {
		t.Errorf("pod_doctor_diagnoses_total = %v (by reason %v), want 5: one per pod annotated", got, m.byLabel("pod_doctor_diagnoses_total", "reason"))
	}
	for _, ns := range []string{terminating, denied} {
		cl.waitState(t, ns, wants[ns], 0, 0)
	}
}

// terminatingWithHeldPod makes ns Terminating, held by pod "held" whose
// finalizer nobody removes (the namespace controller would delete the pod:
// the test does), and checks the API server now refuses events there.
func (cl *cluster) terminatingWithHeldPod(t *testing.T, ns string) {
	t.Helper()
	ctx := context.Background()
	if err := cl.createNamespace(ctx, ns, nil); err != nil {
		t.Fatal(err)
	}
	held, err := cl.createPod(ctx, newPod(ns, "held", kindHeld), kindHeld)
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.cs.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := cl.cs.CoreV1().Pods(ns).Delete(ctx, held.Name, metav1.DeleteOptions{GracePeriodSeconds: ptr.To[int64](0)}); err != nil {
		t.Fatal(err)
	}
	if err := probeEventCreate(ns)(ctx, cl.cs); !apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause) {
		t.Fatalf("an event in Terminating namespace %s got %v, want the NamespaceTerminating refusal", ns, err)
	}
}

// annotatedOnly is a pod diagnosed as k whose events were all refused.
func annotatedOnly(k podKind) want {
	return want{reason: k.reason, container: k.container}
}

// waitMetric waits until the sum of name's series reaches n and returns
// the value then, failing the test after timeout.
func waitMetric(t *testing.T, c *controller, name string, n float64, timeout time.Duration) float64 {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last float64
	for time.Now().Before(deadline) {
		if m, err := scrape(c.metricsAddr); err == nil {
			if last = m.sum(name, nil); last >= n {
				return last
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("%s = %v after %s, want %v", name, last, timeout, n)
	return 0
}

func nonZero(m map[string]float64) map[string]float64 {
	maps.DeleteFunc(m, func(_ string, v float64) bool { return v == 0 })
	return m
}
