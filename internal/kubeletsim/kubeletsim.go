// Package kubeletsim writes what the kubelet and the scheduler write for a
// pod — statuses and events in the shapes and message formats of a real
// cluster — for the programs that play a cluster against a real API server:
// the scale benchmark (test/scale) and the fault suite (test/faults). One
// copy, so both drive the controller with the same, realistic input.
//
// Every pod is expected to have one container, the "app" of a Deployment.
package kubeletsim

import (
	"fmt"
	"math/rand/v2"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// ImageDigest is the image ID a pulled image reports.
const ImageDigest = "registry.example.com/shop/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

// Ago is now minus d, as an API time.
func Ago(d time.Duration) metav1.Time {
	return metav1.NewTime(time.Now().Add(-d).Truncate(time.Second))
}

// Conditions are the five pod conditions of a scheduled pod.
func Conditions(ready bool, at metav1.Time) []corev1.PodCondition {
	st, reason, msg := corev1.ConditionTrue, "", ""
	if !ready {
		st, reason, msg = corev1.ConditionFalse, "ContainersNotReady", "containers with unready status: [api]"
	}
	return []corev1.PodCondition{
		{Type: "PodReadyToStartContainers", Status: corev1.ConditionTrue, LastTransitionTime: at},
		{Type: corev1.PodInitialized, Status: corev1.ConditionTrue, LastTransitionTime: at},
		{Type: corev1.PodReady, Status: st, Reason: reason, Message: msg, LastTransitionTime: at},
		{Type: corev1.ContainersReady, Status: st, Reason: reason, Message: msg, LastTransitionTime: at},
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: at},
	}
}

// Status is a scheduled pod's status with one container status cs.
func Status(p *corev1.Pod, phase corev1.PodPhase, ready bool, at metav1.Time, cs corev1.ContainerStatus) corev1.PodStatus {
	ip := fmt.Sprintf("10.244.%d.%d", rand.IntN(250), rand.IntN(250))
	cs.Name, cs.Image = p.Spec.Containers[0].Name, p.Spec.Containers[0].Image
	return corev1.PodStatus{
		Phase: phase, Conditions: Conditions(ready, at), StartTime: &at, QOSClass: corev1.PodQOSBurstable,
		HostIP: "10.0.1.12", HostIPs: []corev1.HostIP{{IP: "10.0.1.12"}}, PodIP: ip, PodIPs: []corev1.PodIP{{IP: ip}},
		ContainerStatuses: []corev1.ContainerStatus{cs},
	}
}

// Running is a healthy pod: running, ready, no restart.
func Running(p *corev1.Pod) corev1.PodStatus {
	at := Ago(10 * time.Minute)
	return Status(p, corev1.PodRunning, true, at, corev1.ContainerStatus{
		Ready: true, Started: ptr.To(true), ImageID: ImageDigest, ContainerID: "containerd://" + RandHex(64),
		State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at}},
	})
}

// ImageBackOff is a pod whose image cannot be pulled.
func ImageBackOff(p *corev1.Pod) corev1.PodStatus {
	return Status(p, corev1.PodPending, false, Ago(5*time.Minute), corev1.ContainerStatus{Started: ptr.To(false),
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff",
			Message: fmt.Sprintf("Back-off pulling image %q", p.Spec.Containers[0].Image)}}})
}

// ImageNotFoundEvents are containerd's answer for a tag that does not exist.
func ImageNotFoundEvents(p *corev1.Pod) []*corev1.Event {
	img := p.Spec.Containers[0].Image
	first, last := Ago(5*time.Minute).Time, Ago(30*time.Second).Time
	return []*corev1.Event{
		KubeletEvent(p, "Normal", "Pulling", fmt.Sprintf("Pulling image %q", img), 5, first, last),
		KubeletEvent(p, "Warning", "Failed", fmt.Sprintf("Failed to pull image %q: rpc error: code = NotFound desc = failed to pull and unpack image %q: failed to resolve reference %q: %s: not found", img, img, img, img), 5, first, last),
		KubeletEvent(p, "Warning", "Failed", "Error: ErrImagePull", 5, first, last),
		KubeletEvent(p, "Normal", "BackOff", fmt.Sprintf("Back-off pulling image %q", img), 19, first, last),
	}
}

// OOMLoop is CrashLoopBackOff after an OOM kill, restarts times.
func OOMLoop(p *corev1.Pod, restarts int32) corev1.PodStatus {
	return Status(p, corev1.PodRunning, false, Ago(10*time.Minute), corev1.ContainerStatus{
		RestartCount: restarts, Started: ptr.To(false), ImageID: ImageDigest, ContainerID: "containerd://" + RandHex(64),
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff",
			Message: fmt.Sprintf("back-off 1m20s restarting failed container=%s pod=%s_%s(%s)", p.Spec.Containers[0].Name, p.Name, p.Namespace, p.UID)}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled",
			StartedAt: Ago(40 * time.Second), FinishedAt: Ago(5 * time.Second), ContainerID: "containerd://" + RandHex(64)}},
	})
}

