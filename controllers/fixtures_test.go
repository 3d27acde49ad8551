package controllers

import (
	"fmt"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// Builders of pods, statuses and events shaped like what the kubelet, the
// scheduler and the attach-detach controller write (message formats copied
// from real clusters, see diagnosis/testdata).

const testNode = "node-ready-1"

func basePod(ns, name string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: map[string]string{"app": name}},
		Spec: corev1.PodSpec{
			NodeName:                     testNode,
			RestartPolicy:                corev1.RestartPolicyAlways,
			AutomountServiceAccountToken: ptr.To(false),
			Containers: []corev1.Container{{
				Name: "app", Image: "nginx:1.27", ImagePullPolicy: corev1.PullIfNotPresent,
				Resources: corev1.ResourceRequirements{
					Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")},
					Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("128Mi")},
				},
			}},
		},
	}
}

func imagePod(ns, name string) *corev1.Pod {
	p := basePod(ns, name)
	p.Spec.Containers[0].Image = "nginx:not-exist"
	return p
}

func ago(d time.Duration) metav1.Time {
	return metav1.NewTime(time.Now().Add(-d).Truncate(time.Second))
}

func cond(t corev1.PodConditionType, s corev1.ConditionStatus, reason, msg string, at metav1.Time) corev1.PodCondition {
	return corev1.PodCondition{Type: t, Status: s, Reason: reason, Message: msg, LastTransitionTime: at}
}

// boundConditions are those of a pod the scheduler placed and the kubelet
// started; ready says whether the containers are ready.
func boundConditions(ready bool, at metav1.Time) []corev1.PodCondition {
	st, reason, msg := corev1.ConditionTrue, "", ""
	if !ready {
		st, reason, msg = corev1.ConditionFalse, "ContainersNotReady", "containers with unready status: [app]"
	}
	return []corev1.PodCondition{
		cond("PodReadyToStartContainers", corev1.ConditionTrue, "", "", at),
		cond(corev1.PodInitialized, corev1.ConditionTrue, "", "", at),
		cond(corev1.PodReady, st, reason, msg, at),
		cond(corev1.ContainersReady, st, reason, msg, at),
		cond(corev1.PodScheduled, corev1.ConditionTrue, "", "", at),
	}
}

func podStatus(phase corev1.PodPhase, ready bool, at metav1.Time, cs corev1.ContainerStatus) corev1.PodStatus {
	return corev1.PodStatus{
		Phase: phase, Conditions: boundConditions(ready, at), StartTime: &at,
		HostIP: "10.0.1.12", PodIP: "10.244.1.17", QOSClass: corev1.PodQOSBurstable,
		ContainerStatuses: []corev1.ContainerStatus{cs},
	}
}

// creatingStatus is a bound pod whose container is still ContainerCreating
// since age ago: no image pulled, no container, no pod IP yet.
func creatingStatus(p *corev1.Pod, age time.Duration) corev1.PodStatus {
	cs := containerStatus(p)
	cs.ImageID, cs.ContainerID = "", ""
	cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}
	st := podStatus(corev1.PodPending, false, ago(age), cs)
	st.PodIP = ""
	return st
}

func containerStatus(p *corev1.Pod) corev1.ContainerStatus {
	c := p.Spec.Containers[0]
	return corev1.ContainerStatus{Name: c.Name, Image: c.Image, ImageID: "docker.io/library/nginx@sha256:3b7732505933ca591ce4a6d860cb713ad96a3176b82f7979a8dfa9973486a0d6",
		ContainerID: "containerd://4f1c3b9e2a7d6c5b8a9e0f1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3"}
}

// runningStatus is a healthy pod: running, ready, no restarts.
func runningStatus(p *corev1.Pod) corev1.PodStatus {
	at := ago(2 * time.Minute)
	cs := containerStatus(p)
	cs.Ready, cs.Started = true, ptr.To(true)
	cs.State.Running = &corev1.ContainerStateRunning{StartedAt: at}
	return podStatus(corev1.PodRunning, true, at, cs)
}

func imagePullBackOffStatus(p *corev1.Pod) corev1.PodStatus {
	at := ago(3 * time.Minute)
	cs := containerStatus(p)
	cs.ImageID, cs.ContainerID = "", ""
	cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff", Message: `Back-off pulling image "nginx:not-exist"`}
	return podStatus(corev1.PodPending, false, at, cs)
}

func imagePullEvents(p *corev1.Pod) []*corev1.Event {
	first, last := ago(3*time.Minute).Time, ago(20*time.Second).Time
	return []*corev1.Event{
		schedulerScheduled(p, first),
		kubeletEvent(p, "Normal", "Pulling", `Pulling image "nginx:not-exist"`, "app", 4, first, last),
		kubeletEvent(p, "Warning", "Failed", `Failed to pull image "nginx:not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:not-exist": failed to resolve reference "docker.io/library/nginx:not-exist": docker.io/library/nginx:not-exist: not found`, "app", 4, first, last),
		kubeletEvent(p, "Warning", "Failed", "Error: ErrImagePull", "app", 4, first, last),
		kubeletEvent(p, "Normal", "BackOff", `Back-off pulling image "nginx:not-exist"`, "app", 9, first, last),
		kubeletEvent(p, "Warning", "Failed", "Error: ImagePullBackOff", "app", 9, first, last),
	}
}

