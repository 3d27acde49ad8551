package live_test

import (
	"context"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"k8s.io/client-go/rest"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/dump"
	"github.com/pod-doctor/pod-doctor/internal/live"
	"github.com/pod-doctor/pod-doctor/internal/livetest"
	"github.com/pod-doctor/pod-doctor/internal/testenv"
)

// countingTransport counts the requests the client sends.
type countingTransport struct {
	next http.RoundTripper
	n    *atomic.Int64
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// TestFetchRequestsDoNotGrowWithPods: listing a namespace of 60 pods (30
// broken, with events) takes exactly sixteen requests — pods, events, nodes,
// PVCs and one list per kind beyond pods (twelve) — the property that keeps
// 5,000 pods fast. A named pod takes four: nothing beyond pods is listed.
func TestFetchRequestsDoNotGrowWithPods(t *testing.T) {
	_, cfg := testenv.Start(t)
	ctx := context.Background()
	admin, err := live.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := livetest.Populate(ctx, admin, "load", 60, 30, 4); err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	counted := rest.CopyConfig(cfg)
	counted.WrapTransport = func(rt http.RoundTripper) http.RoundTripper { return countingTransport{rt, &n} }
	cs, err := live.NewClient(counted)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := live.Fetch(ctx, cs, live.Scope{Namespace: "load"}, func(m string) { t.Error(m) })
	if err != nil {
		t.Fatal(err)
	}
	// The pods are streamed: listed page by page while the sweep reads
	// them, without managed fields.
	pods := streamed(t, objs)
	if got := n.Load(); got != 16 {
		t.Errorf("requests: got %d, want 16", got)
	}
	if len(pods) != 60 || len(objs.Events) != 40 {
		t.Errorf("got %d pods and %d events, want 60 and 40", len(pods), len(objs.Events))
	}
	if !objs.NodesListed || !objs.PVCsListed {
		t.Errorf("nodes/PVCs should count as listed")
	}
	// In pages of 10 the same lists take 6 requests for the pods and 4 for
	// the events instead of one each: the pages grow with the objects, the
	// kinds of request do not.
	n.Store(0)
	paged, err := live.Fetch(ctx, cs, live.Scope{Namespace: "load", ChunkSize: 10}, func(m string) { t.Error(m) })
	if err != nil {
		t.Fatal(err)
	}
	if pods := streamed(t, paged); n.Load() != 24 || len(pods) != 60 || len(paged.Events) != 40 {
		t.Errorf("in pages of 10: %d requests, %d pods, %d events; want 24, 60, 40", n.Load(), len(pods), len(paged.Events))
	}
	n.Store(0)
	one, err := live.Fetch(ctx, cs, live.Scope{Namespace: "load", Pod: livetest.PodName(0)}, nil)
	if err != nil || len(one.Pods) != 1 || len(one.Events) != 2 {
		t.Fatalf("single pod: err %v, pods %d, events %d", err, len(one.Pods), len(one.Events))
	}
	if got := n.Load(); got != 4 {
		t.Errorf("requests for one pod: got %d, want 4", got)
	}
	if _, err := live.Fetch(ctx, cs, live.Scope{Namespace: "load", Pod: "nope"}, nil); err == nil || err.Error() != `pod "nope" not found in namespace "load"` {
		t.Errorf("missing pod: %v", err)
	}
}

// streamed reads every pod of objs through dump.MapInputs, checking that
// each arrives whole and without managed fields, and returns their names
// in order.
func streamed(t *testing.T, objs *dump.Objects) []string {
	t.Helper()
	names, err := dump.MapInputs(objs, time.Now(), nil, func(in diagnosis.Input) string {
		if in.Pod.ManagedFields != nil || in.Pod.Spec.Containers == nil {
			t.Errorf("pod %s: managedFields %v, containers %v", in.Pod.Name, in.Pod.ManagedFields, in.Pod.Spec.Containers)
		}
		return in.Pod.Name
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(names) || len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Errorf("pods not in listing order, or repeated: %v", names)
	}
	return names
}
