package diagnosis_test

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

func TestSettled(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	at := func(ago time.Duration) metav1.Time { return metav1.NewTime(now.Add(-ago)) }
	pod := func(phase corev1.PodPhase, ready corev1.ConditionStatus, restartedAgo time.Duration) *corev1.Pod {
		cs := corev1.ContainerStatus{Name: "app", Ready: ready == corev1.ConditionTrue,
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at(time.Minute)}}}
		if restartedAgo > 0 {
			cs.RestartCount = 3
			cs.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled", FinishedAt: at(restartedAgo)}
		}
		return &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", CreationTimestamp: at(2 * time.Hour)},
			Spec:       corev1.PodSpec{NodeName: "n1", Containers: []corev1.Container{{Name: "app", Image: "nginx"}}},
			Status: corev1.PodStatus{Phase: phase, StartTime: &metav1.Time{Time: now.Add(-2 * time.Hour)},
				Conditions:        []corev1.PodCondition{{Type: corev1.PodReady, Status: ready, LastTransitionTime: at(30 * time.Second)}},
				ContainerStatuses: []corev1.ContainerStatus{cs}},
		}
	}
	deleting := pod(corev1.PodRunning, corev1.ConditionTrue, 0)
	deleting.DeletionTimestamp = &metav1.Time{Time: now.Add(time.Minute)}
	unscheduled := pod(corev1.PodPending, corev1.ConditionFalse, 0)
	unscheduled.Spec.NodeName, unscheduled.Status.ContainerStatuses = "", nil
	opts := func(window, grace time.Duration) diagnosis.Options {
		o := diagnosis.DefaultOptions()
		o.RestartWindow, o.GracePeriod = window, grace
		return o
	}
	def := diagnosis.DefaultOptions()
	tests := []struct {
		name string
		pod  *corev1.Pod
		opts diagnosis.Options
		want bool
	}{
		{"running and ready", pod(corev1.PodRunning, corev1.ConditionTrue, 0), def, true},
		{"restart 60m ago, 10m window", pod(corev1.PodRunning, corev1.ConditionTrue, time.Hour), def, true},
		{"restart 60m ago, 61m window: ages out later", pod(corev1.PodRunning, corev1.ConditionTrue, time.Hour), opts(61*time.Minute, 2*time.Minute), false},
		{"restart 60m ago, 24h window", pod(corev1.PodRunning, corev1.ConditionTrue, time.Hour), opts(24*time.Hour, 2*time.Minute), false},
		{"not ready for 30s, 2m grace: a deadline ahead", pod(corev1.PodRunning, corev1.ConditionFalse, 0), def, false},
		{"not ready for 30s, 20s grace: abnormal", pod(corev1.PodRunning, corev1.ConditionFalse, 0), opts(10*time.Minute, 20*time.Second), false},
		{"succeeded", pod(corev1.PodSucceeded, corev1.ConditionFalse, 0), def, true},
		{"failed", pod(corev1.PodFailed, corev1.ConditionFalse, 0), def, false},
		{"deletion within its grace period", deleting, def, false},
		{"unscheduled", unscheduled, def, false},
		{"no pod", nil, def, false},
	}
	for _, tc := range tests {
		if got := diagnosis.Settled(tc.pod, now, tc.opts); got != tc.want {
			t.Errorf("%s: Settled = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNeedsEvents(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	at := func(ago time.Duration) metav1.Time { return metav1.NewTime(now.Add(-ago)) }
	pod := func(node string, ready corev1.ConditionStatus) *corev1.Pod {
		return &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", CreationTimestamp: at(time.Hour)},
			Spec:       corev1.PodSpec{NodeName: node, Containers: []corev1.Container{{Name: "app", Image: "nginx"}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning, StartTime: &metav1.Time{Time: now.Add(-time.Hour)},
				Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: ready, LastTransitionTime: at(time.Hour)}},
				ContainerStatuses: []corev1.ContainerStatus{{Name: "app", Ready: ready == corev1.ConditionTrue,
					State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at(time.Hour)}}}}},
		}
	}
	node := func(ready corev1.ConditionStatus) *corev1.Node {
		return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}, Status: corev1.NodeStatus{
			Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: ready, LastTransitionTime: at(time.Hour)}}}}
	}
	pending := pod("", corev1.ConditionFalse)
	pending.Status.Phase, pending.Status.ContainerStatuses, pending.CreationTimestamp = corev1.PodPending, nil, at(10*time.Second)
	deleting := pod("", corev1.ConditionFalse)
	deleting.Status.ContainerStatuses, deleting.DeletionTimestamp = nil, &metav1.Time{Time: now.Add(time.Minute)}
	tests := []struct {
		name string
		in   diagnosis.Input
		want bool
	}{
		{"running and ready", diagnosis.Input{Pod: pod("n1", corev1.ConditionTrue)}, false},
		{"running and ready on a Ready node", diagnosis.Input{Pod: pod("n1", corev1.ConditionTrue), Node: node(corev1.ConditionTrue)}, false},
		{"running and ready on a NotReady node: abnormal", diagnosis.Input{Pod: pod("n1", corev1.ConditionTrue), Node: node(corev1.ConditionFalse)}, true},
		{"not ready for an hour: abnormal", diagnosis.Input{Pod: pod("n1", corev1.ConditionFalse)}, true},
		{"unscheduled within the grace period: a FailedScheduling event would make it abnormal", diagnosis.Input{Pod: pending}, true},
		{"unbound, being deleted within its grace period", diagnosis.Input{Pod: deleting}, false},
		{"no pod", diagnosis.Input{}, false},
	}
	for _, tc := range tests {
		tc.in.Now = now
		if got := diagnosis.NeedsEvents(tc.in, diagnosis.DefaultOptions()); got != tc.want {
			t.Errorf("%s: NeedsEvents = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestNeedsEventsHoldsForFixtures checks NeedsEvents' promise on every
// fixture: a pod it lets go without its events gets no diagnosis with them.
func TestNeedsEventsHoldsForFixtures(t *testing.T) {
	opts := diagnosis.DefaultOptions()
	checked := 0
	for _, f := range loadFixtures(t) {
		if diagnosis.NeedsEvents(f.input, opts) {
			continue
		}
		checked++
		if d := f.diagnose(opts).Diagnosis; d != nil {
			t.Errorf("%s: NeedsEvents is false, yet with its events the pod is diagnosed %s", f.path, d.Reason)
		}
	}
	if checked < 5 {
		t.Errorf("only %d fixtures are healthy without their events; the check needs the Healthy fixtures", checked)
	}
}
