package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// scenarioKind is one kind of pod the benchmark creates: its expected
// reason ("" for healthy), how the pod differs, its status and events.
type scenarioKind struct {
	reason string
	mutate func(*corev1.Pod)
	status func(*corev1.Pod) corev1.PodStatus
	events func(*corev1.Pod) []*corev1.Event
}

var (
	kindHealthy = scenarioKind{status: runningStatus, events: func(*corev1.Pod) []*corev1.Event { return nil }}
	kindImage   = scenarioKind{reason: string(diagnosis.ReasonImageNotFound), status: imageStatus, events: imageEvents,
		mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Image = "registry.example.com/shop/api:not-exist" }}
	kindOOM    = scenarioKind{reason: string(diagnosis.ReasonOOMKilled), status: oomStatus, events: oomEvents}
	kindConfig = scenarioKind{reason: string(diagnosis.ReasonConfigMapNotFound), status: configStatus, events: configEvents,
		mutate: func(p *corev1.Pod) {
			p.Spec.Containers[0].Env = append(p.Spec.Containers[0].Env, corev1.EnvVar{Name: "FEATURES", ValueFrom: &corev1.EnvVarSource{
				ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "app-config"}, Key: "features"}}})
		}}
	kindPending = scenarioKind{reason: string(diagnosis.ReasonInsufficientResources), status: pendingStatus, events: pendingEvents,
		mutate: func(p *corev1.Pod) {
			p.Spec.NodeName = ""
			p.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU] = resource.MustParse("32")
		}}
	abnormalKinds = []scenarioKind{kindImage, kindOOM, kindConfig, kindPending}
)

// scalePod is a Deployment's pod as the API server stores it: owner,
// template labels, service-account token volume, probes, default tolerations.
func scalePod(ns, name, node string, kind scenarioKind) *corev1.Pod {
	rs := "api-7d4b9c8f6d"
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Namespace: ns, Name: name,
			Labels: map[string]string{"app.kubernetes.io/name": "api", "app.kubernetes.io/part-of": "shop", "pod-template-hash": "7d4b9c8f6d"},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: rs,
				UID: types.UID("3c1f4a7e-9b2d-4e8f-a6c5-1d2e3f4a5b6c"), Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}},
		},
		Spec: corev1.PodSpec{
			NodeName: node, RestartPolicy: corev1.RestartPolicyAlways, DNSPolicy: corev1.DNSClusterFirst,
			ServiceAccountName: "default", SchedulerName: "default-scheduler", TerminationGracePeriodSeconds: ptr.To[int64](30),
			Containers: []corev1.Container{{
				Name: "api", Image: "registry.example.com/shop/api:1.42.0", ImagePullPolicy: corev1.PullIfNotPresent,
				Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}},
				Env: []corev1.EnvVar{{Name: "LOG_LEVEL", Value: "info"}, {Name: "PORT", Value: "8080"},
					{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}}},
				Resources: corev1.ResourceRequirements{
					Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
					Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("256Mi")},
				},
				LivenessProbe:          httpProbe("/healthz"),
				ReadinessProbe:         httpProbe("/ready"),
				VolumeMounts:           []corev1.VolumeMount{{Name: "kube-api-access-x7k2p", MountPath: "/var/run/secrets/kubernetes.io/serviceaccount", ReadOnly: true}},
				TerminationMessagePath: "/dev/termination-log", TerminationMessagePolicy: corev1.TerminationMessageReadFile,
			}},
			Tolerations: []corev1.Toleration{
				{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](300)},
				{Key: "node.kubernetes.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](300)},
			},
			Volumes: []corev1.Volume{{Name: "kube-api-access-x7k2p", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
				DefaultMode: ptr.To[int32](420),
				Sources: []corev1.VolumeProjection{
					{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{ExpirationSeconds: ptr.To[int64](3607), Path: "token"}},
					{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "kube-root-ca.crt"}, Items: []corev1.KeyToPath{{Key: "ca.crt", Path: "ca.crt"}}}},
					{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{{Path: "namespace", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.namespace"}}}}},
				}}}}},
		},
	}
	if kind.mutate != nil {
		kind.mutate(p)
	}
	return p
}

func httpProbe(path string) *corev1.Probe {
	return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: path, Port: intstr.FromString("http"), Scheme: corev1.URISchemeHTTP}},
		PeriodSeconds: 10, TimeoutSeconds: 1, SuccessThreshold: 1, FailureThreshold: 3}
}

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
	ip := fmt.Sprintf("10.244.%d.%d", rand.IntN(250), rand.IntN(250))
	cs.Name, cs.Image = "api", p.Spec.Containers[0].Image
	return corev1.PodStatus{
		Phase: phase, Conditions: conditions(ready, at), StartTime: &at, QOSClass: corev1.PodQOSBurstable,
		HostIP: "10.0.1.12", HostIPs: []corev1.HostIP{{IP: "10.0.1.12"}}, PodIP: ip, PodIPs: []corev1.PodIP{{IP: ip}},
		ContainerStatuses: []corev1.ContainerStatus{cs},
	}
}

