package controllers

import (
	"context"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	fakeclient "k8s.io/client-go/kubernetes/fake"
)

// TestInternForgets: names of namespaces and nodes no record uses any more
// are dropped by the sweep; names in use stay shared.
func TestInternForgets(t *testing.T) {
	pod := func(ns, name, node string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID("u-" + ns + name)},
			Spec: corev1.PodSpec{NodeName: node, Containers: []corev1.Container{{Name: "app"}}}}
	}
	cs := fakeclient.NewClientset(pod("stays", "a", "node-1"), pod("goes", "b", "node-2"))
	s := NewStore(cs, DefaultOptions(), newWatchHealth())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = s.Start(ctx) }()
	if !poll(5*time.Second, s.HasSynced) {
		t.Fatal("store did not sync")
	}
	if err := cs.CoreV1().Pods("goes").Delete(ctx, "b", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if !poll(5*time.Second, func() bool { _, ok, _ := s.Pod(req("goes", "b").NamespacedName); return !ok }) {
		t.Fatal("deleted pod still cached")
	}
	s.names.sweep(s.namesInUse)
	var got []string
	for k := range s.names.entries {
		got = append(got, k)
	}
	slices.Sort(got)
	if want := []string{"node-1", "stays"}; !slices.Equal(got, want) {
		t.Errorf("interned names after the sweep = %v, want %v", got, want)
	}
}

// TestInternSweepKeepsNewNames: a name handed out while the sweep lists the
// records is kept even if the listing missed it.
func TestInternSweepKeepsNewNames(t *testing.T) {
	tab := newInternTable()
	tab.get("old")
	tab.sweep(func(func(string)) { tab.get("new") })
	if _, ok := tab.entries["new"]; !ok || tab.size() != 1 {
		t.Errorf("names after the sweep = %v, want only [new]", tab.entries)
	}
}
