package main

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

// The objects beyond pods of -deployments and -services (issue 11's
// "5,000 pods + 1,000 Deployments with 3 old ReplicaSets each + 1,000
// Services"): Deployment d owns the pods of one contiguous block of pod
// indexes through its newest ReplicaSet, keeps oldReplicaSets scaled-down
// ones as a real rollout history does, and Service d selects its pods, with
// the EndpointSlice the EndpointSlice controller would write.

// oldReplicaSets is the history each Deployment keeps.
const oldReplicaSets = 3

// workloads are the created Deployments' newest ReplicaSets, by index.
type workloads struct {
	newest []*appsv1.ReplicaSet
}

// deploymentOf is the Deployment owning pod i; its namespace is the pod's.
func deploymentOf(i int, cfg config) int { return i * cfg.deployments / cfg.pods }

func depName(d int) string { return fmt.Sprintf("web-%04d", d) }

// depNamespace is deployment d's namespace: the one of its first pod.
func depNamespace(d int, cfg config) string {
	first := (d*cfg.pods + cfg.deployments - 1) / cfg.deployments
	return nsName(first * cfg.namespaces / cfg.pods)
}

// createWorkloads creates the Deployments and their ReplicaSets.
func (c *cluster) createWorkloads(ctx context.Context, cfg config) (*workloads, error) {
	w := &workloads{newest: make([]*appsv1.ReplicaSet, cfg.deployments)}
	err := parallel(ctx, cfg.workers, cfg.deployments, func(d int) error {
		rs, err := c.createDeployment(ctx, depNamespace(d, cfg), depName(d), cfg.pods/cfg.deployments)
		w.newest[d] = rs
		return err
	})
	return w, err
}

func (c *cluster) createDeployment(ctx context.Context, ns, name string, replicas int) (*appsv1.ReplicaSet, error) {
	labels := map[string]string{"app": name}
	tpl := scalePod(ns, "", "", kindHealthy)
	tpl.Labels, tpl.OwnerReferences = labels, nil
	dep := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: labels},
		Spec: appsv1.DeploymentSpec{Replicas: ptr.To(int32(replicas)), Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: tpl.Spec}}}
	dep, err := c.cs.AppsV1().Deployments(ns).Create(ctx, dep, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("create deployment: %w", err)
	}
	var newest *appsv1.ReplicaSet
	for rev := 1; rev <= oldReplicaSets+1; rev++ {
		n := 0
		if rev == oldReplicaSets+1 {
			n = replicas
		}
		rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("%s-rev%d", name, rev), Namespace: ns, Labels: labels,
			Annotations:     map[string]string{"deployment.kubernetes.io/revision": strconv.Itoa(rev)},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: name, UID: dep.UID, Controller: ptr.To(true)}}},
			Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To(int32(n)), Selector: dep.Spec.Selector, Template: dep.Spec.Template}}
		if newest, err = c.cs.AppsV1().ReplicaSets(ns).Create(ctx, rs, metav1.CreateOptions{}); err != nil {
			return nil, fmt.Errorf("create replicaset: %w", err)
		}
	}
	return newest, nil
}

// own makes pod i one of its Deployment's pods.
func (w *workloads) own(i int, cfg config, p *corev1.Pod) {
	if w == nil {
		return
	}
	rs := w.newest[deploymentOf(i, cfg)]
	p.Labels = map[string]string{"app": rs.Labels["app"]}
	p.OwnerReferences = []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: rs.Name, UID: rs.UID,
		Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}}
}

// finish writes what the ReplicaSet and Deployment controllers would: each
// newest ReplicaSet's and Deployment's replica counts from its pods, and
// the Services with their EndpointSlices.
func (c *cluster) finishWorkloads(ctx context.Context, cfg config, w *workloads, pop *population) error {
	ready := map[string][]*corev1.Pod{} // by app label
	for _, p := range pop.healthy {
		ready[p.Labels["app"]] = append(ready[p.Labels["app"]], p)
	}
	return parallel(ctx, cfg.workers, cfg.deployments, func(d int) error {
		rs := w.newest[d]
		pods := ready[rs.Labels["app"]]
		if err := c.setReplicaCounts(ctx, rs, int32(len(pods))); err != nil {
			return err
		}
		if d >= cfg.services {
			return nil
		}
		return c.createService(ctx, rs.Namespace, rs.Labels["app"], pods)
	})
}

func (c *cluster) setReplicaCounts(ctx context.Context, rs *appsv1.ReplicaSet, ready int32) error {
	rs.Status = appsv1.ReplicaSetStatus{Replicas: *rs.Spec.Replicas, ReadyReplicas: ready, AvailableReplicas: ready, ObservedGeneration: rs.Generation}
	if _, err := c.cs.AppsV1().ReplicaSets(rs.Namespace).UpdateStatus(ctx, rs, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("replicaset status: %w", err)
	}
	dep, err := c.cs.AppsV1().Deployments(rs.Namespace).Get(ctx, rs.Labels["app"], metav1.GetOptions{})
	if err != nil {
		return err
	}
	dep.Status = appsv1.DeploymentStatus{Replicas: *rs.Spec.Replicas, UpdatedReplicas: *rs.Spec.Replicas, ReadyReplicas: ready,
		AvailableReplicas: ready, ObservedGeneration: dep.Generation}
	_, err = c.cs.AppsV1().Deployments(rs.Namespace).UpdateStatus(ctx, dep, metav1.UpdateOptions{})
	return err
}

// createService creates Service app selecting the pods, and its EndpointSlice.
func (c *cluster) createService(ctx context.Context, ns, app string, pods []*corev1.Pod) error {
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: app, Namespace: ns},
		// Headless: envtest's service CIDR has room for 254 ClusterIPs.
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": app}, ClusterIP: corev1.ClusterIPNone,
			Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromString("http")}}}}
	if _, err := c.cs.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("create service: %w", err)
	}
	slice := &discoveryv1.EndpointSlice{ObjectMeta: metav1.ObjectMeta{Name: app + "-x7k2p", Namespace: ns,
		Labels: map[string]string{discoveryv1.LabelServiceName: app}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Ports:       []discoveryv1.EndpointPort{{Name: ptr.To("http"), Port: ptr.To[int32](8080), Protocol: ptr.To(corev1.ProtocolTCP)}}}
	for _, p := range pods {
		slice.Endpoints = append(slice.Endpoints, discoveryv1.Endpoint{Addresses: []string{p.Status.PodIP},
			Conditions: discoveryv1.EndpointConditions{Ready: ptr.To(true), Serving: ptr.To(true), Terminating: ptr.To(false)},
			TargetRef:  &corev1.ObjectReference{Kind: "Pod", Namespace: ns, Name: p.Name, UID: p.UID}, NodeName: ptr.To(p.Spec.NodeName)})
	}
	if _, err := c.cs.DiscoveryV1().EndpointSlices(ns).Create(ctx, slice, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("create endpointslice: %w", err)
	}
	return nil
}

// parallel runs fn(0..n-1) on workers goroutines, stopping at the first error.
func parallel(ctx context.Context, workers, n int, fn func(int) error) error {
	jobs := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := fn(i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := 0; i < n; i++ {
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
		return err
	}
	return ctx.Err()
}
