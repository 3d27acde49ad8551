package controllers

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

func req(ns, name string) reconcile.Request {
	return reconcile.Request{NamespacedName: types.NamespacedName{Namespace: ns, Name: name}}
}

func TestMapEventToPod(t *testing.T) {
	tests := []struct {
		name string
		ev   client.Object
		want []reconcile.Request
	}{
		{"pod event", &corev1.Event{ObjectMeta: metav1.ObjectMeta{Namespace: "ns"}, InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "ns", Name: "web-1"}}, []reconcile.Request{req("ns", "web-1")}},
		{"namespace from the event when the reference has none", &corev1.Event{ObjectMeta: metav1.ObjectMeta{Namespace: "ns"}, InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web-1"}}, []reconcile.Request{req("ns", "web-1")}},
		{"node event", &corev1.Event{InvolvedObject: corev1.ObjectReference{Kind: "Node", Name: "n1"}}, nil},
		{"no name", &corev1.Event{InvolvedObject: corev1.ObjectReference{Kind: "Pod"}}, nil},
		{"not an event", &corev1.Pod{}, nil},
	}
	for _, tc := range tests {
		if got := mapEventToPod(context.Background(), tc.ev); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestEventPodIndex(t *testing.T) {
	tests := []struct {
		ev   *corev1.Event
		want []string
	}{
		{&corev1.Event{InvolvedObject: corev1.ObjectReference{Kind: "Pod", UID: "u1", Name: "p"}}, []string{"u1"}},
		{&corev1.Event{ObjectMeta: metav1.ObjectMeta{Namespace: "ns"}, InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "p"}}, []string{"ns/p"}},
		{&corev1.Event{InvolvedObject: corev1.ObjectReference{Kind: "Node", UID: "n"}}, nil},
	}
	for _, tc := range tests {
		if got := eventPodIndex(tc.ev); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("eventPodIndex(%+v) = %v, want %v", tc.ev.InvolvedObject, got, tc.want)
		}
	}
}

func TestNodeConditionsChanged(t *testing.T) {
	node := func(conds ...corev1.NodeCondition) *corev1.Node {
		return &corev1.Node{Status: corev1.NodeStatus{Conditions: conds}}
	}
	ready := corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady", LastHeartbeatTime: metav1.Unix(1, 0)}
	heartbeat := ready
	heartbeat.LastHeartbeatTime = metav1.Unix(99, 0)
	unknown := corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionUnknown, Reason: "NodeStatusUnknown"}
	pressure := corev1.NodeCondition{Type: corev1.NodeMemoryPressure, Status: corev1.ConditionFalse}
	tests := []struct {
		name     string
		old, new *corev1.Node
		want     bool
	}{
		{"heartbeat only", node(ready), node(heartbeat), false},
		{"ready to unknown", node(ready), node(unknown), true},
		{"condition added", node(ready), node(ready, pressure), true},
		{"same set, other order", node(ready, pressure), node(pressure, ready), false},
	}
	for _, tc := range tests {
		if got := nodeConditionsChanged(tc.old, tc.new); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
		if got := nodePredicate().Update(event.UpdateEvent{ObjectOld: tc.old, ObjectNew: tc.new}); got != tc.want {
			t.Errorf("%s: predicate got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNamespacePredicate(t *testing.T) {
	ns := func(labels map[string]string) *corev1.Namespace {
		return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "a", Labels: labels}}
	}
	p := namespacePredicate()
	tests := []struct {
		name     string
		old, new *corev1.Namespace
		want     bool
	}{
		{"label added", ns(nil), ns(map[string]string{IgnoreLabel: "true"}), true},
		{"label removed", ns(map[string]string{IgnoreLabel: "true"}), ns(nil), true},
		{"other label", ns(nil), ns(map[string]string{"team": "x"}), false},
	}
	for _, tc := range tests {
		if got := p.Update(event.UpdateEvent{ObjectOld: tc.old, ObjectNew: tc.new}); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if p.Create(event.CreateEvent{Object: ns(nil)}) {
		t.Error("namespace creation must not enqueue")
	}
}

func TestEventPredicateDropsOwnAndResync(t *testing.T) {
	p := eventPredicate()
	ours := &corev1.Event{ObjectMeta: metav1.ObjectMeta{ResourceVersion: "1"}, Source: corev1.EventSource{Component: ControllerName}}
	kubelet := &corev1.Event{ObjectMeta: metav1.ObjectMeta{ResourceVersion: "1"}, Source: corev1.EventSource{Component: "kubelet"}}
	kubelet2 := kubelet.DeepCopy()
	kubelet2.ResourceVersion = "2"
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"kubelet event created", p.Create(event.CreateEvent{Object: kubelet}), true},
		{"own event created", p.Create(event.CreateEvent{Object: ours}), false},
		{"kubelet event updated", p.Update(event.UpdateEvent{ObjectOld: kubelet, ObjectNew: kubelet2}), true},
		{"resync", p.Update(event.UpdateEvent{ObjectOld: kubelet, ObjectNew: kubelet}), false},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestPodMapper(t *testing.T) {
	scheme := runtime.NewScheme()
	_ = corev1.AddToScheme(scheme)
	pod := func(ns, name, node, claim string, phase corev1.PodPhase) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Spec: corev1.PodSpec{NodeName: node}, Status: corev1.PodStatus{Phase: phase}}
		if claim != "" {
			p.Spec.Volumes = []corev1.Volume{{Name: "v", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: claim}}}}
		}
		return p
	}
	c := fake.NewClientBuilder().WithScheme(scheme).
		WithIndex(&corev1.Pod{}, indexPodNode, podNodeIndex).
		WithIndex(&corev1.Pod{}, indexPodClaim, podClaimIndex).
		WithObjects(
			pod("a", "on-n1", "n1", "", corev1.PodRunning),
			pod("b", "also-n1", "n1", "", corev1.PodRunning),
			pod("a", "on-n2", "n2", "", corev1.PodRunning),
			pod("a", "pending-data", "", "data", corev1.PodPending),
			pod("a", "running-data", "n2", "data", corev1.PodRunning),
			pod("b", "other-ns-data", "", "data", corev1.PodPending),
		).Build()
	m := podMapper{reader: c, scope: ScopeOptions{ExcludeNamespaces: []string{"skip"}}}
	ctx := context.Background()
	tests := []struct {
		name string
		got  []reconcile.Request
		want []reconcile.Request
	}{
		{"node maps to its pods in every namespace", m.nodeToPods(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}}), []reconcile.Request{req("a", "on-n1"), req("b", "also-n1")}},
		{"claim maps to pending pods of its namespace", m.claimToPods(ctx, &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "data"}}), []reconcile.Request{req("a", "pending-data")}},
		{"namespace maps to all its pods", m.namespaceToPods(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "b"}}), []reconcile.Request{req("b", "also-n1"), req("b", "other-ns-data")}},
		{"excluded namespace maps to nothing", m.namespaceToPods(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "skip"}}), nil},
	}
	for _, tc := range tests {
		sortReqs(tc.got)
		if len(tc.got) == 0 && len(tc.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func sortReqs(r []reconcile.Request) {
	slices.SortFunc(r, func(a, b reconcile.Request) int {
		if a.Namespace != b.Namespace {
			return compareStrings(a.Namespace, b.Namespace)
		}
		return compareStrings(a.Name, b.Name)
	})
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestNewestEvents(t *testing.T) {
	ev := func(name string, last int64) corev1.Event {
		return corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: name}, LastTimestamp: metav1.Unix(last, 0)}
	}
	series := corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "series"}, EventTime: metav1.NewMicroTime(time.Unix(5, 0)),
		Series: &corev1.EventSeries{Count: 3, LastObservedTime: metav1.NewMicroTime(time.Unix(50, 0))}}
	tests := []struct {
		name string
		in   []corev1.Event
		n    int
		want []string
	}{
		{"under the bound keeps all in order", []corev1.Event{ev("a", 1), ev("b", 2)}, 5, []string{"a", "b"}},
		{"over the bound keeps the newest", []corev1.Event{ev("old", 1), ev("new", 30), ev("mid", 10)}, 2, []string{"new", "mid"}},
		{"series time counts", []corev1.Event{ev("a", 40), series, ev("b", 1)}, 1, []string{"series"}},
	}
	for _, tc := range tests {
		var got []string
		for _, e := range newestEvents(tc.in, tc.n) {
			got = append(got, e.Name)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRequeueAt(t *testing.T) {
	now := time.Unix(1000, 0)
	tests := []struct {
		name string
		at   time.Time
		want time.Duration
	}{
		{"nothing time-based", time.Time{}, 0},
		{"exactly at RecheckAt", now.Add(90 * time.Second), 90 * time.Second},
		{"past RecheckAt is not a hot loop", now.Add(-time.Second), minRecheck},
	}
	for _, tc := range tests {
		if got := requeueAt(tc.at, now).RequeueAfter; got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCacheBehind(t *testing.T) {
	tests := []struct {
		name    string
		written uint64
		cached  string
		want    bool
	}{
		{"no write pending", 0, "5", false},
		{"cache older than our write", 10, "9", true},
		{"cache caught up", 10, "10", false},
		{"cache newer", 10, "11", false},
		{"opaque version", 10, "abc", false},
	}
	for _, tc := range tests {
		st := &podState{writtenRV: tc.written}
		if got := st.cacheBehind(tc.cached); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}
