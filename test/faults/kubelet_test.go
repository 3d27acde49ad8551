//go:build faults

package faults

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// The test plays kubelet and scheduler: it creates pods and writes their
// statuses and events, and like them it keeps retrying while the API server
// is down.

// retry runs op until it succeeds, ctx ends, or it fails in a way that
// retrying cannot fix (a rejected request, as opposed to an unreachable,
// overloaded or conflicting server).
func retry(ctx context.Context, op func() error) error {
	for {
		err := op()
		if err == nil || !transient(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last error: %v)", ctx.Err(), err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func transient(err error) bool {
	var status apierrors.APIStatus
	if !errors.As(err, &status) {
		return true // no answer: connection refused or reset, timeout
	}
	return apierrors.IsConflict(err) || apierrors.IsServerTimeout(err) || apierrors.IsTimeout(err) ||
		apierrors.IsTooManyRequests(err) || apierrors.IsInternalError(err) || apierrors.IsServiceUnavailable(err)
}

// createPod creates pod, then writes the status and events of kind k.
func (cl *cluster) createPod(ctx context.Context, pod *corev1.Pod, k podKind) (*corev1.Pod, error) {
	var created *corev1.Pod
	err := retry(ctx, func() error {
		var err error
		created, err = cl.cs.CoreV1().Pods(pod.Namespace).Create(ctx, pod, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) { // created before a lost answer
			created, err = cl.cs.CoreV1().Pods(pod.Namespace).Get(ctx, pod.Name, metav1.GetOptions{})
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create pod %s/%s: %w", pod.Namespace, pod.Name, err)
	}
	return cl.writeKind(ctx, created, k)
}

// setKind moves an existing pod to kind k: the image (the one mutable part
// of the spec a kind changes), then status and events.
func (cl *cluster) setKind(ctx context.Context, ns, name string, k podKind) (*corev1.Pod, error) {
	var pod *corev1.Pod
	err := retry(ctx, func() error {
		cur, err := cl.cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		want := cur.DeepCopy()
		want.Spec.Containers[0].Image = goodImage
		if k.mutate != nil {
			k.mutate(want)
		}
		if want.Spec.Containers[0].Image == cur.Spec.Containers[0].Image {
			pod = cur
			return nil
		}
		patch := fmt.Sprintf(`{"spec":{"containers":[{"name":%q,"image":%q}]}}`, appContainer, want.Spec.Containers[0].Image)
		pod, err = cl.cs.CoreV1().Pods(ns).Patch(ctx, name, types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("set image of %s/%s: %w", ns, name, err)
	}
	return cl.writeKind(ctx, pod, k)
}

func (cl *cluster) writeKind(ctx context.Context, pod *corev1.Pod, k podKind) (*corev1.Pod, error) {
	updated, err := cl.writeStatus(ctx, pod.Namespace, pod.Name, k.status)
	if err != nil {
		return nil, err
	}
	for _, e := range k.events(updated) {
		if err := cl.createEvent(ctx, e); err != nil {
			return nil, err
		}
	}
	return updated, nil
}

// writeStatus replaces the pod's status with status(pod), as the kubelet's
// status manager does (through the status subresource).
func (cl *cluster) writeStatus(ctx context.Context, ns, name string, status func(*corev1.Pod) corev1.PodStatus) (*corev1.Pod, error) {
	var updated *corev1.Pod
	err := retry(ctx, func() error {
		cur, err := cl.cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		cur.Status = status(cur)
		updated, err = cl.cs.CoreV1().Pods(ns).UpdateStatus(ctx, cur, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("write status of %s/%s: %w", ns, name, err)
	}
	return updated, nil
}

func (cl *cluster) createEvent(ctx context.Context, e *corev1.Event) error {
	err := retry(ctx, func() error {
		_, err := cl.cs.CoreV1().Events(e.Namespace).Create(ctx, e, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			return nil
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("create event %s/%s: %w", e.Namespace, e.Name, err)
	}
	return nil
}

// parallel runs f(i) for i in [0, n) on workers goroutines and returns the
// first error.
func parallel(n, workers int, f func(i int) error) error {
	jobs := make(chan int)
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := f(i); err != nil {
					once.Do(func() { first = err })
				}
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return first
}
