package controllers

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	toolscache "k8s.io/client-go/tools/cache"
)

// TestReadiness: /readyz fails until the caches synced, and again once a
// watch has been failing for the threshold; one success clears it.
// /healthz is a plain ping (see addProbes) and is not affected.
func TestReadiness(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	clock := t0
	h := newWatchHealth()
	h.now = func() time.Time { return clock }
	synced := false
	check := readiness(func(context.Context) bool { return synced }, h, 2*time.Minute)
	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"not synced", func() {}, "caches not synced yet"},
		{"synced", func() { synced = true }, ""},
		{"watch starts failing", func() { h.report("pods", errors.New("connection refused")) }, ""},
		{"failing just under the threshold", func() {
			clock = t0.Add(2*time.Minute - time.Second)
			h.report("pods", errors.New("connection refused"))
		}, ""},
		{"failing for the threshold", func() { clock = t0.Add(2 * time.Minute) },
			"watches failing for more than 2m0s: [pods (since 2024-05-01T10:00:00Z)]"},
		{"another informer recovers: still failing", func() { h.report("node", nil) },
			"watches failing for more than 2m0s: [pods (since 2024-05-01T10:00:00Z)]"},
		{"the watch succeeds again", func() { h.report("pods", nil) }, ""},
	}
	for _, st := range steps {
		st.do()
		err := check(httptest.NewRequest("GET", "/readyz", nil))
		if got := errString(err); got != st.want {
			t.Errorf("%s: readyz = %q, want %q", st.name, got, st.want)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestWatchedListerWatcher: list and watch outcomes reach the tracker.
func TestWatchedListerWatcher(t *testing.T) {
	h := newWatchHealth()
	fail := true
	lw := h.watched("events", &toolscache.ListWatch{
		ListWithContextFunc: func(context.Context, metav1.ListOptions) (runtime.Object, error) {
			if fail {
				return nil, errors.New("connection refused")
			}
			return &corev1.EventList{}, nil
		},
		WatchFuncWithContext: func(context.Context, metav1.ListOptions) (watch.Interface, error) {
			return watch.NewFake(), nil
		},
	})
	lwc := lw.(toolscache.ListerWatcherWithContext)
	if _, err := lwc.ListWithContext(context.Background(), metav1.ListOptions{}); err == nil {
		t.Fatal("list did not fail")
	}
	if got := len(h.failing); got != 1 {
		t.Fatalf("failing informers after a failed list = %d, want 1", got)
	}
	if _, err := lwc.WatchWithContext(context.Background(), metav1.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := len(h.failing); got != 0 {
		t.Errorf("failing informers after a successful watch = %d, want 0", got)
	}
}
