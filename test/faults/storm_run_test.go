//go:build faults

package faults

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"

	"github.com/pod-doctor/pod-doctor/internal/kubeletsim"
)

// kindStorm is a crashlooping pod of the storm: OOMKilled, with only the
// kubelet's BackOff event (10,000 pods with four events each would be the
// test's load, not the controller's).
var kindStorm = podKind{name: "oom", reason: kindOOM.reason, container: kindOOM.container, status: kindOOM.status,
	events: func(p *corev1.Pod) []*corev1.Event { evs := kubeletsim.OOMEvents(p); return evs[len(evs)-1:] }}

// storm is the crashlooping population ("crash-NNNNN") and the healthy pods
// that break during it ("fresh-NNN").
type storm struct {
	cl    *cluster
	ns    string
	cfg   stormConfig
	mu    sync.Mutex
	pods  []*corev1.Pod // last written, so a flip is one request
	flips atomic.Int64
}

func crashName(i int) string { return fmt.Sprintf("crash-%05d", i) }
func freshName(i int) string { return fmt.Sprintf("fresh-%03d", i) }

func newStorm(ctx context.Context, cl *cluster, ns string, cfg stormConfig) (*storm, error) {
	s := &storm{cl: cl, ns: ns, cfg: cfg, pods: make([]*corev1.Pod, cfg.pods)}
	err := parallel(cfg.pods, 32, func(i int) error {
		p, err := cl.createPod(ctx, newPod(ns, crashName(i), kindStorm), kindStorm)
		s.pods[i] = p
		return err
	})
	if err != nil {
		return nil, err
	}
	err = parallel(cfg.fresh, 8, func(i int) error {
		_, err := cl.createPod(ctx, newPod(ns, freshName(i), kindHealthy), kindHealthy)
		return err
	})
	return s, err
}

// wants: every crashlooping pod diagnosed once (since as recorded, when
// given), every fresh pod healthy before the storm and ImageNotFound after.
func (s *storm) wants(since map[string]string) map[string]want {
	out := map[string]want{}
	for i := range s.cfg.pods {
		out[crashName(i)] = diagnosedOnce(kindStorm, since[crashName(i)])
	}
	for i := range s.cfg.fresh {
		out[freshName(i)] = want{}
		if since != nil {
			out[freshName(i)] = diagnosedOnce(kindImage, "")
		}
	}
	return out
}

// isStormPod tells whether a write (a pod patch, or an event named
// "<pod>.<suffix>") concerns a crashlooping pod.
func (s *storm) isStormPod(name, resource string) bool {
	if resource == "events" {
		i := strings.LastIndex(name, ".")
		if i < 0 {
			return false
		}
		name = name[:i]
	}
	return strings.HasPrefix(name, "crash-")
}

