// Package livetest fills a test API server with pods in the states a real
// cluster shows — healthy, image pull failing, crash looping, unschedulable —
// with the events kubelet and the scheduler write, for the live `diagnose`
// tests and benchmark.
package livetest

import (
	"context"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Kinds of pod Populate creates, in rotation among the abnormal ones.
const (
	KindImageNotFound = iota
	KindCrash
	KindUnschedulable
	kinds
)

// Populate creates total pods in ns, of which abnormal are broken (cycling
// through the kinds) with one or two events each; it uses workers in parallel.
func Populate(ctx context.Context, cs kubernetes.Interface, ns string, total, abnormal, workers int) error {
	if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", ns, err)
	}
	if err := ensureReadyNode(ctx, cs, nodeName); err != nil {
		return err
	}
	jobs := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := createPod(ctx, cs, ns, i, i < abnormal); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 0; i < total; i++ {
		select {
		case jobs <- i:
		case err := <-errs:
			close(jobs)
			wg.Wait()
			return err
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// nodeName is the one node the bound pods run on.
const nodeName = "node-1"

// ensureReadyNode registers the node the pods are bound to, Ready like a
// healthy kubelet would report it.
func ensureReadyNode(ctx context.Context, cs kubernetes.Interface, name string) error {
	node, err := cs.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("creating node %s: %w", name, err)
	}
	now := metav1.Now()
	node.Status.Conditions = []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady",
		Message: "kubelet is posting ready status", LastHeartbeatTime: now, LastTransitionTime: now}}
	node.Status.Allocatable = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("4"), corev1.ResourceMemory: resource.MustParse("16Gi"), corev1.ResourcePods: resource.MustParse("110")}
	node.Status.Capacity = node.Status.Allocatable
	if _, err := cs.CoreV1().Nodes().UpdateStatus(ctx, node, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("marking node %s Ready: %w", name, err)
	}
	return nil
}

// PodName is the name Populate gives pod i.
func PodName(i int) string { return fmt.Sprintf("pod-%05d", i) }

func createPod(ctx context.Context, cs kubernetes.Interface, ns string, i int, broken bool) error {
	now := metav1.NewTime(time.Now().Add(-10 * time.Minute).Truncate(time.Second))
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: PodName(i), Namespace: ns, Labels: map[string]string{"app": "load"}},
		Spec: corev1.PodSpec{
			NodeName:   nodeName,
			Containers: []corev1.Container{{Name: "web", Image: "nginx:1.27"}},
		},
	}
	kind := i % kinds
	if broken && kind == KindImageNotFound {
		pod.Spec.Containers[0].Image = "nginx:not-exist"
	}
	if broken && kind == KindUnschedulable {
		pod.Spec.NodeName = ""
	}
	created, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("creating pod %s: %w", pod.Name, err)
	}
	created.Status = statusFor(kind, broken, now)
	if _, err := cs.CoreV1().Pods(ns).UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("updating status of %s: %w", pod.Name, err)
	}
	if !broken {
		return nil
	}
	for j, e := range eventsFor(kind, created, now) {
		e.Name = fmt.Sprintf("%s.%d", created.Name, j)
		if _, err := cs.CoreV1().Events(ns).Create(ctx, e, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating event for %s: %w", created.Name, err)
		}
	}
	return nil
}

func statusFor(kind int, broken bool, t metav1.Time) corev1.PodStatus {
	ready := corev1.PodCondition{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: t}
	running := corev1.ContainerStatus{Name: "web", Image: "nginx:1.27", Ready: true, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: t}}}
	st := corev1.PodStatus{Phase: corev1.PodRunning, StartTime: &t, Conditions: []corev1.PodCondition{ready}, ContainerStatuses: []corev1.ContainerStatus{running}}
	if !broken {
		return st
	}
	ready.Status = corev1.ConditionFalse
	switch kind {
	case KindImageNotFound:
		waiting := corev1.ContainerStatus{Name: "web", Image: "nginx:not-exist", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{
			Reason: "ImagePullBackOff", Message: `Back-off pulling image "nginx:not-exist"`}}}
		return corev1.PodStatus{Phase: corev1.PodPending, StartTime: &t, Conditions: []corev1.PodCondition{ready}, ContainerStatuses: []corev1.ContainerStatus{waiting}}
	case KindCrash:
		crash := corev1.ContainerStatus{Name: "web", Image: "nginx:1.27", RestartCount: 5,
			State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff", Message: "back-off 2m40s restarting failed container=web"}},
			LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
				ExitCode: 1, Reason: "Error", StartedAt: metav1.NewTime(time.Now().Add(-time.Minute)), FinishedAt: metav1.NewTime(time.Now().Add(-time.Minute))}}}
		return corev1.PodStatus{Phase: corev1.PodRunning, StartTime: &t, Conditions: []corev1.PodCondition{ready}, ContainerStatuses: []corev1.ContainerStatus{crash}}
	default:
		return corev1.PodStatus{Phase: corev1.PodPending, Conditions: []corev1.PodCondition{{
			Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable", LastTransitionTime: t,
			Message: "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."}}}
	}
}

func eventsFor(kind int, pod *corev1.Pod, t metav1.Time) []*corev1.Event {
	ref := corev1.ObjectReference{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID, APIVersion: "v1", FieldPath: "spec.containers{web}"}
	kubelet := corev1.EventSource{Component: "kubelet", Host: nodeName}
	ev := func(typ, reason, msg string, src corev1.EventSource, count int32) *corev1.Event {
		return &corev1.Event{ObjectMeta: metav1.ObjectMeta{Namespace: pod.Namespace}, InvolvedObject: ref, Type: typ, Reason: reason,
			Message: msg, Source: src, Count: count, FirstTimestamp: t, LastTimestamp: metav1.NewTime(time.Now().Truncate(time.Second))}
	}
	switch kind {
	case KindImageNotFound:
		return []*corev1.Event{
			ev("Warning", "Failed", `Failed to pull image "nginx:not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:not-exist": failed to resolve reference "docker.io/library/nginx:not-exist": docker.io/library/nginx:not-exist: not found`, kubelet, 4),
			ev("Normal", "BackOff", `Back-off pulling image "nginx:not-exist"`, kubelet, 42),
		}
	case KindCrash:
		return []*corev1.Event{ev("Warning", "BackOff", "Back-off restarting failed container web in pod "+pod.Name+"_"+pod.Namespace+"("+string(pod.UID)+")", kubelet, 12)}
	default:
		ref.FieldPath = ""
		e := ev("Warning", "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.", corev1.EventSource{Component: "default-scheduler"}, 3)
		e.InvolvedObject = ref
		return []*corev1.Event{e}
	}
}
