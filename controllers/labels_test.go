package controllers

import (
	"testing"
)

// TestLabelTable: pods with the same labels share one map, in any key
// order; a sweep forgets the sets no record uses.
func TestLabelTable(t *testing.T) {
	tab := newLabelTable()
	a, ka := tab.get(map[string]string{"app": "web", "pod-template-hash": "7d4b"})
	b, kb := tab.get(map[string]string{"pod-template-hash": "7d4b", "app": "web"})
	if ka != kb || ka != "app=web\x00pod-template-hash=7d4b\x00" {
		t.Fatalf("keys %q and %q, want one canonical key", ka, kb)
	}
	b["probe"] = "x" // a shared map: what one record sees, every record sees
	if a["probe"] != "x" {
		t.Fatal("equal label sets are not shared")
	}
	if m, k := tab.get(nil); m != nil || k != "" {
		t.Errorf("no labels: got %v %q", m, k)
	}
	_, kc := tab.get(map[string]string{"app": "db"})
	tab.sweep(func(yield func(string)) { yield(kc) })
	if n := tab.size(); n != 1 {
		t.Fatalf("after the sweep %d sets, want 1 (app=db)", n)
	}
}
