package controllers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	corev1 "k8s.io/api/core/v1"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// nodeList hands the engine every cached node. The scheduling rules read
// them all, for every pod diagnosed; listing them through the client copies
// each Node struct into a NodeList, which at 5,000 nodes made a reconcile
// cost 40 ms and starved the controller at start. The list is built from
// the informer's own pointers instead, and rebuilt only after a node
// changed: the informer's handler bumps version after its store holds the
// change.
type nodeList struct {
	store   toolscache.Store
	version atomic.Uint64

	mu    sync.Mutex
	built uint64
	nodes []*corev1.Node
	facts *diagnosis.NodeFacts
}

func newNodeList(ctx context.Context, c cache.Cache) (*nodeList, error) {
	inf, err := c.GetInformer(ctx, &corev1.Node{})
	if err != nil {
		return nil, fmt.Errorf("node informer: %w", err)
	}
	shared, ok := inf.(toolscache.SharedIndexInformer)
	if !ok {
		return nil, fmt.Errorf("node informer is a %T, not a client-go SharedIndexInformer", inf)
	}
	l := &nodeList{store: shared.GetStore()}
	l.version.Store(1)
	bump := func(any) { l.version.Add(1) }
	if _, err := inf.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
		AddFunc: bump, DeleteFunc: bump, UpdateFunc: func(_, n any) { bump(n) },
	}); err != nil {
		return nil, fmt.Errorf("node informer handler: %w", err)
	}
	return l, nil
}

// get returns the nodes sorted by name (so a diagnosis that names one is
// the same on every run), nil when there are none: the engine reads nil as
// "unknown", not as "no nodes"; and the engine's memo of them, shared by
// every diagnosis until a node changes. Callers share the slice and must
// not modify it or the nodes.
func (l *nodeList) get() ([]*corev1.Node, *diagnosis.NodeFacts) {
	v := l.version.Load()
	l.mu.Lock()
	defer l.mu.Unlock()
	if v == l.built {
		return l.nodes, l.facts
	}
	var nodes []*corev1.Node
	for _, o := range l.store.List() {
		if n, ok := o.(*corev1.Node); ok {
			nodes = append(nodes, n)
		}
	}
	slices.SortFunc(nodes, func(a, b *corev1.Node) int { return strings.Compare(a.Name, b.Name) })
	l.nodes, l.facts, l.built = nodes, diagnosis.NewNodeFacts(nodes), v
	return l.nodes, l.facts
}

// ready reports whether the named node is cached and its Ready condition
// is True.
func (l *nodeList) ready(name string) bool {
	o, ok, err := l.store.GetByKey(name)
	if err != nil || !ok {
		return false
	}
	n, ok := o.(*corev1.Node)
	return ok && nodeReady(n)
}

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
