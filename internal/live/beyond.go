package live

import (
	"context"
	"fmt"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/kubernetes"

	"github.com/pod-doctor/pod-doctor/diagnosis/snapshot"
	"github.com/pod-doctor/pod-doctor/internal/dump"
)

// lister lists one kind beyond pods into the snapshot, in pages of
// opts.Limit objects: never a request per object.
type lister struct {
	kind string
	list func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) error
}

// pointers returns pointers to the items of a list.
func pointers[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

var listers = []lister{
	{"Deployment", func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.Deployments, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]appsv1.Deployment, string, error) {
			l, err := cs.AppsV1().Deployments(ns).List(ctx, page)
			return items(err, func() ([]appsv1.Deployment, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"ReplicaSet", func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.ReplicaSets, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]appsv1.ReplicaSet, string, error) {
			l, err := cs.AppsV1().ReplicaSets(ns).List(ctx, page)
			return items(err, func() ([]appsv1.ReplicaSet, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"StatefulSet", func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.StatefulSets, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]appsv1.StatefulSet, string, error) {
			l, err := cs.AppsV1().StatefulSets(ns).List(ctx, page)
			return items(err, func() ([]appsv1.StatefulSet, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"DaemonSet", func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.DaemonSets, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]appsv1.DaemonSet, string, error) {
			l, err := cs.AppsV1().DaemonSets(ns).List(ctx, page)
			return items(err, func() ([]appsv1.DaemonSet, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"Job", func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.Jobs, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]batchv1.Job, string, error) {
			l, err := cs.BatchV1().Jobs(ns).List(ctx, page)
			return items(err, func() ([]batchv1.Job, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"CronJob", func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.CronJobs, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]batchv1.CronJob, string, error) {
			l, err := cs.BatchV1().CronJobs(ns).List(ctx, page)
			return items(err, func() ([]batchv1.CronJob, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"Service", func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.Services, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]corev1.Service, string, error) {
			l, err := cs.CoreV1().Services(ns).List(ctx, page)
			return items(err, func() ([]corev1.Service, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"EndpointSlice", func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.EndpointSlices, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]discoveryv1.EndpointSlice, string, error) {
			l, err := cs.DiscoveryV1().EndpointSlices(ns).List(ctx, page)
			return items(err, func() ([]discoveryv1.EndpointSlice, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"Ingress", func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.Ingresses, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]networkingv1.Ingress, string, error) {
			l, err := cs.NetworkingV1().Ingresses(ns).List(ctx, page)
			return items(err, func() ([]networkingv1.Ingress, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"IngressClass", func(ctx context.Context, cs kubernetes.Interface, _ string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.IngressClasses, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]networkingv1.IngressClass, string, error) {
			l, err := cs.NetworkingV1().IngressClasses().List(ctx, page)
			return items(err, func() ([]networkingv1.IngressClass, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"StorageClass", func(ctx context.Context, cs kubernetes.Interface, _ string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		o.StorageClasses, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]storagev1.StorageClass, string, error) {
			l, err := cs.StorageV1().StorageClasses().List(ctx, page)
			return items(err, func() ([]storagev1.StorageClass, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
	{"Namespace", func(ctx context.Context, cs kubernetes.Interface, ns string, opts metav1.ListOptions, o *snapshot.Objects) (err error) {
		if ns != "" {
			opts.FieldSelector = fields.OneTermEqualSelector("metadata.name", ns).String()
		}
		o.Namespaces, err = pagedPointers(ctx, func(ctx context.Context, page metav1.ListOptions) ([]corev1.Namespace, string, error) {
			l, err := cs.CoreV1().Namespaces().List(ctx, page)
			return items(err, func() ([]corev1.Namespace, string) { return l.Items, l.Continue })
		}, opts)
		return err
	}},
}

// pagedPointers is paged, with pointers into the items.
func pagedPointers[T any](ctx context.Context, list pageFunc[T], opts metav1.ListOptions) ([]*T, error) {
	all, err := paged(ctx, list, opts)
	return pointers(all), err
}

// fetchBeyond lists every kind beyond pods once, in parallel, into objs.
// Each is optional context: a kind the user may not list is left out with
// a warning, and its objects are simply not diagnosed.
func fetchBeyond(ctx context.Context, cs kubernetes.Interface, s Scope, objs *dump.Objects, warn func(string)) {
	parts := make([]snapshot.Objects, len(listers))
	errs := make([]error, len(listers))
	var wg sync.WaitGroup
	for i, l := range listers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = l.list(ctx, cs, s.Namespace, s.limit(), &parts[i])
		}()
	}
	wg.Wait()
	objs.Listed = map[string]bool{}
	for i, l := range listers {
		if errs[i] != nil {
			optional(fmt.Errorf("listing %s: %w", l.kind, errs[i]), l.kind+" objects", warn)
			continue
		}
		objs.Listed[l.kind] = true
		merge(&objs.Beyond, &parts[i])
	}
}

// merge adds the lists of one part (each part holds one kind) to o.
func merge(o, p *snapshot.Objects) {
	o.Deployments = append(o.Deployments, p.Deployments...)
	o.ReplicaSets = append(o.ReplicaSets, p.ReplicaSets...)
	o.StatefulSets = append(o.StatefulSets, p.StatefulSets...)
	o.DaemonSets = append(o.DaemonSets, p.DaemonSets...)
	o.Jobs = append(o.Jobs, p.Jobs...)
	o.CronJobs = append(o.CronJobs, p.CronJobs...)
	o.Services = append(o.Services, p.Services...)
	o.EndpointSlices = append(o.EndpointSlices, p.EndpointSlices...)
	o.Ingresses = append(o.Ingresses, p.Ingresses...)
	o.IngressClasses = append(o.IngressClasses, p.IngressClasses...)
	o.StorageClasses = append(o.StorageClasses, p.StorageClasses...)
	o.Namespaces = append(o.Namespaces, p.Namespaces...)
}

// Names lists the names of the objects of one kind in namespace ns (one
// request), for shell completion; Pod is a kind too.
func Names(ctx context.Context, cs kubernetes.Interface, kind, ns string) ([]string, error) {
	scope := Scope{Namespace: ns, ChunkSize: DefaultChunkSize}
	switch kind {
	case "Pod":
		pods, err := paged(ctx, func(ctx context.Context, o metav1.ListOptions) ([]corev1.Pod, string, error) {
			l, err := cs.CoreV1().Pods(ns).List(ctx, o)
			return items(err, func() ([]corev1.Pod, string) { return l.Items, l.Continue })
		}, scope.limit())
		if err != nil {
			return nil, fmt.Errorf("pods: %w", err)
		}
		return namesOf(pointers(pods)), nil
	case "PersistentVolumeClaim":
		claims, err := listPVCs(ctx, cs, scope)
		if err != nil {
			return nil, err
		}
		return namesOf(claims), nil
	}
	for _, l := range listers {
		if l.kind != kind {
			continue
		}
		var o snapshot.Objects
		if err := l.list(ctx, cs, ns, scope.limit(), &o); err != nil {
			return nil, err
		}
		return snapshotNames(&o), nil
	}
	return nil, fmt.Errorf("no completion for kind %q", kind)
}

// namesOf returns the objects' names.
func namesOf[T interface{ GetName() string }](objs []T) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.GetName()
	}
	return out
}

// snapshotNames are the names of every object a one-kind part holds.
func snapshotNames(o *snapshot.Objects) []string {
	var out []string
	out = append(out, namesOf(o.Deployments)...)
	out = append(out, namesOf(o.ReplicaSets)...)
	out = append(out, namesOf(o.StatefulSets)...)
	out = append(out, namesOf(o.DaemonSets)...)
	out = append(out, namesOf(o.Jobs)...)
	out = append(out, namesOf(o.CronJobs)...)
	out = append(out, namesOf(o.Services)...)
	out = append(out, namesOf(o.Ingresses)...)
	out = append(out, namesOf(o.Namespaces)...)
	return out
}
