// Package live fetches what the engines need from a cluster in a fixed set
// of request kinds — pods, events, nodes, PVCs and each kind beyond pods are
// listed once, in parallel, in pages of Scope.ChunkSize — never one request
// per object, so thousands of objects take one round.
package live

import (
	"context"
	"errors"
	"fmt"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/pod-doctor/pod-doctor/internal/dump"
	"github.com/pod-doctor/pod-doctor/internal/slim"
)

// Scope selects what to fetch: one pod, one namespace, or all namespaces
// (""), and how many objects each list request asks for (ChunkSize, as
// kubectl's --chunk-size; 0 lists each kind in one response).
type Scope struct {
	Namespace string
	Pod       string
	ChunkSize int64
}

// limit is the list options of the scope's pages.
func (s Scope) limit() metav1.ListOptions { return metav1.ListOptions{Limit: s.ChunkSize} }

// NewClient builds a clientset that speaks protobuf: for large lists it is
// several times faster to decode than JSON.
func NewClient(cfg *rest.Config) (kubernetes.Interface, error) {
	cfg = rest.CopyConfig(cfg)
	cfg.ContentType = "application/vnd.kubernetes.protobuf"
	cfg.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	if cfg.QPS == 0 {
		cfg.QPS, cfg.Burst = 50, 100
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("creating client: %w", err)
	}
	return cs, nil
}

// Fetch lists the scope's pods and events and the cluster's nodes and the
// namespace's PVCs. Nodes and PVCs are optional context: when listing them is
// forbidden the result simply lacks them and warn is told why.
//
// For a whole namespace or cluster it returns before the pods and the
// events are read: the pods are streamed (listPods) and the events listed
// meanwhile (dump.ListEvents), so the sweep diagnoses the pods that need no
// events while both lists arrive together. Their errors come from the sweep.
func Fetch(ctx context.Context, cs kubernetes.Interface, s Scope, warn func(string)) (*dump.Objects, error) {
	o := &dump.Objects{Skipped: map[string]int{}}
	o.ListEvents(func() ([]corev1.Event, error) { return listEvents(ctx, cs, s) })
	var wg sync.WaitGroup
	var podErr, nodeErr, pvcErr error
	wg.Add(3)
	go func() { defer wg.Done(); podErr = listPods(ctx, cs, s, o) }()
	go func() { defer wg.Done(); o.Nodes, nodeErr = listNodes(ctx, cs, s) }()
	go func() { defer wg.Done(); o.PVCs, pvcErr = listPVCs(ctx, cs, s) }()
	if s.Pod == "" {
		fetchBeyond(ctx, cs, s, o, warn)
	}
	wg.Wait()
	if podErr != nil {
		return nil, podErr
	}
	if s.Pod != "" {
		if err := o.AwaitEvents(); err != nil {
			return nil, err
		}
	}
	o.NodesListed = optional(nodeErr, "nodes", warn)
	o.PVCsListed = optional(pvcErr, "persistentvolumeclaims", warn)
	o.PodsListed = true
	return o, nil
}

// optional reports whether an optional list succeeded, warning when it did not.
func optional(err error, what string, warn func(string)) bool {
	if err != nil && warn != nil {
		warn(fmt.Sprintf("not using %s (%v); diagnoses that need them are less precise", what, err))
	}
	return err == nil
}

