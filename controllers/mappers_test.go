package controllers

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	fakeclient "k8s.io/client-go/kubernetes/fake"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

func req(ns, name string) reconcile.Request {
	return reconcile.Request{NamespacedName: types.NamespacedName{Namespace: ns, Name: name}}
}

func TestMapEventToPod(t *testing.T) {
	ev := func(e *corev1.Event) client.Object {
		r, err := NewStore(fakeclient.NewClientset(), DefaultOptions(), newWatchHealth()).eventRecord(e)
		if err != nil {
			t.Fatal(err)
		}
		return r.(client.Object)
	}
	tests := []struct {
		name string
		ev   client.Object
		want []reconcile.Request
	}{
		{"pod event", ev(&corev1.Event{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "e"}, InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "ns", Name: "web-1", UID: "u"}}), []reconcile.Request{req("ns", "web-1")}},
		{"no name", ev(&corev1.Event{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "e"}, InvolvedObject: corev1.ObjectReference{Kind: "Pod"}}), nil},
		{"not a record", &corev1.Pod{}, nil},
	}
	for _, tc := range tests {
		if got := mapEventToPod(context.Background(), tc.ev); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestEventPodKey(t *testing.T) {
	tests := []struct {
		ev   *corev1.Event
		want string
	}{
		{&corev1.Event{InvolvedObject: corev1.ObjectReference{Kind: "Pod", UID: "u1", Name: "p"}}, "u1"},
		{&corev1.Event{ObjectMeta: metav1.ObjectMeta{Namespace: "ns"}, InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "p"}}, "ns/p"},
		{&corev1.Event{InvolvedObject: corev1.ObjectReference{Kind: "Node", UID: "n"}}, ""},
	}
	for _, tc := range tests {
		if got := eventPodKey(tc.ev); got != tc.want {
			t.Errorf("eventPodKey(%+v) = %q, want %q", tc.ev.InvolvedObject, got, tc.want)
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

func TestRecordPredicatesDropResync(t *testing.T) {
	a := &podRecord{recordMeta: recordMeta{name: "p", rv: "1"}}
	b := &podRecord{recordMeta: recordMeta{name: "p", rv: "2"}}
	for name, p := range map[string]predicate.Predicate{"pod": podPredicate(nil), "event": eventPredicate()} {
		if !p.Update(event.UpdateEvent{ObjectOld: a, ObjectNew: b}) {
			t.Errorf("%s: a real update was dropped", name)
		}
		if p.Update(event.UpdateEvent{ObjectOld: a, ObjectNew: a}) {
			t.Errorf("%s: a resync passed", name)
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

func TestLastSeen(t *testing.T) {
	at := func(s int64) metav1.Time { return metav1.Unix(s, 0) }
	tests := []struct {
		name string
		ev   corev1.Event
		want int64
	}{
		{"legacy event", corev1.Event{FirstTimestamp: at(1), LastTimestamp: at(9)}, 9},
		{"series of an events.k8s.io event", corev1.Event{EventTime: metav1.NewMicroTime(time.Unix(5, 0)),
			Series: &corev1.EventSeries{Count: 3, LastObservedTime: metav1.NewMicroTime(time.Unix(50, 0))}}, 50},
		{"single events.k8s.io event", corev1.Event{EventTime: metav1.NewMicroTime(time.Unix(7, 0))}, 7},
		{"only a creation time", corev1.Event{ObjectMeta: metav1.ObjectMeta{CreationTimestamp: at(3)}}, 3},
	}
	for _, tc := range tests {
		if got := lastSeen(&tc.ev); got.Unix() != tc.want {
			t.Errorf("%s: lastSeen = %v, want %d", tc.name, got.Unix(), tc.want)
		}
	}
}

func TestPodCreationNeedsALook(t *testing.T) {
	node := func(name string, ready corev1.ConditionStatus) *corev1.Node {
		return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name},
			Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: ready}}}}
	}
	store := toolscache.NewStore(toolscache.MetaNamespaceKeyFunc)
	for _, n := range []*corev1.Node{node("up", corev1.ConditionTrue), node("down", corev1.ConditionUnknown)} {
		if err := store.Add(n); err != nil {
			t.Fatal(err)
		}
	}
	nodes := &nodeList{store: store}
	rec := func(settled bool, node string, ours map[string]string) *podRecord {
		return &podRecord{recordMeta: recordMeta{namespace: "shop", name: "api", rv: "1"}, settled: settled, nodeName: node, ours: ours}
	}
	tests := []struct {
		name  string
		rec   *podRecord
		nodes *nodeList
		want  bool
	}{
		{"settled on a Ready node: nothing to write", rec(true, "up", nil), nodes, false},
		{"not settled", rec(false, "up", nil), nodes, true},
		{"settled but carries our annotations (to clear)", rec(true, "up", map[string]string{"pod-doctor.io/reason": "OOMKilled"}), nodes, true},
		{"settled on a NotReady node (NodeLost)", rec(true, "down", nil), nodes, true},
		{"settled on a node not cached yet", rec(true, "unseen", nil), nodes, true},
		{"no node list", rec(true, "up", nil), nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := podPredicate(tc.nodes).Create(event.CreateEvent{Object: tc.rec}); got != tc.want {
				t.Errorf("create passes = %v, want %v", got, tc.want)
			}
		})
	}
	np := nodePredicate()
	if np.Create(event.CreateEvent{Object: node("up", corev1.ConditionTrue)}) {
		t.Error("a Ready node's creation enqueued its pods")
	}
	if !np.Create(event.CreateEvent{Object: node("down", corev1.ConditionFalse)}) {
		t.Error("a NotReady node's creation did not enqueue its pods")
	}
}
