package controllers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	coordinationv1 "k8s.io/api/coordination/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
)

// TestLeaderElectionWiring: the manager releases the lease when it stops
// and uses the validated timings, so a leader stops writing (renew
// deadline) before a standby may take over (lease duration).
func TestLeaderElectionWiring(t *testing.T) {
	o := DefaultOptions()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	mo := managerOptions(testScheme(), o, logr.Discard())
	switch {
	case !mo.LeaderElection || mo.LeaderElectionID != "pod-doctor.pod-doctor.io":
		t.Errorf("leader election %v with id %q", mo.LeaderElection, mo.LeaderElectionID)
	case !mo.LeaderElectionReleaseOnCancel:
		t.Error("the lease is not released on shutdown: a standby would wait a whole lease duration")
	// A standby counts the lease from when it observed the last renewal and
	// retries every RetryPeriod plus up to 20 % jitter: 12 s + 1.5 s × 1.2 ×
	// 2 observations ≈ 15.6 s worst case after the leader dies, under the 20 s
	// issue 10 asks of a failover (15 s / 2 s measured up to 19.8 s).
	case *mo.LeaseDuration != 12*time.Second || *mo.RenewDeadline != 8*time.Second || *mo.RetryPeriod != 1500*time.Millisecond:
		t.Errorf("timings lease %s renew %s retry %s, want 12s 8s 1.5s", *mo.LeaseDuration, *mo.RenewDeadline, *mo.RetryPeriod)
	}
	tests := []struct {
		name                   string
		elect                  bool
		lease, renew, retryFor time.Duration
		wantErr                bool
	}{
		{"defaults", true, 15 * time.Second, 10 * time.Second, 2 * time.Second, false},
		{"renew deadline equal to the lease", true, 10 * time.Second, 10 * time.Second, 2 * time.Second, true},
		{"renew deadline past the lease", true, 10 * time.Second, 15 * time.Second, 2 * time.Second, true},
		{"retry not below the renew deadline", true, 15 * time.Second, 2 * time.Second, 2 * time.Second, true},
		{"zero retry", true, 15 * time.Second, 10 * time.Second, 0, true},
		{"timings unused without leader election", false, time.Second, 10 * time.Second, 0, false},
	}
	for _, tc := range tests {
		m := DefaultOptions().Manager
		m.LeaderElect, m.LeaseDuration, m.RenewDeadline, m.RetryPeriod = tc.elect, tc.lease, tc.renew, tc.retryFor
		err := m.Validate()
		if (err != nil) != tc.wantErr || (err != nil && !strings.Contains(err.Error(), "lease-duration > renew-deadline > retry-period > 0")) {
			t.Errorf("%s: Validate() = %v, want error %v", tc.name, err, tc.wantErr)
		}
	}
}

// TestLostLeadershipStopsTheManager: when another holder takes the lease,
// the leader's manager stops with "leader election lost" (controller-runtime
// skips the graceful shutdown then) and the process exits.
func TestLostLeadershipStopsTheManager(t *testing.T) {
	s := shared(t)
	t.Parallel()
	opts := testOptions("replica-fenced")
	opts.Manager.LeaderElect = true
	opts.Manager.LeaderElectionNamespace = DefaultReleaseNamespace
	opts.Manager.LeaderElectionID = uniqueName("fencing")
	opts.Manager.LeaseDuration, opts.Manager.RenewDeadline, opts.Manager.RetryPeriod = 3*time.Second, 2*time.Second, 250*time.Millisecond
	// A namespace with no pods: this replica must not race the other tests'
	// replicas for theirs while it leads.
	opts.Scope.Namespaces = []string{"pd-fenced"}
	if err := opts.Validate(); err != nil {
		t.Fatal(err)
	}
	mgr, _, err := NewManager(s.saConfig, opts, logr.Discard())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- mgr.Start(ctx) }()
	select {
	case <-mgr.Elected():
	case <-time.After(waitTimeout):
		t.Fatal("not elected")
	}
	s.stealLease(t, opts.Manager.LeaderElectionID)
	select {
	case err := <-done:
		if err == nil || err.Error() != "leader election lost" {
			t.Errorf("manager stopped with %v, want \"leader election lost\"", err)
		}
	case <-time.After(opts.Manager.LeaseDuration + 5*time.Second):
		t.Error("the manager kept running after its lease was taken")
	}
}

// stealLease makes another identity the holder of a lease, with a fresh renew time.
func (s *suiteEnv) stealLease(t *testing.T, id string) {
	t.Helper()
	ctx := context.Background()
	key := types.NamespacedName{Namespace: DefaultReleaseNamespace, Name: id}
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		l := &coordinationv1.Lease{}
		if err := s.admin.Get(ctx, key, l); err != nil {
			return err
		}
		l.Spec.HolderIdentity = ptr.To("thief")
		l.Spec.RenewTime = &metav1.MicroTime{Time: time.Now()}
		l.Spec.AcquireTime = l.Spec.RenewTime
		l.Spec.LeaseDurationSeconds = ptr.To[int32](60)
		return s.admin.Update(ctx, l)
	})
	if err != nil {
		t.Fatalf("steal lease %s: %v", key, err)
	}
}