// oomStatus is a container in CrashLoopBackOff whose last run was OOMKilled.
func oomStatus(p *corev1.Pod) corev1.PodStatus {
	cs := containerStatus(p)
	cs.RestartCount, cs.Started = 3, ptr.To(false)
	cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff",
		Message: fmt.Sprintf("back-off 40s restarting failed container=app pod=%s_%s(%s)", p.Name, p.Namespace, p.UID)}
	cs.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled",
		StartedAt: ago(50 * time.Second), FinishedAt: ago(20 * time.Second),
		ContainerID: "containerd://9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b"}
	return podStatus(corev1.PodRunning, false, ago(3*time.Minute), cs)
}

func oomEvents(p *corev1.Pod) []*corev1.Event {
	first, last := ago(2*time.Minute).Time, ago(20*time.Second).Time
	return []*corev1.Event{
		kubeletEvent(p, "Normal", "Pulled", `Container image "nginx:1.27" already present on machine`, "app", 4, first, last),
		kubeletEvent(p, "Normal", "Created", "Created container: app", "app", 4, first, last),
		kubeletEvent(p, "Normal", "Started", "Started container app", "app", 4, first, last),
		kubeletEvent(p, "Warning", "BackOff", fmt.Sprintf("Back-off restarting failed container app in pod %s_%s(%s)", p.Name, p.Namespace, p.UID), "app", 6, first, last),
	}
}

var eventSeq atomic.Int64

// kubeletEvent is a core/v1 Event as the kubelet's recorder writes it.
func kubeletEvent(p *corev1.Pod, typ, reason, msg, container string, count int32, first, last time.Time) *corev1.Event {
	return legacyEvent(p, "kubelet", p.Spec.NodeName, typ, reason, msg, fieldPath(container, false), count, first, last)
}

func legacyEvent(p *corev1.Pod, component, host, typ, reason, msg, fieldPath string, count int32, first, last time.Time) *corev1.Event {
	return &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: fmt.Sprintf("%s.%x", p.Name, time.Now().UnixNano()+eventSeq.Add(1))},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: p.Namespace, Name: p.Name,
			UID: p.UID, ResourceVersion: p.ResourceVersion, FieldPath: fieldPath},
		Type: typ, Reason: reason, Message: msg, Count: count,
		FirstTimestamp: metav1.NewTime(first), LastTimestamp: metav1.NewTime(last),
		Source:              corev1.EventSource{Component: component, Host: host},
		ReportingController: component, ReportingInstance: host,
	}
}

// schedulerEvent is an events.k8s.io-style event as kube-scheduler writes it
// (eventTime, reportingController, action; no source or timestamps).
func schedulerEvent(p *corev1.Pod, typ, reason, msg string, at time.Time) *corev1.Event {
	return &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: fmt.Sprintf("%s.%x", p.Name, time.Now().UnixNano()+eventSeq.Add(1))},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: p.Namespace, Name: p.Name,
			UID: p.UID, ResourceVersion: p.ResourceVersion},
		Type: typ, Reason: reason, Message: msg, Action: "Scheduling",
		EventTime:           metav1.NewMicroTime(at),
		ReportingController: "default-scheduler", ReportingInstance: "default-scheduler-control-plane",
	}
}

func schedulerScheduled(p *corev1.Pod, at time.Time) *corev1.Event {
	return schedulerEvent(p, "Normal", "Scheduled", fmt.Sprintf("Successfully assigned %s/%s to %s", p.Namespace, p.Name, p.Spec.NodeName), at)
}

func nodeStatus(ready corev1.ConditionStatus) corev1.NodeStatus {
	now := metav1.Now()
	readyCond := corev1.NodeCondition{Type: corev1.NodeReady, Status: ready, Reason: "KubeletReady",
		Message: "kubelet is posting ready status", LastHeartbeatTime: now, LastTransitionTime: now}
	if ready == corev1.ConditionUnknown {
		readyCond.Reason, readyCond.Message = "NodeStatusUnknown", "Kubelet stopped posting node status."
	}
	pressure := func(t corev1.NodeConditionType, reason, msg string) corev1.NodeCondition {
		st := corev1.ConditionFalse
		if ready == corev1.ConditionUnknown {
			st, reason, msg = corev1.ConditionUnknown, "NodeStatusUnknown", "Kubelet stopped posting node status."
		}
		return corev1.NodeCondition{Type: t, Status: st, Reason: reason, Message: msg, LastHeartbeatTime: now, LastTransitionTime: now}
	}
	capacity := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("4"), corev1.ResourceMemory: resource.MustParse("16Gi"), corev1.ResourcePods: resource.MustParse("110")}
	return corev1.NodeStatus{
		Capacity: capacity, Allocatable: capacity,
		Conditions: []corev1.NodeCondition{
			pressure(corev1.NodeMemoryPressure, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
			pressure(corev1.NodeDiskPressure, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
			pressure(corev1.NodePIDPressure, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
			readyCond,
		},
		NodeInfo: corev1.NodeSystemInfo{KubeletVersion: "v1.37.2", ContainerRuntimeVersion: "containerd://2.1.4", OperatingSystem: "linux", Architecture: "amd64"},
	}
}
