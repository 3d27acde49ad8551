package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"
)

const reasonKey = "pod-doctor.io/reason"

// annotationWatch is the benchmark's watch on pods: it sees each reason
// annotation appear (what a user running kubectl would see) and times the
// ones it was told to expect.
type annotationWatch struct {
	mu      sync.Mutex
	reasons map[string]string
	pending map[string]expectation
	latency latencies
	first   time.Time // when the first reason annotation appeared
}

type expectation struct {
	reason string
	since  time.Time
}

func (c *cluster) watchAnnotations(ctx context.Context) (*annotationWatch, error) {
	w := &annotationWatch{reasons: map[string]string{}, pending: map[string]expectation{}}
	f := informers.NewSharedInformerFactory(c.cs, 0)
	inf := f.Core().V1().Pods().Informer()
	// Keep only what is compared: the benchmark's own memory is not measured,
	// but it shares the two cores with the controller.
	if err := inf.SetTransform(func(obj any) (any, error) {
		p, ok := obj.(*corev1.Pod)
		if !ok {
			return obj, nil
		}
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: p.Name, ResourceVersion: p.ResourceVersion,
			Annotations: map[string]string{reasonKey: p.Annotations[reasonKey]}}}, nil
	}); err != nil {
		return nil, err
	}
	if _, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    w.observe,
		UpdateFunc: func(_, obj any) { w.observe(obj) },
	}); err != nil {
		return nil, err
	}
	f.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), inf.HasSynced) {
		return nil, fmt.Errorf("pod watch did not sync")
	}
	return w, nil
}

func (w *annotationWatch) observe(obj any) {
	p, ok := obj.(*corev1.Pod)
	if !ok {
		return
	}
	now := time.Now()
	key := p.Namespace + "/" + p.Name
	reason := p.Annotations[reasonKey]
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reasons[key] = reason
	if reason != "" && w.first.IsZero() {
		w.first = now
	}
	if e, ok := w.pending[key]; ok && e.reason == reason {
		w.latency = append(w.latency, now.Sub(e.since))
		delete(w.pending, key)
	}
}

// expect starts the clock for a pod that should get reason.
func (w *annotationWatch) expect(key, reason string, since time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending[key] = expectation{reason, since}
}

// firstSeen is when the watch first saw a reason annotation.
func (w *annotationWatch) firstSeen() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first
}

func (w *annotationWatch) latencies() latencies {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.latency)
}

// waitAll waits until every pod in want shows its reason.
func (w *annotationWatch) waitAll(ctx context.Context, want map[string]string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		missing, example := w.missing(want)
		if missing == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d pods still without their reason after %s (e.g. %s)", missing, len(want), timeout, example)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (w *annotationWatch) missing(want map[string]string) (int, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, example := 0, ""
	for k, r := range want {
		if got := w.reasons[k]; got != r {
			n++
			example = fmt.Sprintf("%s has %q, want %q", k, got, r)
		}
	}
	return n, example
}

// latencies are durations from a status update to the visible annotation.
type latencies []time.Duration

func (l latencies) percentile(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}
