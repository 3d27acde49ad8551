package main

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/kubeletsim"
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
	kindHealthy = scenarioKind{status: kubeletsim.Running, events: func(*corev1.Pod) []*corev1.Event { return nil }}
	kindImage   = scenarioKind{reason: string(diagnosis.ReasonImageNotFound), status: kubeletsim.ImageBackOff, events: kubeletsim.ImageNotFoundEvents,
		mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Image = "registry.example.com/shop/api:not-exist" }}
	kindOOM    = scenarioKind{reason: string(diagnosis.ReasonOOMKilled), status: oomStatus, events: kubeletsim.OOMEvents}
	kindConfig = scenarioKind{reason: string(diagnosis.ReasonConfigMapNotFound), status: kubeletsim.ConfigMapMissing, events: configEvents,
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

const insufficient = "0/20 nodes are available: 20 Insufficient cpu. preemption: 0/20 nodes are available: 20 No preemption victims found for incoming pod."

func oomStatus(p *corev1.Pod) corev1.PodStatus { return kubeletsim.OOMLoop(p, 4) }

func pendingStatus(*corev1.Pod) corev1.PodStatus { return kubeletsim.Unschedulable(insufficient) }

func pendingEvents(p *corev1.Pod) []*corev1.Event {
	return kubeletsim.FailedScheduling(p, insufficient, 4)
}

// configEvents are the kubelet's, after the scheduler's assignment and the
// first mount attempt racing the ConfigMap cache, as a real pod shows them.
func configEvents(p *corev1.Pod) []*corev1.Event {
	first := kubeletsim.Ago(3 * time.Minute).Time
	return append([]*corev1.Event{
		kubeletsim.SchedulerEvent(p, "Normal", "Scheduled", fmt.Sprintf("Successfully assigned %s/%s to %s", p.Namespace, p.Name, p.Spec.NodeName), first),
		kubeletsim.KubeletEvent(p, "Warning", "FailedMount", `MountVolume.SetUp failed for volume "kube-api-access-x7k2p" : failed to sync configmap cache: timed out waiting for the condition`, 1, first, first),
	}, kubeletsim.ConfigMapMissingEvents(p)...)
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
		images = append(images, corev1.ContainerImage{Names: []string{fmt.Sprintf("registry.example.com/team/image-%d@sha256:%s", i, kubeletsim.RandHex(64))}, SizeBytes: 123456789})
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
