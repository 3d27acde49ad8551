package controllers

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// TestScopeCleanup: with the controller's own RBAC, the clean-up pass strips
// our keys from every pod of an excluded namespace, page by page, keeps the
// users' annotations, and touches no other namespace.
func TestScopeCleanup(t *testing.T) {
	s := shared(t)
	ctx := context.Background()
	ours := map[string]string{testKeys.Reason: "ImageNotFound", testKeys.Summary: "old", testKeys.Severity: "Critical",
		testKeys.Since: "2024-05-01T10:00:00Z", "team": "shop"}
	var stale []*corev1.Pod
	for i := range 5 {
		p := basePod(nsExcluded, uniqueName(fmt.Sprintf("stale-%d", i)))
		p.Annotations = maps.Clone(ours)
		stale = append(stale, s.create(t, p))
	}
	untouched := basePod(nsDryRun, uniqueName("elsewhere"))
	untouched.Annotations = maps.Clone(ours)
	untouched = s.create(t, untouched)

	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	sa, err := client.New(s.saConfig, client.Options{Scheme: scheme})
	if err != nil {
		t.Fatal(err)
	}
	c := &scopeCleanup{reader: sa, writer: sa, pageSize: 2, keys: testKeys, log: logr.Discard(),
		scope: ScopeOptions{ExcludeNamespaces: []string{nsExcluded}}}
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for _, p := range stale {
		if got := s.annotations(t, p); !maps.Equal(got, map[string]string{"team": "shop"}) {
			t.Errorf("%s: annotations %v, want only the user's", p.Name, got)
		}
	}
	if got := s.annotations(t, untouched); !maps.Equal(got, ours) {
		t.Errorf("a namespace outside the exclusions was touched: %v", got)
	}
	if n, err := c.cleanNamespace(ctx, nsExcluded); err != nil || n != 0 {
		t.Errorf("second pass cleaned %d (err %v), want 0: it must be idempotent", n, err)
	}
}

func (s *suiteEnv) create(t *testing.T, p *corev1.Pod) *corev1.Pod {
	t.Helper()
	if err := s.admin.Create(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func (s *suiteEnv) annotations(t *testing.T, p *corev1.Pod) map[string]string {
	t.Helper()
	got := &corev1.Pod{}
	if err := s.admin.Get(context.Background(), client.ObjectKeyFromObject(p), got); err != nil {
		t.Fatal(err)
	}
	return got.Annotations
}
