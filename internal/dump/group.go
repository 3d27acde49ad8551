package dump

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Inputs groups the objects into one engine input per pod, in the order the
// pods appeared. Events are matched to pods by involvedObject UID when both
// sides have one, otherwise by namespace and name.
//
// Nodes and claims count as known when they were listed (live) or when the
// dump holds at least one (a dump without any cannot tell "none" from "not
// dumped"), so the engine never concludes a claim is missing from an absent list.
func (o *Objects) Inputs(now time.Time) []diagnosis.Input {
	return group(o.Pods, o.Events, o.Nodes, o.PVCs, o.NodesListed || len(o.Nodes) > 0, o.PVCsListed || len(o.PVCs) > 0, now)
}

func group(pods []*corev1.Pod, events []corev1.Event, nodes []*corev1.Node, pvcs []*corev1.PersistentVolumeClaim, nodesKnown, pvcsKnown bool, now time.Time) []diagnosis.Input {
	byUID, byName := indexEvents(events)
	nodeByName := make(map[string]*corev1.Node, len(nodes))
	for _, n := range nodes {
		nodeByName[n.Name] = n
	}
	pvcByKey := make(map[types.NamespacedName]*corev1.PersistentVolumeClaim, len(pvcs))
	for _, c := range pvcs {
		pvcByKey[types.NamespacedName{Namespace: c.Namespace, Name: c.Name}] = c
	}
	out := make([]diagnosis.Input, 0, len(pods))
	for _, p := range pods {
		in := diagnosis.Input{Pod: p, Now: now, Node: nodeByName[p.Spec.NodeName]}
		if p.UID != "" && len(byUID[p.UID]) > 0 {
			in.Events = byUID[p.UID]
		} else {
			in.Events = byName[types.NamespacedName{Namespace: p.Namespace, Name: p.Name}]
		}
		if nodesKnown {
			in.Nodes = nodes
		}
		if pvcsKnown {
			in.PVCs = claimsOf(p, pvcByKey)
		}
		out = append(out, in)
	}
	return out
}

func indexEvents(events []corev1.Event) (map[types.UID][]corev1.Event, map[types.NamespacedName][]corev1.Event) {
	byUID := map[types.UID][]corev1.Event{}
	byName := map[types.NamespacedName][]corev1.Event{}
	for _, e := range events {
		ref := e.InvolvedObject
		if ref.Kind != "" && ref.Kind != "Pod" {
			continue
		}
		ns := ref.Namespace
		if ns == "" {
			ns = e.Namespace
		}
		if ref.UID != "" {
			byUID[ref.UID] = append(byUID[ref.UID], e)
		}
		key := types.NamespacedName{Namespace: ns, Name: ref.Name}
		byName[key] = append(byName[key], e)
	}
	return byUID, byName
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
