package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// cluster is the benchmark's own view of envtest, as an admin.
type cluster struct {
	cs         kubernetes.Interface
	kubeconfig string
}

func newCluster(env *envtest.Environment, cfg *rest.Config, dir string) (*cluster, error) {
	user, err := env.AddUser(envtest.User{Name: "scale-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return nil, err
	}
	kc, err := user.KubeConfig()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(path, kc, 0o600); err != nil {
		return nil, err
	}
	c := rest.CopyConfig(cfg)
	c.QPS, c.Burst = -1, 0 // the benchmark must not be the bottleneck
	cs, err := kubernetes.NewForConfig(c)
	if err != nil {
		return nil, err
	}
	return &cluster{cs: cs, kubeconfig: path}, nil
}

func (c *cluster) createNamespace(ctx context.Context, name string) error {
	_, err := c.cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	return err
}

// population is what populate created.
type population struct {
	abnormal map[string]string // "ns/name" -> expected reason
	healthy  []*corev1.Pod
	events   int
}

// populate creates nodes, namespaces and pods with their statuses and events.
func (c *cluster) populate(ctx context.Context, cfg config) (*population, error) {
	for i := 0; i < cfg.nodes; i++ {
		if err := c.createNode(ctx, nodeName(i)); err != nil {
			return nil, err
		}
	}
	for i := 0; i < cfg.namespaces; i++ {
		if err := c.createNamespace(ctx, nsName(i)); err != nil {
			return nil, err
		}
	}
	var owners *workloads
	if cfg.deployments > 0 {
		var err error
		if owners, err = c.createWorkloads(ctx, cfg); err != nil {
			return nil, err
		}
	}
	nAbnormal := int(float64(cfg.pods) * cfg.abnormal)
	pop := &population{abnormal: map[string]string{}}
	var mu sync.Mutex
	var events atomic.Int64
	jobs := make(chan int)
	errs := make(chan error, cfg.workers)
	var wg sync.WaitGroup
	for w := 0; w < cfg.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				kind := kindHealthy
				if j := i * nAbnormal / cfg.pods; (i+1)*nAbnormal/cfg.pods > j {
					kind = abnormalKinds[j%len(abnormalKinds)]
				}
				p, n, err := c.createScenarioPod(ctx, i, cfg, kind, owners)
				if err != nil {
					errs <- err
					return
				}
				events.Add(int64(n))
				mu.Lock()
				if kind.reason == "" {
					pop.healthy = append(pop.healthy, p)
				} else {
					pop.abnormal[p.Namespace+"/"+p.Name] = kind.reason
				}
				mu.Unlock()
			}
		}()
	}
	// Abnormal pods are spread evenly over the index range (every 5th pod at
	// 20%), so every namespace and node holds some.
	go func() {
		defer close(jobs)
		for i := 0; i < cfg.pods; i++ {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	pop.events = int(events.Load())
	if owners != nil {
		if err := c.finishWorkloads(ctx, cfg, owners, pop); err != nil {
			return nil, err
		}
	}
	return pop, ctx.Err()
}

func nodeName(i int) string { return fmt.Sprintf("scale-node-%03d", i) }
func nsName(i int) string   { return fmt.Sprintf("scale-%02d", i) }

func (c *cluster) createNode(ctx context.Context, name string) error {
	n, err := c.cs.CoreV1().Nodes().Create(ctx, scaleNode(name), metav1.CreateOptions{})
	if err != nil {
		return err
	}
	n.Status = nodeStatus()
	_, err = c.cs.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{})
	return err
}

// createScenarioPod creates pod i, writes its status like the kubelet and
// its events like the kubelet / scheduler; it returns the events written.
func (c *cluster) createScenarioPod(ctx context.Context, i int, cfg config, kind scenarioKind, w *workloads) (*corev1.Pod, int, error) {
	ns := nsName(i * cfg.namespaces / cfg.pods)
	pod := scalePod(ns, fmt.Sprintf("app-%05d", i), nodeName((i/3)%cfg.nodes), kind)
	w.own(i, cfg, pod)
	p, err := c.cs.CoreV1().Pods(pod.Namespace).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		return nil, 0, fmt.Errorf("create pod: %w", err)
	}
	evs := kind.events(p)
	for _, e := range evs {
		if _, err := c.cs.CoreV1().Events(p.Namespace).Create(ctx, e, metav1.CreateOptions{}); err != nil {
			return nil, 0, fmt.Errorf("create event: %w", err)
		}
	}
	p.Status = kind.status(p)
	if p, err = c.cs.CoreV1().Pods(p.Namespace).UpdateStatus(ctx, p, metav1.UpdateOptions{}); err != nil {
		return nil, 0, fmt.Errorf("update status: %w", err)
	}
	return p, len(evs), nil
}

// setStatus writes a new status, retrying on conflicts with the controller's
// annotation patches.
func (c *cluster) setStatus(ctx context.Context, ns, name string, status func(*corev1.Pod) corev1.PodStatus) error {
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		p, err := c.cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		p.Status = status(p)
		_, err = c.cs.CoreV1().Pods(ns).UpdateStatus(ctx, p, metav1.UpdateOptions{})
		return err
	})
}

// churn turns healthy pods OOMKilled at rate per second for d and returns
// the latency of each from the status update to the visible annotation.
func (c *cluster) churn(ctx context.Context, w *annotationWatch, healthy []*corev1.Pod, rate int, d time.Duration) (latencies, error) {
	n := min(rate*int(d/time.Second), len(healthy))
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	var wg sync.WaitGroup
	var failed atomic.Int64
	want := map[string]string{}
	for i := 0; i < n; i++ {
		<-tick.C
		p := healthy[i]
		key := p.Namespace + "/" + p.Name
		want[key] = kindOOM.reason
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.expect(key, kindOOM.reason, time.Now())
			if err := c.setStatus(ctx, p.Namespace, p.Name, kindOOM.status); err != nil {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	if f := failed.Load(); f > 0 {
		return nil, fmt.Errorf("%d status updates failed", f)
	}
	if err := w.waitAll(ctx, want, 2*time.Minute); err != nil {
		return nil, err
	}
	return w.latencies(), nil
}
