package diagnosis

import (
	"encoding/json"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// NodeFacts remembers, for one list of nodes, what the scheduling rules
// compute over every node, by the pod constraints the answer depends on. A
// pending pod's rules read every node (5,000 in a large cluster) and the
// pending pods of a cluster mostly share a few constraints (often none), so
// each answer is computed once per list instead of once per pod.
//
// Build one per node list with NewNodeFacts and set it on the inputs whose
// Nodes is that very list; it is safe for concurrent use. An input whose
// Nodes is another list ignores it.
type NodeFacts struct {
	nodes []*corev1.Node

	mu     sync.Mutex
	counts map[string]schedCounts
	alloc  map[string]schedAlloc
}

// NewNodeFacts returns the facts of nodes, computed as they are asked for.
func NewNodeFacts(nodes []*corev1.Node) *NodeFacts {
	return &NodeFacts{nodes: nodes, counts: map[string]schedCounts{}, alloc: map[string]schedAlloc{}}
}

// schedCounts are the nodes the pod's selector allows, and how many of those
// are cordoned or carry a taint it does not tolerate.
type schedCounts struct{ matching, cordoned, tainted int }

// schedAlloc is the largest allocatable amount of one resource over the
// nodes the pod's selector allows, and the node that has it.
type schedAlloc struct {
	best  resource.Quantity
	node  string
	found bool
}

// facts returns the input's NodeFacts when they were built from its Nodes.
func (c *Context) facts() *NodeFacts {
	f := c.In.NodeFacts
	if f == nil || len(f.nodes) != len(c.In.Nodes) || len(f.nodes) == 0 || &f.nodes[0] != &c.In.Nodes[0] {
		return nil
	}
	return f
}

// schedNodeCounts counts, over the input's nodes, those the pod's selector
// allows and which of them are cordoned or tainted against it.
func (c *Context) schedNodeCounts() schedCounts {
	spec := &c.Pod.Spec
	return memo(c, func() string { return constraintKey(spec.NodeSelector, spec.Affinity, spec.Tolerations, "") },
		func(f *NodeFacts) map[string]schedCounts { return f.counts },
		func() schedCounts { return countNodes(c.Pod, c.In.Nodes) })
}

// maxAllocatable is the largest allocatable amount of the resource over the
// input's nodes the pod's selector allows; found is false when none reports
// it.
func (c *Context) maxAllocatable(name corev1.ResourceName) (best resource.Quantity, node string, found bool) {
	spec := &c.Pod.Spec
	a := memo(c, func() string { return constraintKey(spec.NodeSelector, spec.Affinity, nil, name) },
		func(f *NodeFacts) map[string]schedAlloc { return f.alloc },
		func() schedAlloc {
			best, node, found := schedMaxAllocatable(c.Pod, c.In.Nodes, name)
			return schedAlloc{best, node, found}
		})
	return a.best, a.node, a.found
}

// memo returns the answer for key from the input's NodeFacts, computing
// and storing it first if needed; without facts (or a key) it just
// computes. The computation runs outside the lock: two pods asking at once
// both compute the same answer.
func memo[T any](c *Context, keyOf func() string, table func(*NodeFacts) map[string]T, compute func() T) T {
	f := c.facts()
	if f == nil {
		return compute()
	}
	key := keyOf()
	if key == "" {
		return compute()
	}
	m := table(f)
	f.mu.Lock()
	v, ok := m[key]
	f.mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	f.mu.Lock()
	m[key] = v
	f.mu.Unlock()
	return v
}

// constraintKey identifies the constraints a node answer depends on: the
// node selector, the node affinity, the tolerations and a resource; ""
// when they cannot be encoded. JSON writes map keys sorted, so equal
// constraints give equal keys. Only the required node affinity filters, but
// the whole of it is keyed: the preferred part rarely differs between the
// pods of one workload.
func constraintKey(sel map[string]string, aff *corev1.Affinity, tol []corev1.Toleration, res corev1.ResourceName) string {
	var node *corev1.NodeAffinity
	if aff != nil {
		node = aff.NodeAffinity
	}
	if len(sel) == 0 && node == nil && len(tol) == 0 {
		return "-" + string(res) // the common case, without encoding
	}
	b, err := json.Marshal(struct {
		S map[string]string    `json:"s"`
		A *corev1.NodeAffinity `json:"a"`
		T []corev1.Toleration  `json:"t"`
		R corev1.ResourceName  `json:"r"`
	}{sel, node, tol, res})
	if err != nil {
		return ""
	}
	return string(b)
}

// countNodes is schedNodeCounts without the memo.
func countNodes(pod *corev1.Pod, nodes []*corev1.Node) schedCounts {
	var k schedCounts
	for _, n := range nodes {
		if n == nil || !schedNodeMatches(pod, n) {
			continue
		}
		k.matching++
		if schedNodeCordoned(pod, n) {
			k.cordoned++
		} else if _, ok := schedUntoleratedTaint(pod, n); ok {
			k.tainted++
		}
	}
	return k
}
