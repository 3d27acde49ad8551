package controllers

import (
	"context"
	"testing"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	"k8s.io/apimachinery/pkg/types"
)

// TestDisjointReleases is the way to split the work that docs/scaling.md
// describes: two releases with disjoint --namespaces, each with its own
// leader Lease, both active at once. Each diagnoses its tenant's pods, and
// neither writes a pod, an annotation or an event of the other's.
func TestDisjointReleases(t *testing.T) {
	s := shared(t)
	t.Parallel()
	tenants := []struct{ ns, instance, lease string }{
		{nsTenantA, "release-a", "pod-doctor-a.pod-doctor.io"},
		{nsTenantB, "release-b", "pod-doctor-b.pod-doctor.io"},
	}
	for _, tn := range tenants {
		opts := testOptions(tn.instance)
		opts.Scope.Namespaces = []string{tn.ns}
		opts.Manager.LeaderElect = true
		opts.Manager.LeaderElectionNamespace, opts.Manager.LeaderElectionID = DefaultReleaseNamespace, tn.lease
		_, _, stop, err := runManager(s.saConfig, opts, s.logs)
		if err != nil {
			t.Fatal(err)
		}
		defer stop()
	}
	for _, tn := range tenants {
		pod := s.createPod(t, imagePod(tn.ns, uniqueName("tenant")), imagePullBackOffStatus, imagePullEvents)
		s.waitReason(t, tn.ns, pod.Name, "ImageNotFound")
		s.waitEvents(t, pod, 1)
		time.Sleep(500 * time.Millisecond) // a second writer, were there one, would show by now
		if evs := s.ourEvents(t, pod); len(evs) != 1 || evs[0].ReportingInstance != tn.instance {
			t.Errorf("%s: events %v, want one by %s alone", tn.ns, eventSummaries(evs), tn.instance)
		}
	}
	for _, tn := range tenants {
		l := &coordinationv1.Lease{}
		key := types.NamespacedName{Namespace: DefaultReleaseNamespace, Name: tn.lease}
		if err := s.admin.Get(context.Background(), key, l); err != nil {
			t.Fatalf("lease of %s: %v", tn.instance, err)
		}
		if l.Spec.HolderIdentity == nil || *l.Spec.HolderIdentity == "" {
			t.Errorf("lease %s has no holder", key)
		}
	}
}
