//go:build faults

package faults

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pod-doctor/pod-doctor/internal/kubeletsim"
)

// restartGroup is one group of the 500 pods of TestAPIServerRestart: what
// each pod is before the kill and what the churn makes of it.
type restartGroup struct {
	name        string
	from, to    int // pod indexes [from, to)
	before      func(i int) podKind
	change      func(i int) podKind // nil: the kubelet only refreshes volatile facts
	recoverFrom bool
}

var restartGroups = []restartGroup{
	// Diagnosed before the kill; restart counts and repeat events keep changing.
	{name: "stays broken", from: 0, to: 200, before: func(i int) podKind { return abnormalKinds[i%len(abnormalKinds)] }},
	// Healthy before the kill, broken while the API server dies.
	{name: "breaks", from: 200, to: 400, before: func(int) podKind { return kindHealthy }, change: func(i int) podKind {
		return []podKind{kindOOM, kindImage}[i%2]
	}},
	// Diagnosed before the kill, recover while the API server dies.
	{name: "recovers", from: 400, to: 450, before: func(int) podKind { return kindImage }, change: func(int) podKind { return kindHealthy }, recoverFrom: true},
	// Healthy throughout.
	{name: "healthy", from: 450, to: 500, before: func(int) podKind { return kindHealthy }},
}

func podName(i int) string { return fmt.Sprintf("pod-%03d", i) }

// TestAPIServerRestart: 500 pods change state while the API server is
// killed with SIGKILL and started again on the same etcd. Every abnormal pod
// ends with the right annotation and exactly one Diagnosed event per
// identity, a recovered one with exactly one Recovered event, and since is
// unchanged for every pod diagnosed before the kill.
func TestAPIServerRestart(t *testing.T) {
	cl := startCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	const ns = "restart"
	if err := cl.createNamespace(ctx, ns, nil); err != nil {
		t.Fatal(err)
	}
	err := parallel(500, 16, func(i int) error {
		k := groupOf(i).before(i)
		_, err := cl.createPod(ctx, newPod(ns, podName(i), k), k)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ctrl := startController(t, cl, "pod-doctor-0")
	cl.waitState(t, ns, restartWants(nil, false), 2*time.Minute, 0)
	before, err := cl.sinceOf(ctx, ns)
	if err != nil {
		t.Fatal(err)
	}

	churning := make(chan error, 1)
	go func() { churning <- churn(ctx, cl, ns) }()
	time.Sleep(3 * time.Second)
	killed := time.Now()
	cl.killAPIServer()
	// Down for longer than the lease's renew deadline (8 s): the replica
	// must give up leadership and exit rather than write on without a
	// lease, and be restarted (by its supervisor here, the kubelet in a cluster).
	time.Sleep(outage)
	if err := cl.startAPIServer(); err != nil {
		t.Fatal(err)
	}
	t.Logf("API server killed mid-churn, answering again after %s", time.Since(killed).Round(100*time.Millisecond))
	if err := <-churning; err != nil {
		t.Fatal(err)
	}
	after := restartWants(before, true)
	for name, w := range after {
		w.mayLoseEvent = true
		after[name] = w
	}
	cl.waitState(t, ns, after, 2*time.Minute, 5*time.Second)
	if n := ctrl.restartCount(); n != 1 {
		t.Errorf("controller exited %d times during a %s outage, want 1 (leadership lost after the renew deadline)", n, outage)
	}
	views, err := cl.view(ctx, ns)
	if err != nil {
		t.Fatal(err)
	}
	// Only an event refused in the moment before the kill, after its patch,
	// can be lost: about one second of churn at 40 pods/s.
	lost := lostEvents(views, restartWants(before, true))
	t.Logf("announcements lost to the outage (annotation written, event refused, process exited): %d of %d pods", lost, churned)
	if lost > 40 {
		t.Errorf("%d announcements lost, want at most 40 (one second of churn before the kill)", lost)
	}
}

// outage is how long the API server stays dead before it is started again
// (which itself takes a few seconds).
const outage = 10 * time.Second

func groupOf(i int) restartGroup {
	for _, g := range restartGroups {
		if i >= g.from && i < g.to {
			return g
		}
	}
	panic(fmt.Sprintf("pod index %d in no group", i))
}

// restartWants is the expected state before the churn, or after it (with
// the since values recorded before the kill).
func restartWants(since map[string]string, after bool) map[string]want {
	out := map[string]want{}
	for i := range 500 {
		g := groupOf(i)
		k := g.before(i)
		if after && g.change != nil {
			k = g.change(i)
		}
		name := podName(i)
		switch {
		case g.recoverFrom && after:
			before := g.before(i)
			out[name] = want{diagnosed: map[string]int{identity(before.reason, before.container): 1}, recovered: 1}
		case k.reason == "":
			out[name] = want{}
		default:
			out[name] = diagnosedOnce(k, since[name])
		}
	}
	return out
}

// churned is how many pods the churn touches: all but the healthy group.
const churned = 450

// churn applies every group's change, or a volatile refresh, to each pod
// once, in random order at about 40 pods/s, retrying through the outage.
func churn(ctx context.Context, cl *cluster, ns string) error {
	order := rand.Perm(churned)
	tick := time.NewTicker(time.Second / 40)
	defer tick.Stop()
	return parallel(len(order), 8, func(j int) error {
		<-tick.C
		i := order[j]
		g := groupOf(i)
		var err error
		if g.change != nil {
			_, err = cl.setKind(ctx, ns, podName(i), g.change(i))
		} else {
			err = cl.refreshVolatile(ctx, ns, podName(i), g.before(i))
		}
		if err != nil {
			return fmt.Errorf("churn of group %q: %w", g.name, err)
		}
		return nil
	})
}

// refreshVolatile is what the kubelet writes for a pod whose cause does not
// change: one more restart of a crashlooping container, or one more
// occurrence of the event that explains the pod.
func (cl *cluster) refreshVolatile(ctx context.Context, ns, name string, k podKind) error {
	if k.name == kindOOM.name {
		_, err := cl.writeStatus(ctx, ns, name, func(p *corev1.Pod) corev1.PodStatus {
			return kubeletsim.OOMLoop(p, p.Status.ContainerStatuses[0].RestartCount+1)
		})
		return err
	}
	var pod *corev1.Pod
	err := retry(ctx, func() error {
		var err error
		pod, err = cl.cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		return err
	})
	if err != nil {
		return fmt.Errorf("get %s/%s: %w", ns, name, err)
	}
	evs := k.events(pod)
	return cl.createEvent(ctx, evs[len(evs)-1])
}
