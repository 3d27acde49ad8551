package controllers

import (
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
)

// The lookups of the objects beyond pods: a workload's pods, a Service's
// pods, a claim's users. They read the records' index values and decode
// only the pods that are returned.

// records returns the pod records of one index value in a namespace.
func (s *Store) records(ns, index, value string) []*podRecord {
	inf := informerFor(s.pods, ns)
	if inf == nil {
		return nil
	}
	objs, err := inf.GetIndexer().ByIndex(index, value)
	if err != nil {
		return nil
	}
	out := make([]*podRecord, 0, len(objs))
	for _, o := range objs {
		if r, ok := o.(*podRecord); ok && r.namespace == ns {
			out = append(out, r)
		}
	}
	return out
}

// decodeAll decodes records into pods.
func decodeAll(recs []*podRecord) ([]*corev1.Pod, error) {
	out := make([]*corev1.Pod, 0, len(recs))
	for _, r := range recs {
		p, err := r.decode()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PodsOwnedBy decodes the pods of namespace ns whose controller has uid.
func (s *Store) PodsOwnedBy(ns string, uid types.UID) ([]*corev1.Pod, error) {
	return decodeAll(s.records(ns, storeIndexOwner, string(uid)))
}

// PodsSelected decodes the pods of namespace ns that sel matches. When
// none does, it also returns the distinct label sets of the namespace's
// pods, for naming the nearest; otherwise an empty list (nobody reads it).
func (s *Store) PodsSelected(ns string, sel labels.Selector) ([]*corev1.Pod, []map[string]string, error) {
	recs := s.records(ns, storeIndexNS, ns)
	var matched []*podRecord
	for _, r := range recs {
		if sel.Matches(labels.Set(r.labels)) {
			matched = append(matched, r)
		}
	}
	sets := []map[string]string{}
	if len(matched) == 0 {
		for _, r := range recs {
			if !slices.ContainsFunc(sets, func(m map[string]string) bool { return maps.Equal(m, r.labels) }) {
				sets = append(sets, r.labels)
			}
		}
	}
	pods, err := decodeAll(matched)
	return pods, sets, err
}

// ClaimUsers names the pods of namespace ns that use the claim.
func (s *Store) ClaimUsers(ns, claim string) []string {
	var out []string
	for _, r := range s.records(ns, storeIndexClaim, ns+"/"+claim) {
		out = append(out, r.name)
	}
	return out
}