// run flips every crashlooping pod's restart count every 10–30 s for d and
// breaks the fresh pods at random moments of its first 80%; it returns the
// status→annotation latency of each fresh pod and when the flips stopped.
func (s *storm) run(ctx context.Context, d time.Duration) ([]time.Duration, time.Time, error) {
	lat, err := s.watchFresh(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	until := time.Now().Add(d)
	errs := make(chan error, 2)
	go func() { errs <- s.flipUntil(ctx, until) }()
	go func() { errs <- s.breakFresh(ctx, d, lat) }()
	for range 2 {
		if err := <-errs; err != nil {
			return nil, time.Time{}, err
		}
	}
	end := time.Now()
	latency, err := lat.wait(ctx, s.cfg.fresh, time.Minute)
	return latency, end, err
}

func (s *storm) flipUntil(ctx context.Context, until time.Time) error {
	due := make([]time.Time, s.cfg.pods)
	now := time.Now()
	for i := range due {
		due[i] = now.Add(flipInterval())
	}
	jobs := make(chan int, 64)
	var wg sync.WaitGroup
	var failed atomic.Value
	// Enough writers for 10,000 pods' 500 updates/s, if the API server keeps up.
	for range min(max(s.cfg.pods/100, 16), 64) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := s.flip(ctx, i); err != nil {
					failed.Store(err)
				}
			}
		}()
	}
	for now := time.Now(); now.Before(until); now = time.Now() {
		for i := range due {
			if now = time.Now(); !now.Before(until) {
				break
			}
			if due[i].Before(now) {
				jobs <- i
				due[i] = now.Add(flipInterval())
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	close(jobs)
	wg.Wait()
	if err, ok := failed.Load().(error); ok {
		return err
	}
	return nil
}

func flipInterval() time.Duration { return 10*time.Second + rand.N(20*time.Second) }

// flip is the kubelet's status update after one more restart of the
// container, OOM killed again.
func (s *storm) flip(ctx context.Context, i int) error {
	s.mu.Lock()
	p := s.pods[i].DeepCopy()
	s.mu.Unlock()
	p.Status = kubeletsim.OOMLoop(p, p.Status.ContainerStatuses[0].RestartCount+1)
	updated, err := s.cl.cs.CoreV1().Pods(s.ns).UpdateStatus(ctx, p, metav1.UpdateOptions{})
	if apierrors.IsConflict(err) { // the controller's patch moved the resourceVersion
		updated, err = s.cl.writeStatus(ctx, s.ns, p.Name, func(cur *corev1.Pod) corev1.PodStatus {
			return kubeletsim.OOMLoop(cur, p.Status.ContainerStatuses[0].RestartCount)
		})
	}
	if err != nil {
		return fmt.Errorf("flip %s: %w", p.Name, err)
	}
	s.mu.Lock()
	s.pods[i] = updated
	s.mu.Unlock()
	s.flips.Add(1)
	return nil
}

func (s *storm) breakFresh(ctx context.Context, d time.Duration, lat *latencies) error {
	return parallel(s.cfg.fresh, s.cfg.fresh, func(i int) error {
		time.Sleep(rand.N(d * 8 / 10))
		// The latency runs from the kubelet's status update (ImagePullBackOff)
		// to the annotation, including the events that explain it, written
		// right after as the kubelet does.
		statusOnly := kindImage
		statusOnly.events = noEvents
		pod, err := s.cl.setKind(ctx, s.ns, freshName(i), statusOnly)
		if err != nil {
			return err
		}
		lat.written(freshName(i), time.Now())
		for _, e := range kindImage.events(pod) {
			if err := s.cl.createEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// latencies pairs when the test finished writing a pod's new cause with
// when a watch first saw the annotation for it.
type latencies struct {
	mu        sync.Mutex
	wrote, at map[string]time.Time
}

func (s *storm) watchFresh(ctx context.Context) (*latencies, error) {
	l := &latencies{wrote: map[string]time.Time{}, at: map[string]time.Time{}}
	f := informers.NewSharedInformerFactoryWithOptions(s.cl.cs, 0, informers.WithNamespace(s.ns))
	inf := f.Core().V1().Pods().Informer()
	_, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{UpdateFunc: func(_, obj any) {
		p := obj.(*corev1.Pod)
		if strings.HasPrefix(p.Name, "fresh-") && p.Annotations[annReason] == kindImage.reason {
			l.seen(p.Name, time.Now())
		}
	}})
	if err != nil {
		return nil, fmt.Errorf("watch fresh pods: %w", err)
	}
	f.Start(ctx.Done())
	f.WaitForCacheSync(ctx.Done())
	return l, nil
}

func (l *latencies) written(name string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.wrote[name] = at
}

func (l *latencies) seen(name string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.at[name]; !ok {
		l.at[name] = at
	}
}

// wait returns every pod's latency once n were seen.
func (l *latencies) wait(ctx context.Context, n int, timeout time.Duration) ([]time.Duration, error) {
	deadline := time.Now().Add(timeout)
	for {
		l.mu.Lock()
		done := len(l.at) >= n
		var out []time.Duration
		if done {
			for name, at := range l.at {
				out = append(out, at.Sub(l.wrote[name]))
			}
		}
		seen := len(l.at)
		l.mu.Unlock()
		if done {
			return out, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("%d of %d new causes annotated after %s", seen, n, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
