package dump

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// TestEventsMatchByUID: a StatefulSet's web-0 recreated under a new UID does
// not inherit the events of the web-0 before it.
func TestEventsMatchByUID(t *testing.T) {
	pod := func(ns, name, uid string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID(uid)}}
	}
	ev := func(reason, ns, name, uid string) corev1.Event {
		return corev1.Event{Reason: reason, InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: ns, Name: name, UID: types.UID(uid)}}
	}
	o := &Objects{
		Pods: []*corev1.Pod{pod("db", "web-0", "new"), pod("db", "legacy", ""), pod("db", "web-1", "w1"), pod("other", "web-0", "x")},
		Events: []corev1.Event{
			ev("OldPodUID", "db", "web-0", "old"),
			ev("NewPodUID", "db", "web-0", "new"),
			ev("NoUID", "db", "web-0", ""),
			ev("LegacyWithUID", "db", "legacy", "some-uid"),
			ev("LegacyNoUID", "db", "legacy", ""),
			ev("OnlyOldUID", "db", "web-1", "w1-before"),
			{Reason: "NodeEvent", InvolvedObject: corev1.ObjectReference{Kind: "Node", Name: "web-0"}},
			{Reason: "NamespaceFromEvent", ObjectMeta: metav1.ObjectMeta{Namespace: "db"}, InvolvedObject: corev1.ObjectReference{Name: "web-0"}},
		},
	}
	want := map[string]string{
		"db/web-0":    "NewPodUID,NoUID,NamespaceFromEvent",
		"db/legacy":   "LegacyWithUID,LegacyNoUID",
		"db/web-1":    "",
		"other/web-0": "",
	}
	for _, in := range o.Inputs(time.Unix(0, 0)) {
		var got []string
		for _, e := range in.Events {
			got = append(got, e.Reason)
		}
		key := in.Pod.Namespace + "/" + in.Pod.Name
		if strings.Join(got, ",") != want[key] {
			t.Errorf("%s: events %q, want %q", key, strings.Join(got, ","), want[key])
		}
	}
}