// OOMEvents are the kubelet's events of a container restarting.
func OOMEvents(p *corev1.Pod) []*corev1.Event {
	c := p.Spec.Containers[0].Name
	first, last := Ago(8*time.Minute).Time, Ago(5*time.Second).Time
	return []*corev1.Event{
		KubeletEvent(p, "Normal", "Pulled", fmt.Sprintf("Container image %q already present on machine", p.Spec.Containers[0].Image), 5, first, last),
		KubeletEvent(p, "Normal", "Created", "Created container: "+c, 5, first, last),
		KubeletEvent(p, "Normal", "Started", "Started container "+c, 5, first, last),
		KubeletEvent(p, "Warning", "BackOff", fmt.Sprintf("Back-off restarting failed container %s in pod %s_%s(%s)", c, p.Name, p.Namespace, p.UID), 12, first, last),
	}
}

// ConfigMapMissing is a container that cannot start: its ConfigMap "app-config" does not exist.
func ConfigMapMissing(p *corev1.Pod) corev1.PodStatus {
	return Status(p, corev1.PodPending, false, Ago(3*time.Minute), corev1.ContainerStatus{Started: ptr.To(false),
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CreateContainerConfigError", Message: `configmap "app-config" not found`}}})
}

// ConfigMapMissingEvents are the kubelet's events for ConfigMapMissing.
func ConfigMapMissingEvents(p *corev1.Pod) []*corev1.Event {
	first, last := Ago(3*time.Minute).Time, Ago(10*time.Second).Time
	return []*corev1.Event{
		KubeletEvent(p, "Normal", "Pulled", fmt.Sprintf("Container image %q already present on machine", p.Spec.Containers[0].Image), 14, first, last),
		KubeletEvent(p, "Warning", "Failed", `Error: configmap "app-config" not found`, 14, first, last),
	}
}

// Unschedulable is a pending pod the scheduler rejected with msg.
func Unschedulable(msg string) corev1.PodStatus {
	return corev1.PodStatus{Phase: corev1.PodPending, QOSClass: corev1.PodQOSBurstable, Conditions: []corev1.PodCondition{
		{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable", Message: msg, LastTransitionTime: Ago(4 * time.Minute)}}}
}

// FailedScheduling is the scheduler's event for msg, one per attempt, the
// newest a minute ago.
func FailedScheduling(p *corev1.Pod, msg string, attempts int) []*corev1.Event {
	var out []*corev1.Event
	for i := attempts; i >= 1; i-- {
		out = append(out, SchedulerEvent(p, "Warning", "FailedScheduling", msg, Ago(time.Duration(i)*time.Minute).Time))
	}
	return out
}

// KubeletEvent is a core/v1 event from the kubelet of the pod's node about its container.
func KubeletEvent(p *corev1.Pod, typ, reason, msg string, count int32, first, last time.Time) *corev1.Event {
	return &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: fmt.Sprintf("%s.%s", p.Name, RandHex(16))},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: p.Namespace, Name: p.Name, UID: p.UID,
			ResourceVersion: p.ResourceVersion, FieldPath: fmt.Sprintf("spec.containers{%s}", p.Spec.Containers[0].Name)},
		Type: typ, Reason: reason, Message: msg, Count: count,
		FirstTimestamp: metav1.NewTime(first), LastTimestamp: metav1.NewTime(last),
		Source:              corev1.EventSource{Component: "kubelet", Host: p.Spec.NodeName},
		ReportingController: "kubelet", ReportingInstance: p.Spec.NodeName,
	}
}

// SchedulerEvent is an events.k8s.io-style event from the default scheduler.
func SchedulerEvent(p *corev1.Pod, typ, reason, msg string, at time.Time) *corev1.Event {
	return &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: fmt.Sprintf("%s.%s", p.Name, RandHex(16))},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: p.Namespace, Name: p.Name, UID: p.UID,
			ResourceVersion: p.ResourceVersion},
		Type: typ, Reason: reason, Message: msg, Action: "Scheduling", EventTime: metav1.NewMicroTime(at),
		ReportingController: "default-scheduler", ReportingInstance: "default-scheduler-control-plane-1",
	}
}

// RandHex is n random hex digits (container IDs, event name suffixes).
func RandHex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[rand.IntN(16)]
	}
	return string(b)
}
