//go:build faults

package faults

import (
	"context"
	"testing"
	"time"
)

// maxTakeover is the bound on a failover: with the default lease
// (15 s duration, 2 s retry) a standby takes over within 17 s of the
// leader's last renewal.
const maxTakeover = 20 * time.Second

// TestLeaderFailover: two replicas with leader election (the shipped
// defaults); the leader is killed with SIGKILL while pods break. The
// standby takes over within maxTakeover; every pod ends diagnosed with
// exactly one Diagnosed event per identity and since kept for the pods
// diagnosed before the kill.
func TestLeaderFailover(t *testing.T) {
	cl := startCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	const ns = "failover"
	if err := cl.createNamespace(ctx, ns, nil); err != nil {
		t.Fatal(err)
	}
	err := parallel(failoverPods, 16, func(i int) error {
		k := failoverKind(i, false)
		_, err := cl.createPod(ctx, newPod(ns, podName(i), k), k)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	replicas := []*controller{startController(t, cl, "pod-doctor-a"), startController(t, cl, "pod-doctor-b")}
	leader, standby := waitLeader(t, replicas, 60*time.Second)
	t.Logf("leader %s, standby %s", leader.name, standby.name)
	cl.waitState(t, ns, failoverWants(nil, false), 2*time.Minute, 0)
	before, err := cl.sinceOf(ctx, ns)
	if err != nil {
		t.Fatal(err)
	}

	breaking := make(chan error, 1)
	go func() { breaking <- breakHealthy(ctx, cl, ns) }()
	time.Sleep(3 * time.Second)
	killed := time.Now()
	leader.kill()
	takeover := waitTakeover(t, standby, killed, 60*time.Second)
	t.Logf("standby %s took over %s after the leader was killed (bound %s)", standby.name, takeover.Round(10*time.Millisecond), maxTakeover)
	if takeover > maxTakeover {
		t.Errorf("takeover took %s, want <= %s", takeover.Round(10*time.Millisecond), maxTakeover)
	}
	if err := <-breaking; err != nil {
		t.Fatal(err)
	}
	cl.waitState(t, ns, failoverWants(before, true), 2*time.Minute, 5*time.Second)
}

// The failover population: the first half broken from the start, the
// second half healthy until breakHealthy.
const failoverPods, failoverBroken = 300, 150

func failoverKind(i int, after bool) podKind {
	switch {
	case i < failoverBroken:
		return abnormalKinds[i%len(abnormalKinds)]
	case after:
		return breakKind(i - failoverBroken)
	default:
		return kindHealthy
	}
}

// failoverWants is the state before the kill, or after it with since as
// recorded before.
func failoverWants(since map[string]string, after bool) map[string]want {
	out := map[string]want{}
	for i := range failoverPods {
		k := failoverKind(i, after)
		out[podName(i)] = want{}
		if k.reason != "" {
			out[podName(i)] = diagnosedOnce(k, since[podName(i)])
		}
	}
	return out
}

// breakHealthy breaks the healthy half at 20 pods/s, before and after the
// kill: an OOM kill, or a new image that does not exist (the part of a
// running pod's spec that may change).
func breakHealthy(ctx context.Context, cl *cluster, ns string) error {
	tick := time.NewTicker(time.Second / 20)
	defer tick.Stop()
	return parallel(failoverPods-failoverBroken, 4, func(j int) error {
		<-tick.C
		_, err := cl.setKind(ctx, ns, podName(failoverBroken+j), breakKind(j))
		return err
	})
}

// breakKind is what the j-th healthy pod turns into.
func breakKind(j int) podKind { return []podKind{kindOOM, kindImage}[j%2] }

// waitLeader returns the replica holding the lease and the other one.
func waitLeader(t *testing.T, replicas []*controller, timeout time.Duration) (leader, standby *controller) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for i, r := range replicas {
			if r.isLeader() {
				return r, replicas[1-i]
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no replica became leader within %s", timeout)
	return nil, nil
}

// waitTakeover returns how long after since the standby reported leadership.
func waitTakeover(t *testing.T, standby *controller, since time.Time, timeout time.Duration) time.Duration {
	t.Helper()
	for time.Since(since) < timeout {
		if standby.isLeader() {
			return time.Since(since)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("standby %s did not take over within %s", standby.name, timeout)
	return 0
}
