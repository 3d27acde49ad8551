package controllers

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"
)

func TestNodeListRebuildsOnlyAfterAChange(t *testing.T) {
	store := toolscache.NewStore(toolscache.MetaNamespaceKeyFunc)
	l := &nodeList{store: store}
	l.version.Store(1)
	if got, _ := l.get(); got != nil {
		t.Fatalf("no nodes: got %v, want nil (unknown)", got)
	}
	add := func(name string) {
		if err := store.Add(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}); err != nil {
			t.Fatal(err)
		}
	}
	add("w2")
	add("w1")
	if got, _ := l.get(); got != nil {
		t.Fatalf("before the handler's bump the built list stands: got %d nodes", len(got))
	}
	l.version.Add(1)
	got, facts := l.get()
	if len(got) != 2 || got[0].Name != "w1" || got[1].Name != "w2" {
		t.Fatalf("got %v, want w1, w2 sorted by name", names(got))
	}
	if again, f := l.get(); &again[0] != &got[0] || f != facts {
		t.Error("an unchanged list was rebuilt")
	}
}

func names(nodes []*corev1.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Name
	}
	return out
}