// listPods adds the scope's pods to o: the one named, or the listing as a
// stream (dump.StreamPods) that the sweep reads page by page, diagnosing
// each page while the next is fetched. A decoded Pod costs several KiB and a
// large cluster holds hundreds of thousands; this way memory follows the
// verdicts, not the list.
func listPods(ctx context.Context, cs kubernetes.Interface, s Scope, o *dump.Objects) error {
	if s.Pod != "" {
		p, err := cs.CoreV1().Pods(s.Namespace).Get(ctx, s.Pod, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return fmt.Errorf("pod %q not found in namespace %q", s.Pod, s.Namespace)
		}
		if err != nil {
			return fmt.Errorf("getting pod %s/%s: %w", s.Namespace, s.Pod, err)
		}
		o.Pods = []*corev1.Pod{p}
		return nil
	}
	list := func(ctx context.Context, opts metav1.ListOptions) ([]corev1.Pod, string, error) {
		l, err := cs.CoreV1().Pods(s.Namespace).List(ctx, opts)
		return items(err, func() ([]corev1.Pod, string) {
			for i := range l.Items {
				l.Items[i].ManagedFields = nil
			}
			return l.Items, l.Continue
		})
	}
	o.StreamPods(func(yield func([]corev1.Pod) error) error {
		if err := prefetched(ctx, list, s.limit(), yield); err != nil {
			return fmt.Errorf("pods: %w", err)
		}
		return nil
	})
	return nil
}

// errStreamExpired: a streamed list cannot start again once pages were
// diagnosed, as paged does.
var errStreamExpired = errors.New("the list's continue token expired (etcd compacted it) before the last page was read; run diagnose again")

// prefetched lists every page, fetching the next one while yield works on
// the current.
func prefetched[T any](ctx context.Context, list pageFunc[T], opts metav1.ListOptions, yield func([]T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan []T, 1)
	listed := make(chan error, 1)
	go func() {
		err := eachPage(ctx, list, opts, func(items []T) error {
			select {
			case pages <- items:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}, func() error { return errStreamExpired })
		close(pages)
		listed <- err
	}()
	for page := range pages {
		if err := yield(page); err != nil {
			return err // the deferred cancel stops the lister
		}
	}
	return <-listed
}

// items returns a list's items and continue token, or the error.
func items[T any](err error, get func() ([]T, string)) ([]T, string, error) {
	if err != nil {
		return nil, "", err
	}
	list, cont := get()
	return list, cont, nil
}

// listEvents fetches the events of the scope: about any object, since the
// objects beyond pods have events of their own (FailedCreate,
// ProvisioningFailed); only this pod's when one is named.
func listEvents(ctx context.Context, cs kubernetes.Interface, s Scope) ([]corev1.Event, error) {
	sel := fields.Set{}
	if s.Pod != "" {
		sel["involvedObject.kind"], sel["involvedObject.name"] = "Pod", s.Pod
	}
	opts := s.limit()
	opts.FieldSelector = sel.AsSelector().String()
	evs, err := paged(ctx, func(ctx context.Context, o metav1.ListOptions) ([]corev1.Event, string, error) {
		l, err := cs.CoreV1().Events(s.Namespace).List(ctx, o)
		return items(err, func() ([]corev1.Event, string) {
			for i := range l.Items {
				slim.Event(&l.Items[i]) // every event is kept until the sweep ends
			}
			return l.Items, l.Continue
		})
	}, opts)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	return evs, nil
}

func listNodes(ctx context.Context, cs kubernetes.Interface, s Scope) ([]*corev1.Node, error) {
	nodes, err := paged(ctx, func(ctx context.Context, o metav1.ListOptions) ([]corev1.Node, string, error) {
		l, err := cs.CoreV1().Nodes().List(ctx, o)
		return items(err, func() ([]corev1.Node, string) {
			for i := range l.Items {
				slim.Node(&l.Items[i])
			}
			return l.Items, l.Continue
		})
	}, s.limit())
	return pointers(nodes), err
}

func listPVCs(ctx context.Context, cs kubernetes.Interface, s Scope) ([]*corev1.PersistentVolumeClaim, error) {
	claims, err := paged(ctx, func(ctx context.Context, o metav1.ListOptions) ([]corev1.PersistentVolumeClaim, string, error) {
		l, err := cs.CoreV1().PersistentVolumeClaims(s.Namespace).List(ctx, o)
		return items(err, func() ([]corev1.PersistentVolumeClaim, string) { return l.Items, l.Continue })
	}, s.limit())
	return pointers(claims), err
}