const imageID = "registry.example.com/shop/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func runningStatus(p *corev1.Pod) corev1.PodStatus {
	at := ago(10 * time.Minute)
	return baseStatus(p, corev1.PodRunning, true, at, corev1.ContainerStatus{
		Ready: true, Started: ptr.To(true), ImageID: imageID,
		ContainerID: "containerd://" + randHex(64),
		State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at}},
	})
}

func imageStatus(p *corev1.Pod) corev1.PodStatus {
	return baseStatus(p, corev1.PodPending, false, ago(5*time.Minute), corev1.ContainerStatus{Started: ptr.To(false),
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff",
			Message: `Back-off pulling image "registry.example.com/shop/api:not-exist"`}}})
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

func oomStatus(p *corev1.Pod) corev1.PodStatus {
	return baseStatus(p, corev1.PodRunning, false, ago(10*time.Minute), corev1.ContainerStatus{
		RestartCount: 4, Started: ptr.To(false), ImageID: imageID, ContainerID: "containerd://" + randHex(64),
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
		schedulerEvent(p, "Normal", "Scheduled", fmt.Sprintf("Successfully assigned %s/%s to %s", p.Namespace, p.Name, p.Spec.NodeName), first),
		kubeletEvent(p, "Normal", "Pulled", fmt.Sprintf("Container image %q already present on machine", p.Spec.Containers[0].Image), 14, first, last),
		kubeletEvent(p, "Warning", "Failed", `Error: configmap "app-config" not found`, 14, first, last),
		kubeletEvent(p, "Warning", "FailedMount", `MountVolume.SetUp failed for volume "kube-api-access-x7k2p" : failed to sync configmap cache: timed out waiting for the condition`, 1, first, first),
	}
}

const insufficient = "0/20 nodes are available: 20 Insufficient cpu. preemption: 0/20 nodes are available: 20 No preemption victims found for incoming pod."

func pendingStatus(*corev1.Pod) corev1.PodStatus {
	return corev1.PodStatus{Phase: corev1.PodPending, QOSClass: corev1.PodQOSBurstable, Conditions: []corev1.PodCondition{
		{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable", Message: insufficient, LastTransitionTime: ago(4 * time.Minute)}}}
}

func pendingEvents(p *corev1.Pod) []*corev1.Event {
	var out []*corev1.Event
	for i := 4; i >= 1; i-- {
		out = append(out, schedulerEvent(p, "Warning", "FailedScheduling", insufficient, ago(time.Duration(i)*time.Minute).Time))
	}
	return out
}

func kubeletEvent(p *corev1.Pod, typ, reason, msg string, count int32, first, last time.Time) *corev1.Event {
	return &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: fmt.Sprintf("%s.%s", p.Name, randHex(16))},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: p.Namespace, Name: p.Name, UID: p.UID,
			ResourceVersion: p.ResourceVersion, FieldPath: "spec.containers{api}"},
		Type: typ, Reason: reason, Message: msg, Count: count,
		FirstTimestamp: metav1.NewTime(first), LastTimestamp: metav1.NewTime(last),
		Source:              corev1.EventSource{Component: "kubelet", Host: p.Spec.NodeName},
		ReportingController: "kubelet", ReportingInstance: p.Spec.NodeName,
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

func scaleNode(name string) *corev1.Node {
	return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{
		"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
		"topology.kubernetes.io/zone": "zone-a", "node.kubernetes.io/instance-type": "m5.xlarge"}}}
}

func nodeStatus() corev1.NodeStatus {
	now := metav1.Now()
	capacity := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("4"), corev1.ResourceMemory: resource.MustParse("16Gi"), corev1.ResourcePods: resource.MustParse("110")}
	var images []corev1.ContainerImage
	for i := 0; i < 40; i++ { // real nodes list dozens of images; the cache must drop them
		images = append(images, corev1.ContainerImage{Names: []string{fmt.Sprintf("registry.example.com/team/image-%d@sha256:%s", i, randHex(64))}, SizeBytes: 123456789})
	}
	cond := func(t corev1.NodeConditionType, s corev1.ConditionStatus, reason string) corev1.NodeCondition {
		return corev1.NodeCondition{Type: t, Status: s, Reason: reason, LastHeartbeatTime: now, LastTransitionTime: now}
	}
	return corev1.NodeStatus{
		Capacity: capacity, Allocatable: capacity, Images: images,
		Conditions: []corev1.NodeCondition{
			cond(corev1.NodeMemoryPressure, corev1.ConditionFalse, "KubeletHasSufficientMemory"),
			cond(corev1.NodeDiskPressure, corev1.ConditionFalse, "KubeletHasNoDiskPressure"),
			cond(corev1.NodePIDPressure, corev1.ConditionFalse, "KubeletHasSufficientPID"),
			cond(corev1.NodeReady, corev1.ConditionTrue, "KubeletReady"),
		},
		NodeInfo: corev1.NodeSystemInfo{KubeletVersion: "v1.37.2", ContainerRuntimeVersion: "containerd://2.1.4", OperatingSystem: "linux", Architecture: "amd64"},
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
