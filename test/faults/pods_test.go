//go:build faults

package faults

import (
	"fmt"
	"math/rand/v2"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
)

// Pods and the statuses and events the kubelet and the scheduler write for
// them, shaped like a real cluster's (message formats as in
// controllers/fixtures_test.go and test/scale).

const (
	appContainer = "api"
	goodImage    = "registry.example.com/shop/api:1.42.0"
	badImage     = "registry.example.com/shop/api:not-exist"
	imageDigest  = "registry.example.com/shop/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	insufficient = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
)

// podKind is one state a pod can be in: the diagnosis it must end with
// (reason "" for healthy), the spec change it needs, its status and the
// events that explain it.
type podKind struct {
	name, reason, container string
	mutate                  func(*corev1.Pod)
	status                  func(*corev1.Pod) corev1.PodStatus
	events                  func(*corev1.Pod) []*corev1.Event
}

var (
	kindHealthy = podKind{name: "healthy", status: runningStatus, events: noEvents}
	kindImage   = podKind{name: "image", reason: "ImageNotFound", container: appContainer, status: imageStatus, events: imageEvents,
		mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Image = badImage }}
	kindOOM    = podKind{name: "oom", reason: "OOMKilled", container: appContainer, status: func(p *corev1.Pod) corev1.PodStatus { return oomStatus(p, 4) }, events: oomEvents}
	kindConfig = podKind{name: "config", reason: "ConfigMapNotFound", container: appContainer, status: configStatus, events: configEvents,
		mutate: func(p *corev1.Pod) {
			p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "FEATURES", ValueFrom: &corev1.EnvVarSource{
				ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "app-config"}, Key: "features"}}}}
		}}
	kindPending = podKind{name: "pending", reason: "InsufficientResources", status: pendingStatus, events: pendingEvents,
		mutate: func(p *corev1.Pod) {
			p.Spec.NodeName = ""
			p.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU] = resource.MustParse("32")
		}}
	// abnormalKinds rotate over a population of broken pods.
	abnormalKinds = []podKind{kindImage, kindOOM, kindConfig, kindPending}
)

// newPod is a Deployment's pod of kind k, bound to the suite's node.
func newPod(ns, name string, k podKind) *corev1.Pod {
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name,
			Labels: map[string]string{"app.kubernetes.io/name": "api", "pod-template-hash": "7d4b9c8f6d"},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "api-7d4b9c8f6d",
				UID: types.UID("3c1f4a7e-9b2d-4e8f-a6c5-1d2e3f4a5b6c"), Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}}},
		Spec: corev1.PodSpec{
			NodeName: nodeName, RestartPolicy: corev1.RestartPolicyAlways, AutomountServiceAccountToken: ptr.To(false),
			TerminationGracePeriodSeconds: ptr.To[int64](30),
			Containers: []corev1.Container{{Name: appContainer, Image: goodImage, ImagePullPolicy: corev1.PullIfNotPresent,
				Resources: corev1.ResourceRequirements{
					Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
					Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("256Mi")},
				}}},
		},
	}
	if k.mutate != nil {
		k.mutate(p)
	}
	return p
}

func noEvents(*corev1.Pod) []*corev1.Event { return nil }

func ago(d time.Duration) metav1.Time {
	return metav1.NewTime(time.Now().Add(-d).Truncate(time.Second))
}

func conditions(ready bool, at metav1.Time) []corev1.PodCondition {
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

func baseStatus(p *corev1.Pod, phase corev1.PodPhase, ready bool, at metav1.Time, cs corev1.ContainerStatus) corev1.PodStatus {
	cs.Name, cs.Image = appContainer, p.Spec.Containers[0].Image
	return corev1.PodStatus{Phase: phase, Conditions: conditions(ready, at), StartTime: &at, QOSClass: corev1.PodQOSBurstable,
		HostIP: "10.0.1.12", PodIP: "10.244.1.17", ContainerStatuses: []corev1.ContainerStatus{cs}}
}

// runningStatus is a healthy pod: running, ready, no restart.
func runningStatus(p *corev1.Pod) corev1.PodStatus {
	at := ago(10 * time.Minute)
	return baseStatus(p, corev1.PodRunning, true, at, corev1.ContainerStatus{Ready: true, Started: ptr.To(true), ImageID: imageDigest,
		ContainerID: "containerd://" + randHex(64), State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at}}})
}

func imageStatus(p *corev1.Pod) corev1.PodStatus {
	return baseStatus(p, corev1.PodPending, false, ago(5*time.Minute), corev1.ContainerStatus{Started: ptr.To(false),
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff",
			Message: fmt.Sprintf("Back-off pulling image %q", p.Spec.Containers[0].Image)}}})
}

