package controllers

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// TestTerminatingNamespaceStillAnnotates: in a Terminating namespace the
// API server refuses every create (NamespaceLifecycle), so the Diagnosed
// event of a pod stuck on its finalizer cannot be written. The annotation
// is written anyway, and the refusal is counted once.
func TestTerminatingNamespaceStillAnnotates(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ctx := context.Background()
	dropped := RegisteredMetrics().EventsDropped.WithLabelValues(refusedNamespaceTerminating)
	before := metricValue(dropped)
	ns := s.newNamespace(t, "terminating", nil)
	p := basePod(ns, "held")
	p.Finalizers = []string{"example.com/cleanup"}
	pod := s.createPod(t, p, func(p *corev1.Pod) corev1.PodStatus {
		cs := containerStatus(p)
		cs.State.Terminated = &corev1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", StartedAt: ago(10 * time.Minute), FinishedAt: ago(time.Minute)}
		return podStatus(corev1.PodSucceeded, false, ago(10*time.Minute), cs)
	}, nil)
	// envtest runs no namespace controller: the namespace stays Terminating.
	if err := s.admin.Delete(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}); err != nil {
		t.Fatal(err)
	}
	if err := s.admin.Delete(ctx, pod, client.GracePeriodSeconds(0)); err != nil {
		t.Fatal(err)
	}
	s.waitReason(t, ns, pod.Name, "FinalizerBlocking")
	if !poll(waitTimeout, func() bool { return metricValue(dropped) == before+1 }) {
		t.Fatalf("%s{reason=%q} = %v, want %v", MetricEventsDropped, refusedNamespaceTerminating, metricValue(dropped), before+1)
	}
	s.assertQuiet(t, pod, 0)
	if got := metricValue(dropped); got != before+1 {
		t.Errorf("%s{reason=%q} = %v after a quiet while, want %v", MetricEventsDropped, refusedNamespaceTerminating, got, before+1)
	}
}

// TestVolatileChangeNotWritten: another restart of a crashlooping pod
// changes the restart count in the summary, not the cause: nothing is written.
func TestVolatileChangeNotWritten(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ns := s.newNamespace(t, "volatile", nil)
	pod := s.createPod(t, basePod(ns, "crashloop"), oomStatus, oomEvents)
	first := s.waitReason(t, ns, pod.Name, "OOMKilled")
	s.waitEvents(t, pod, 1)
	restarted := s.setStatus(t, pod, func(p *corev1.Pod) corev1.PodStatus {
		st := oomStatus(p)
		st.ContainerStatuses[0].RestartCount = 4
		st.ContainerStatuses[0].LastTerminationState.Terminated.FinishedAt = ago(time.Second)
		return st
	})
	time.Sleep(1500 * time.Millisecond)
	got := s.getPod(t, ns, pod.Name)
	if got.ResourceVersion != restarted.ResourceVersion {
		t.Errorf("pod written after a restart-count change (resourceVersion %s -> %s): summary %q",
			restarted.ResourceVersion, got.ResourceVersion, got.Annotations[testKeys.Summary])
	}
	if a, b := got.Annotations[testKeys.Summary], first.Annotations[testKeys.Summary]; a != b {
		t.Errorf("summary rewritten: %q -> %q", b, a)
	}
	if evs := s.ourEvents(t, pod); len(evs) != 1 {
		t.Errorf("events %v, want the one Diagnosed", eventSummaries(evs))
	}
}

// TestRestartAnnouncesNothingTwice: a controller restarted on the same
// cluster (new process, empty memory) finds the annotation it wrote and
// emits no second Diagnosed event, even when the summary's counts moved
// while it was down; `since` stays.
func TestRestartAnnouncesNothingTwice(t *testing.T) {
	s := shared(t)
	opts := parseOptions(t, "--namespaces="+nsRestart)
	opts.Output.Instance = "replica-restart-1"
	_, _, stop, err := runManager(s.saConfig, opts, s.logs)
	if err != nil {
		t.Fatal(err)
	}
	pod := s.createPod(t, basePod(nsRestart, uniqueName("crashloop")), oomStatus, oomEvents)
	first := s.waitReason(t, nsRestart, pod.Name, "OOMKilled")
	s.waitEvents(t, pod, 1)
	stop()

	s.setStatus(t, pod, func(p *corev1.Pod) corev1.PodStatus {
		st := oomStatus(p)
		st.ContainerStatuses[0].RestartCount = 9
		return st
	})
	opts.Output.Instance = "replica-restart-2"
	_, _, stop, err = runManager(s.saConfig, opts, s.logs)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	// The second replica is working once it diagnosed a fresh pod.
	barrier := s.createPod(t, imagePod(nsRestart, uniqueName("barrier")), imagePullBackOffStatus, imagePullEvents)
	s.waitReason(t, nsRestart, barrier.Name, "ImageNotFound")
	time.Sleep(time.Second)
	got := s.getPod(t, nsRestart, pod.Name)
	if got.Annotations[testKeys.Since] != first.Annotations[testKeys.Since] {
		t.Errorf("since %q -> %q across a restart", first.Annotations[testKeys.Since], got.Annotations[testKeys.Since])
	}
	if evs := s.ourEvents(t, pod); len(evs) != 1 || evs[0].ReportingInstance != "replica-restart-1" {
		t.Errorf("events %v: want only the first replica's Diagnosed", eventSummaries(evs))
	}
}
