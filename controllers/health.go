package controllers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	toolscache "k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/watchlist"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
)

// watchHealth tracks, per informer, since when its list and watch calls
// have been failing. A reflector retries failed calls with a backoff of at
// most about a minute, so a failure that lasts is seen again and again;
// one successful call clears it.
type watchHealth struct {
	mu      sync.Mutex
	failing map[string]time.Time // informer → first failure of the current streak
	now     func() time.Time
}

func newWatchHealth() *watchHealth {
	return &watchHealth{failing: map[string]time.Time{}, now: time.Now}
}

func (h *watchHealth) report(name string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err == nil {
		delete(h.failing, name)
		return
	}
	if _, ok := h.failing[name]; !ok {
		h.failing[name] = h.now()
	}
}

// check returns an error naming the informers failing for longer than threshold.
func (h *watchHealth) check(threshold time.Duration) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	var long []string
	for name, since := range h.failing {
		if now.Sub(since) >= threshold {
			long = append(long, fmt.Sprintf("%s (since %s)", name, since.UTC().Format(time.RFC3339)))
		}
	}
	if len(long) == 0 {
		return nil
	}
	sort.Strings(long)
	return fmt.Errorf("watches failing for more than %s: %v", threshold, long)
}

// watched wraps a ListerWatcher so its outcomes reach h under name.
func (h *watchHealth) watched(name string, lw toolscache.ListerWatcher) toolscache.ListerWatcher {
	return &healthLW{inner: toolscache.ToListerWatcherWithContext(lw), name: name, h: h}
}

type healthLW struct {
	inner toolscache.ListerWatcherWithContext
	name  string
	h     *watchHealth
}

func (l *healthLW) ListWithContext(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
	obj, err := l.inner.ListWithContext(ctx, o)
	l.h.report(l.name, err)
	return obj, err
}

func (l *healthLW) WatchWithContext(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	w, err := l.inner.WatchWithContext(ctx, o)
	l.h.report(l.name, err)
	return w, err
}

// IsWatchListSemanticsUnSupported passes on what the wrapped ListerWatcher
// says about streaming lists (a fake clientset cannot), as the reflector asks.
func (l *healthLW) IsWatchListSemanticsUnSupported() bool {
	return watchlist.DoesClientNotSupportWatchListSemantics(l.inner)
}

// List and Watch complete the older ListerWatcher interface.
func (l *healthLW) List(o metav1.ListOptions) (runtime.Object, error) {
	return l.ListWithContext(context.Background(), o)
}

func (l *healthLW) Watch(o metav1.ListOptions) (watch.Interface, error) {
	return l.WatchWithContext(context.Background(), o)
}

// readiness is the /readyz check: ready once every informer has synced,
// and as long as none has been failing for longer than threshold (a
// replica that cannot see the cluster must not be reported ready).
func readiness(synced func(context.Context) bool, h *watchHealth, threshold time.Duration) healthz.Checker {
	return func(req *http.Request) error {
		ctx, cancel := context.WithTimeout(req.Context(), time.Second)
		defer cancel()
		if !synced(ctx) {
			return errors.New("caches not synced yet")
		}
		return h.check(threshold)
	}
}
