package diagnosis

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// This file re-checks, against Node objects, the filters whose verdict the
// scheduler's counts can hide: the pod's nodeSelector and required node
// affinity (NodeAffinity), cordons (NodeUnschedulable) and taints
// (TaintToleration). It mirrors the scheduler's semantics, allocation-free.

// schedPodHasNodeConstraints reports whether the pod restricts its nodes by
// nodeSelector or required node affinity.
func schedPodHasNodeConstraints(pod *corev1.Pod) bool {
	return len(pod.Spec.NodeSelector) > 0 || len(schedRequiredTerms(pod)) > 0
}

func schedRequiredTerms(pod *corev1.Pod) []corev1.NodeSelectorTerm {
	a := pod.Spec.Affinity
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return nil
	}
	return a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
}

// schedNodeMatches: every nodeSelector label, and at least one required
// node-affinity term (terms are ORed, their requirements ANDed).
func schedNodeMatches(pod *corev1.Pod, n *corev1.Node) bool {
	for k, v := range pod.Spec.NodeSelector {
		if got, ok := n.Labels[k]; !ok || got != v {
			return false
		}
	}
	terms := schedRequiredTerms(pod)
	if len(terms) == 0 {
		return true
	}
	for i := range terms {
		if schedTermMatches(&terms[i], n) {
			return true
		}
	}
	return false
}

// schedTermMatches: an empty term matches nothing, as in the scheduler.
func schedTermMatches(t *corev1.NodeSelectorTerm, n *corev1.Node) bool {
	if len(t.MatchExpressions) == 0 && len(t.MatchFields) == 0 {
		return false
	}
	for i := range t.MatchExpressions {
		r := &t.MatchExpressions[i]
		v, ok := n.Labels[r.Key]
		if !schedRequirementMatches(r, v, ok) {
			return false
		}
	}
	for i := range t.MatchFields {
		r := &t.MatchFields[i]
		if r.Key != "metadata.name" || !schedRequirementMatches(r, n.Name, true) {
			return false
		}
	}
	return true
}

func schedRequirementMatches(r *corev1.NodeSelectorRequirement, v string, present bool) bool {
	switch r.Operator {
	case corev1.NodeSelectorOpIn:
		return present && hasString(r.Values, v)
	case corev1.NodeSelectorOpNotIn:
		return !present || !hasString(r.Values, v)
	case corev1.NodeSelectorOpExists:
		return present
	case corev1.NodeSelectorOpDoesNotExist:
		return !present
	case corev1.NodeSelectorOpGt, corev1.NodeSelectorOpLt:
		if !present || len(r.Values) != 1 {
			return false
		}
		have, err1 := strconv.ParseInt(v, 10, 64)
		want, err2 := strconv.ParseInt(r.Values[0], 10, 64)
		if err1 != nil || err2 != nil {
			return false
		}
		if r.Operator == corev1.NodeSelectorOpGt {
			return have > want
		}
		return have < want
	}
	return false
}

// schedTolerates is the API's Toleration.ToleratesTaint.
func schedTolerates(tol *corev1.Toleration, t *corev1.Taint) bool {
	if tol.Effect != "" && tol.Effect != t.Effect {
		return false
	}
	if tol.Key != "" && tol.Key != t.Key {
		return false
	}
	switch tol.Operator {
	case "", corev1.TolerationOpEqual:
		return tol.Value == t.Value
	case corev1.TolerationOpExists:
		return true
	}
	return false
}

func schedTolerated(pod *corev1.Pod, t *corev1.Taint) bool {
	for i := range pod.Spec.Tolerations {
		if schedTolerates(&pod.Spec.Tolerations[i], t) {
			return true
		}
	}
	return false
}

// schedUntoleratedTaint returns the first NoSchedule / NoExecute taint of the
// node the pod does not tolerate (PreferNoSchedule does not filter).
func schedUntoleratedTaint(pod *corev1.Pod, n *corev1.Node) (*corev1.Taint, bool) {
	for i := range n.Spec.Taints {
		t := &n.Spec.Taints[i]
		if t.Effect != corev1.TaintEffectNoSchedule && t.Effect != corev1.TaintEffectNoExecute {
			continue
		}
		if !schedTolerated(pod, t) {
			return t, true
		}
	}
	return nil, false
}

// schedNodeCordoned is the NodeUnschedulable filter: spec.unschedulable,
// unless the pod tolerates the node.kubernetes.io/unschedulable taint.
func schedNodeCordoned(pod *corev1.Pod, n *corev1.Node) bool {
	if !n.Spec.Unschedulable {
		return false
	}
	t := corev1.Taint{Key: corev1.TaintNodeUnschedulable, Effect: corev1.TaintEffectNoSchedule}
	return !schedTolerated(pod, &t)
}

