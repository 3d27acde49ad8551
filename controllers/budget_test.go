package controllers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/flowcontrol"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// countingLimiter counts the requests that asked the limiter for a token.
type countingLimiter struct {
	flowcontrol.RateLimiter
	waits atomic.Int32
}

func (c *countingLimiter) Wait(ctx context.Context) error {
	c.waits.Add(1)
	return c.RateLimiter.Wait(ctx)
}

// TestWriteBudgetIsShared: pod patches, event creates and the store's
// clientset draw from the one limiter clientConfigs sets, not one each;
// leader election draws from none of it.
func TestWriteBudgetIsShared(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"}}`))
	}))
	defer srv.Close()
	m := DefaultOptions().Manager
	main, leader := clientConfigs(&rest.Config{Host: srv.URL}, m)
	bucket := main.RateLimiter
	if bucket == nil || bucket.QPS() != m.QPS {
		t.Fatalf("main config limiter %v, want a shared token bucket of %v/s", bucket, m.QPS)
	}
	if leader.RateLimiter != nil {
		t.Errorf("leader election shares the write budget (%T)", leader.RateLimiter)
	}
	counting := &countingLimiter{RateLimiter: bucket}
	main.RateLimiter = counting
	mapper := meta.NewDefaultRESTMapper([]schema.GroupVersion{corev1.SchemeGroupVersion})
	for _, kind := range []string{"Pod", "Event"} {
		mapper.Add(corev1.SchemeGroupVersion.WithKind(kind), meta.RESTScopeNamespace)
	}
	c, err := client.New(main, client.Options{Scheme: testScheme(), Mapper: mapper})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "p"}}
	if err := c.Patch(ctx, pod, client.RawPatch(types.MergePatchType, []byte(`{}`))); err != nil {
		t.Fatal(err)
	}
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "p.1"}}
	_ = c.Create(ctx, ev) // the fake server answers with a Pod; only the request counts
	cs, err := kubernetes.NewForConfig(main)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = cs.CoreV1().Events("ns").List(ctx, metav1.ListOptions{})
	if got := counting.waits.Load(); got != 3 {
		t.Errorf("requests through the shared limiter = %d, want 3 (patch, event, list)", got)
	}
	off := m
	off.QPS = -1
	if disabled, _ := clientConfigs(&rest.Config{Host: srv.URL}, off); disabled.RateLimiter != nil {
		t.Errorf("--kube-api-qps=-1 still limits (%T)", disabled.RateLimiter)
	}
}