func imageEvents(p *corev1.Pod) []*corev1.Event {
	img := p.Spec.Containers[0].Image
	first, last := ago(5*time.Minute).Time, ago(30*time.Second).Time
	return []*corev1.Event{
		kubeletEvent(p, "Normal", "Pulling", fmt.Sprintf("Pulling image %q", img), 5, first, last),
		kubeletEvent(p, "Warning", "Failed", fmt.Sprintf(`Failed to pull image %q: rpc error: code = NotFound desc = failed to pull and unpack image %q: failed to resolve reference %q: %s: not found`, img, img, img, img), 5, first, last),
		kubeletEvent(p, "Warning", "Failed", "Error: ErrImagePull", 5, first, last),
		kubeletEvent(p, "Normal", "BackOff", fmt.Sprintf("Back-off pulling image %q", img), 19, first, last),
	}
}

// oomStatus is CrashLoopBackOff after an OOM kill, restarts times; the
// crashloop storm raises restarts as the kubelet would.
func oomStatus(p *corev1.Pod, restarts int32) corev1.PodStatus {
	return baseStatus(p, corev1.PodRunning, false, ago(10*time.Minute), corev1.ContainerStatus{
		RestartCount: restarts, Started: ptr.To(false), ImageID: imageDigest, ContainerID: "containerd://" + randHex(64),
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff",
			Message: fmt.Sprintf("back-off 1m20s restarting failed container=api pod=%s_%s(%s)", p.Name, p.Namespace, p.UID)}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled",
			StartedAt: ago(40 * time.Second), FinishedAt: ago(5 * time.Second), ContainerID: "containerd://" + randHex(64)}},
	})
}

func oomEvents(p *corev1.Pod) []*corev1.Event {
	first, last := ago(8*time.Minute).Time, ago(5*time.Second).Time
	return []*corev1.Event{
		kubeletEvent(p, "Normal", "Pulled", fmt.Sprintf("Container image %q already present on machine", p.Spec.Containers[0].Image), 5, first, last),
		kubeletEvent(p, "Normal", "Created", "Created container: api", 5, first, last),
		kubeletEvent(p, "Normal", "Started", "Started container api", 5, first, last),
		kubeletEvent(p, "Warning", "BackOff", fmt.Sprintf("Back-off restarting failed container api in pod %s_%s(%s)", p.Name, p.Namespace, p.UID), 12, first, last),
	}
}

func configStatus(p *corev1.Pod) corev1.PodStatus {
	return baseStatus(p, corev1.PodPending, false, ago(3*time.Minute), corev1.ContainerStatus{Started: ptr.To(false),
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CreateContainerConfigError", Message: `configmap "app-config" not found`}}})
}

func configEvents(p *corev1.Pod) []*corev1.Event {
	first, last := ago(3*time.Minute).Time, ago(10*time.Second).Time
	return []*corev1.Event{
		kubeletEvent(p, "Normal", "Pulled", fmt.Sprintf("Container image %q already present on machine", p.Spec.Containers[0].Image), 14, first, last),
		kubeletEvent(p, "Warning", "Failed", `Error: configmap "app-config" not found`, 14, first, last),
	}
}

func pendingStatus(*corev1.Pod) corev1.PodStatus {
	return corev1.PodStatus{Phase: corev1.PodPending, QOSClass: corev1.PodQOSBurstable, Conditions: []corev1.PodCondition{
		{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable", Message: insufficient, LastTransitionTime: ago(4 * time.Minute)}}}
}

func pendingEvents(p *corev1.Pod) []*corev1.Event {
	return []*corev1.Event{schedulerEvent(p, "Warning", "FailedScheduling", insufficient, ago(time.Minute).Time)}
}

func kubeletEvent(p *corev1.Pod, typ, reason, msg string, count int32, first, last time.Time) *corev1.Event {
	return &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: fmt.Sprintf("%s.%s", p.Name, randHex(16))},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: p.Namespace, Name: p.Name, UID: p.UID,
			ResourceVersion: p.ResourceVersion, FieldPath: "spec.containers{api}"},
		Type: typ, Reason: reason, Message: msg, Count: count,
		FirstTimestamp: metav1.NewTime(first), LastTimestamp: metav1.NewTime(last),
		Source:              corev1.EventSource{Component: "kubelet", Host: nodeName},
		ReportingController: "kubelet", ReportingInstance: nodeName,
	}
}

func schedulerEvent(p *corev1.Pod, typ, reason, msg string, at time.Time) *corev1.Event {
	return &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: fmt.Sprintf("%s.%s", p.Name, randHex(16))},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: p.Namespace, Name: p.Name, UID: p.UID,
			ResourceVersion: p.ResourceVersion},
		Type: typ, Reason: reason, Message: msg, Action: "Scheduling", EventTime: metav1.NewMicroTime(at),
		ReportingController: "default-scheduler", ReportingInstance: "default-scheduler-control-plane-1",
	}
}

func randHex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[rand.IntN(16)]
	}
	return string(b)
}