// schedSelectorText renders the pod's node constraints the way a person
// would write them: "disktype=ssd, topology.kubernetes.io/zone in (a,b)".
func schedSelectorText(pod *corev1.Pod) string {
	parts := make([]string, 0, len(pod.Spec.NodeSelector)+1)
	for _, k := range schedSortedKeys(pod.Spec.NodeSelector) {
		parts = append(parts, k+"="+pod.Spec.NodeSelector[k])
	}
	var terms []string
	for _, t := range schedRequiredTerms(pod) {
		var reqs []string
		for _, r := range t.MatchExpressions {
			reqs = append(reqs, schedRequirementText(r))
		}
		for _, r := range t.MatchFields {
			reqs = append(reqs, schedRequirementText(r))
		}
		terms = append(terms, strings.Join(reqs, ", "))
	}
	if len(terms) > 0 {
		parts = append(parts, strings.Join(terms, " OR "))
	}
	return strings.Join(parts, ", ")
}

func schedRequirementText(r corev1.NodeSelectorRequirement) string {
	switch r.Operator {
	case corev1.NodeSelectorOpExists:
		return r.Key
	case corev1.NodeSelectorOpDoesNotExist:
		return "!" + r.Key
	case corev1.NodeSelectorOpIn, corev1.NodeSelectorOpNotIn:
		return r.Key + " " + strings.ToLower(string(r.Operator)) + " (" + strings.Join(r.Values, ",") + ")"
	}
	op := ">"
	if r.Operator == corev1.NodeSelectorOpLt {
		op = "<"
	}
	return r.Key + op + strings.Join(r.Values, ",")
}

// schedSortedKeys returns a map's keys in order, so texts are stable.
func schedSortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// schedTaintText renders a taint as kubectl does: key=value:Effect.
func schedTaintText(t *corev1.Taint) string {
	s := t.Key
	if t.Value != "" {
		s += "=" + t.Value
	}
	if t.Effect != "" {
		s += ":" + string(t.Effect)
	}
	return s
}

// schedPodRequest is what the scheduler reserves for the pod: the larger of
// the sum of its containers (plus restartable init "sidecar" containers) and
// each init container (plus the sidecars started before it), plus the pod
// overhead. A container without a request for the resource counts its limit
// (the API defaults one to the other). ok is false when nothing is requested.
func schedPodRequest(pod *corev1.Pod, name corev1.ResourceName) (resource.Quantity, bool) {
	var sum, sidecars, initMax resource.Quantity
	found := false
	for i := range pod.Spec.InitContainers {
		ic := &pod.Spec.InitContainers[i]
		q, ok := schedContainerRequest(ic, name)
		found = found || ok
		if ic.RestartPolicy != nil && *ic.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			sidecars.Add(q)
			if sidecars.Cmp(initMax) > 0 {
				initMax = sidecars.DeepCopy()
			}
			continue
		}
		step := sidecars.DeepCopy()
		step.Add(q)
		if step.Cmp(initMax) > 0 {
			initMax = step
		}
	}
	for i := range pod.Spec.Containers {
		q, ok := schedContainerRequest(&pod.Spec.Containers[i], name)
		found = found || ok
		sum.Add(q)
	}
	sum.Add(sidecars)
	if initMax.Cmp(sum) > 0 {
		sum = initMax
	}
	if q, ok := pod.Spec.Overhead[name]; ok {
		sum.Add(q)
		found = true
	}
	return sum, found
}

func schedContainerRequest(c *corev1.Container, name corev1.ResourceName) (resource.Quantity, bool) {
	if q, ok := c.Resources.Requests[name]; ok {
		return q, true
	}
	if q, ok := c.Resources.Limits[name]; ok {
		return q, true
	}
	return resource.Quantity{}, false
}

// schedMaxAllocatable is the largest allocatable amount of the resource over
// the known nodes the pod's selector allows; ok is false when none reports it.
func schedMaxAllocatable(pod *corev1.Pod, nodes []*corev1.Node, name corev1.ResourceName) (resource.Quantity, string, bool) {
	var best resource.Quantity
	node, found := "", false
	for _, n := range nodes {
		if n == nil || !schedNodeMatches(pod, n) {
			continue
		}
		if q, ok := n.Status.Allocatable[name]; ok && (!found || q.Cmp(best) > 0) {
			best, node, found = q, n.Name, true
		}
	}
	return best, node, found
}
