//go:build faults

package faults

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"

	"github.com/pod-doctor/pod-doctor/internal/kubeletsim"
)

// Pods of the suite, and the kinds of state they are put in. The statuses and
// events are internal/kubeletsim's: what the kubelet and the scheduler write,
// shared with test/scale.

const (
	appContainer = "api"
	goodImage    = "registry.example.com/shop/api:1.42.0"
	badImage     = "registry.example.com/shop/api:not-exist"
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
	kindHealthy = podKind{name: "healthy", status: kubeletsim.Running, events: noEvents}
	kindImage   = podKind{name: "image", reason: "ImageNotFound", container: appContainer, status: kubeletsim.ImageBackOff, events: kubeletsim.ImageNotFoundEvents,
		mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Image = badImage }}
	kindOOM    = podKind{name: "oom", reason: "OOMKilled", container: appContainer, status: oomStatus4, events: kubeletsim.OOMEvents}
	kindConfig = podKind{name: "config", reason: "ConfigMapNotFound", container: appContainer, status: kubeletsim.ConfigMapMissing, events: kubeletsim.ConfigMapMissingEvents,
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

// pendingStatus and pendingEvents are the scheduler's answer for a pod that
// asks for more CPU than the suite's one node has.
func pendingStatus(*corev1.Pod) corev1.PodStatus { return kubeletsim.Unschedulable(insufficient) }

func pendingEvents(p *corev1.Pod) []*corev1.Event {
	return kubeletsim.FailedScheduling(p, insufficient, 1)
}

func oomStatus4(p *corev1.Pod) corev1.PodStatus { return kubeletsim.OOMLoop(p, 4) }
