package controllers

import (
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/slim"
)

// Size caps applied before objects enter the cache. The engine quotes at most
// a few hundred bytes of a message (evidence lines cut at 200), so longer
// texts only cost memory; the caps leave room for substring matching.
const (
	maxStatusMessage = 1024
	maxEnvValue      = 256
)

// The transforms below run on every object before it is stored in the
// informer cache: whatever they drop is never held in memory. They keep
// everything the engine reads (see diagnosis.Input) and must stay idempotent.

// TransformPod strips a pod to what the engine, the mappers and the annotation
// diff need: managedFields and other people's annotations go, labels stay
// (the ignore label), and so do the spec and status fields rules read.
func TransformPod(prefix string) toolscache.TransformFunc {
	return func(obj any) (any, error) {
		p, ok := obj.(*corev1.Pod)
		if !ok {
			return obj, nil
		}
		p.ManagedFields = nil
		p.Annotations = keepOurs(p.Annotations, prefix)
		slimPodSpec(&p.Spec)
		slimPodStatus(&p.Status)
		return p, nil
	}
}

func slimPodSpec(s *corev1.PodSpec) {
	// Ephemeral (debug) containers are not diagnosed; DNS and host aliases
	// play no part in any rule.
	s.EphemeralContainers = nil
	s.DNSConfig = nil
	s.HostAliases = nil
	for _, cs := range [][]corev1.Container{s.InitContainers, s.Containers} {
		for i := range cs {
			slimContainer(&cs[i])
		}
	}
}

func slimContainer(c *corev1.Container) {
	c.TerminationMessagePath = ""
	c.ResizePolicy = nil
	c.VolumeDevices = nil
	// Rules read env references (valueFrom), never long inline values.
	for i := range c.Env {
		c.Env[i].Value = diagnosis.Truncate(c.Env[i].Value, maxEnvValue)
	}
}

func slimPodStatus(s *corev1.PodStatus) {
	s.PodIPs = nil
	s.HostIPs = nil
	s.EphemeralContainerStatuses = nil
	s.AllocatedResources = nil
	s.Resources = nil
	s.Message = diagnosis.Truncate(s.Message, maxStatusMessage)
	for _, cs := range [][]corev1.ContainerStatus{s.InitContainerStatuses, s.ContainerStatuses} {
		for i := range cs {
			slimContainerStatus(&cs[i])
		}
	}
}

func slimContainerStatus(c *corev1.ContainerStatus) {
	c.ImageID = ""
	c.ContainerID = ""
	c.VolumeMounts = nil
	c.AllocatedResources = nil
	c.AllocatedResourcesStatus = nil
	c.Resources = nil
	c.User = nil
	for _, st := range []*corev1.ContainerState{&c.State, &c.LastTerminationState} {
		if w := st.Waiting; w != nil {
			w.Message = diagnosis.Truncate(w.Message, maxStatusMessage)
		}
		if t := st.Terminated; t != nil {
			t.Message = diagnosis.Truncate(t.Message, maxStatusMessage)
			t.ContainerID = ""
		}
	}
}

// TransformEvent keeps what the engine reads of an event (slim.Event).
func TransformEvent(obj any) (any, error) {
	if e, ok := obj.(*corev1.Event); ok {
		slim.Event(e)
	}
	return obj, nil
}

// TransformNode drops what no rule reads of a node (slim.Node).
func TransformNode(obj any) (any, error) {
	if n, ok := obj.(*corev1.Node); ok {
		slim.Node(n)
	}
	return obj, nil
}

// TransformNamespace keeps what the controller reads of a namespace: the
// ignore label, and for NamespaceStuckTerminating the deletion, finalizers
// and status, plus our own annotations (the write path diffs them).
func TransformNamespace(prefix string) toolscache.TransformFunc {
	return func(obj any) (any, error) {
		ns, ok := obj.(*corev1.Namespace)
		if !ok {
			return obj, nil
		}
		return &corev1.Namespace{
			TypeMeta: ns.TypeMeta,
			ObjectMeta: metav1.ObjectMeta{
				Name: ns.Name, UID: ns.UID, ResourceVersion: ns.ResourceVersion, Labels: ns.Labels,
				Annotations: keepOurs(ns.Annotations, prefix), CreationTimestamp: ns.CreationTimestamp,
				DeletionTimestamp: ns.DeletionTimestamp, Finalizers: ns.Finalizers,
			},
			Spec: ns.Spec, Status: ns.Status,
		}, nil
	}
}

// TransformPVC drops managedFields; claims are few and the rules read their
// spec, status and provisioning annotations.
func TransformPVC(obj any) (any, error) {
	c, ok := obj.(*corev1.PersistentVolumeClaim)
	if !ok {
		return obj, nil
	}
	c.ManagedFields = nil
	delete(c.Annotations, corev1.LastAppliedConfigAnnotation)
	return c, nil
}

// compactSettled reduces a settled pod (diagnosis.Settled with the engine's
// own options: healthy, and no deadline ahead) to what the engine needs to
// call it healthy (or NodeLost when its node fails): identity, owner kinds
// and names, the ignore label, node, container names and the status. Such a
// pod can only become abnormal through a change of the pod itself (which
// brings the full object back) or of its node, so the spec details it drops
// are never needed. Most pods of a cluster are settled; this is where the
// cache saves most. It reports whether the pod was settled.
func compactSettled(p *corev1.Pod, now time.Time, opts diagnosis.Options) bool {
	if !diagnosis.Settled(p, now, opts) {
		return false
	}
	if v, ok := p.Labels[IgnoreLabel]; ok {
		p.Labels = map[string]string{IgnoreLabel: v}
	} else {
		p.Labels = nil
	}
	for i, o := range p.OwnerReferences {
		p.OwnerReferences[i] = metav1.OwnerReference{Kind: o.Kind, Name: o.Name, Controller: o.Controller}
	}
	spec := corev1.PodSpec{NodeName: p.Spec.NodeName, RestartPolicy: p.Spec.RestartPolicy, SchedulerName: p.Spec.SchedulerName}
	spec.InitContainers = namesOnly(p.Spec.InitContainers)
	spec.Containers = namesOnly(p.Spec.Containers)
	p.Spec = spec
	// The engine reads the Ready and PodScheduled conditions of a running
	// pod; addresses and QoS class play no part.
	p.Status.Conditions = slices.DeleteFunc(p.Status.Conditions, func(c corev1.PodCondition) bool {
		return c.Type != corev1.PodReady && c.Type != corev1.PodScheduled
	})
	p.Status.PodIP, p.Status.HostIP, p.Status.QOSClass = "", "", ""
	for _, cs := range [][]corev1.ContainerStatus{p.Status.InitContainerStatuses, p.Status.ContainerStatuses} {
		for i := range cs {
			cs[i].Image = ""
		}
	}
	return true
}

func namesOnly(cs []corev1.Container) []corev1.Container {
	if len(cs) == 0 {
		return nil
	}
	out := make([]corev1.Container, len(cs))
	for i, c := range cs {
		// Ports stay: a Service's targetPort is checked against them.
		out[i] = corev1.Container{Name: c.Name, RestartPolicy: c.RestartPolicy, Ports: c.Ports}
	}
	return out
}
