package dump

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Inputs groups the objects into one engine input per pod, in the order the
// pods appeared. Events are matched to pods by involvedObject UID when both
// sides have one, otherwise by namespace and name (see eventIndex.of).
//
// Nodes and claims count as known when they were listed (live) or when the
// dump holds at least one (a dump without any cannot tell "none" from "not
// dumped"), so the engine never concludes a claim is missing from an absent list.
func (o *Objects) Inputs(now time.Time) []diagnosis.Input {
	out := make([]diagnosis.Input, 0, o.PodCount())
	_ = o.EachInput(now, func(in diagnosis.Input) { out = append(out, in) })
	return out
}

// EachInput calls fn with each pod's input in turn, decoding packed pods one
// at a time; it fails only if a packed pod cannot be decoded.
func (o *Objects) EachInput(now time.Time, fn func(diagnosis.Input)) error {
	g, typed := o.grouper(now), len(o.Pods)
	for i := range o.PodCount() {
		p, err := o.podAt(i, typed)
		if err != nil {
			return err
		}
		fn(g.input(p))
	}
	return nil
}

// podAt is the i-th pod in EachInput's order: the typed pods, then the
// packed ones decoded.
func (o *Objects) podAt(i, typed int) (*corev1.Pod, error) {
	if i < typed {
		return o.Pods[i], nil
	}
	p := new(corev1.Pod)
	if err := p.Unmarshal(o.packed[i-typed]); err != nil {
		return nil, fmt.Errorf("decoding pod %d: %w", i-typed+1, err)
	}
	return p, nil
}

// PodCount is the number of pods read.
func (o *Objects) PodCount() int { return len(o.Pods) + len(o.packed) }

// grouper attaches events, nodes and claims to pods.
type grouper struct {
	now                   time.Time
	events                []corev1.Event
	idx                   eventIndex
	nodes                 []*corev1.Node
	facts                 *diagnosis.NodeFacts
	nodeByName            map[string]*corev1.Node
	pvcByKey              map[types.NamespacedName]*corev1.PersistentVolumeClaim
	nodesKnown, pvcsKnown bool
}

func (o *Objects) grouper(now time.Time) *grouper {
	g := &grouper{
		now: now, nodes: o.Nodes, facts: diagnosis.NewNodeFacts(o.Nodes),
		nodeByName: make(map[string]*corev1.Node, len(o.Nodes)),
		pvcByKey:   make(map[types.NamespacedName]*corev1.PersistentVolumeClaim, len(o.PVCs)),
		nodesKnown: o.NodesListed || len(o.Nodes) > 0, pvcsKnown: o.PVCsListed || len(o.PVCs) > 0,
	}
	for _, n := range o.Nodes {
		g.nodeByName[n.Name] = n
	}
	for _, c := range o.PVCs {
		g.pvcByKey[types.NamespacedName{Namespace: c.Namespace, Name: c.Name}] = c
	}
	g.setEvents(o.Events)
	return g
}

// setEvents replaces the events the grouper attaches.
func (g *grouper) setEvents(events []corev1.Event) {
	g.events, g.idx = events, indexEvents(events)
}

func (g *grouper) input(p *corev1.Pod) diagnosis.Input {
	in := diagnosis.Input{Pod: p, Now: g.now, Node: g.nodeByName[p.Spec.NodeName], Events: g.idx.of(p, g.events)}
	if g.nodesKnown {
		in.Nodes, in.NodeFacts = g.nodes, g.facts
	}
	if g.pvcsKnown {
		in.PVCs = claimsOf(p, g.pvcByKey)
	}
	return in
}

// eventIndex holds event positions by the pod they name.
type eventIndex struct {
	byUID map[types.UID][]int
	// byName holds every event naming the pod; noUID those without a UID.
	byName, noUID map[types.NamespacedName][]int
}

func indexEvents(events []corev1.Event) eventIndex {
	idx := eventIndex{byUID: map[types.UID][]int{}, byName: map[types.NamespacedName][]int{}, noUID: map[types.NamespacedName][]int{}}
	for i := range events {
		ref := events[i].InvolvedObject
		if ref.Kind != "" && ref.Kind != "Pod" {
			continue
		}
		ns := ref.Namespace
		if ns == "" {
			ns = events[i].Namespace
		}
		key := types.NamespacedName{Namespace: ns, Name: ref.Name}
		idx.byName[key] = append(idx.byName[key], i)
		if ref.UID != "" {
			idx.byUID[ref.UID] = append(idx.byUID[ref.UID], i)
		} else {
			idx.noUID[key] = append(idx.noUID[key], i)
		}
	}
	return idx
}

// of returns the events about the pod, in input order. When both the pod and
// an event carry a UID they must match: an event about an earlier pod of the
// same name (a StatefulSet's web-0 recreated) says nothing about this one.
// Events without a UID, or all events when the pod has none, match by name.
func (x eventIndex) of(p *corev1.Pod, events []corev1.Event) []corev1.Event {
	key := types.NamespacedName{Namespace: p.Namespace, Name: p.Name}
	pos := x.byName[key]
	if p.UID != "" {
		pos = mergeSorted(x.byUID[p.UID], x.noUID[key])
	}
	if len(pos) == 0 {
		return nil
	}
	if first, last := pos[0], pos[len(pos)-1]; last-first+1 == len(pos) {
		return events[first : last+1 : last+1] // a run: shared, not copied (a pod may have 100,000)
	}
	out := make([]corev1.Event, len(pos))
	for i, j := range pos {
		out[i] = events[j]
	}
	return out
}

// mergeSorted merges two increasing lists of positions.
func mergeSorted(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// claimsOf maps each claim the pod uses to the claim object, leaving out the
// ones that do not exist (the engine reads absence as "missing").
func claimsOf(p *corev1.Pod, pvcs map[types.NamespacedName]*corev1.PersistentVolumeClaim) map[string]*corev1.PersistentVolumeClaim {
	out := map[string]*corev1.PersistentVolumeClaim{}
	for _, v := range p.Spec.Volumes {
		if v.PersistentVolumeClaim == nil {
			continue
		}
		name := v.PersistentVolumeClaim.ClaimName
		if c, ok := pvcs[types.NamespacedName{Namespace: p.Namespace, Name: name}]; ok {
			out[name] = c
		}
	}
	return out
}
