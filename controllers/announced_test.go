package controllers

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

func TestAnnouncementsMissing(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	seen := announcedSet{}
	for _, e := range []corev1.Event{
		{InvolvedObject: corev1.ObjectReference{UID: "u1", FieldPath: "spec.containers{app}"}, Message: "ImageNotFound: image x not found Hint: kubectl ..."},
		{InvolvedObject: corev1.ObjectReference{UID: "u2"}, Message: "FinalizerBlocking: deletion held Hint: kubectl ..."},
		{InvolvedObject: corev1.ObjectReference{UID: "u3", FieldPath: "spec.initContainers{init}"}, Message: "OOMKilled: killed Hint: kubectl ..."},
		{InvolvedObject: corev1.ObjectReference{UID: "u4"}, Message: "no reason prefix"},
	} {
		addAnnouncement(seen, &e)
	}
	a := &announcements{seen: seen}
	recent, old := now.Add(-10*time.Minute).Format(time.RFC3339), now.Add(-2*time.Hour).Format(time.RFC3339)
	tests := []struct {
		name            string
		uid             types.UID
		identity, since string
		want            bool
	}{
		{"announced container cause", "u1", "ImageNotFound/app", recent, false},
		{"announced pod-level cause", "u2", "FinalizerBlocking", recent, false},
		{"announced init container cause", "u3", "OOMKilled/init", recent, false},
		{"same pod, another cause", "u1", "OOMKilled/app", recent, true},
		{"pod never announced", "u9", "ImageNotFound/app", recent, true},
		{"older than the event TTL: cannot tell, assume announced", "u9", "ImageNotFound/app", old, false},
		{"no annotation", "u9", "", recent, false},
		{"since unparsable", "u9", "ImageNotFound/app", "yesterday", false},
	}
	for _, tt := range tests {
		if got := a.missing(tt.uid, tt.identity, tt.since, now); got != tt.want {
			t.Errorf("%s: missing = %v, want %v", tt.name, got, tt.want)
		}
	}
	if (&announcements{}).missing("u9", "ImageNotFound/app", recent, now) {
		t.Error("an index never loaded must not report anything missing")
	}
}
