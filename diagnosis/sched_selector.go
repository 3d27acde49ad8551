package diagnosis

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"
)

var ruleNodeSelectorMismatch = Rule{Reason: ReasonNodeSelectorMismatch, Check: checkNodeSelectorMismatch}

// checkNodeSelectorMismatch: no node carries the labels the pod's
// nodeSelector / required node affinity asks for (seed 001: "不满足 nodeSelector
// 与 affinity"). With the Node objects at hand this is checked directly, so a
// message that only shows taints (checked first by the scheduler) does not
// hide it.
func checkNodeSelectorMismatch(c *Context) (Finding, bool) {
	if !c.unscheduled() {
		return Finding{}, false
	}
	s := c.Scheduling()
	if s.Primary != ReasonNodeSelectorMismatch {
		return Finding{}, false
	}
	sel := schedSelectorText(c.Pod)
	if sel == "" {
		sel = c.say(phrase.SelectorEnforced)
	}
	detail := s.breakdown(c.Opts.Lang)
	f := c.schedNodeFinding(s, Vars{"selector": sel})
	if s.Matching == 0 {
		n := strconv.Itoa(len(c.In.Nodes))
		f.Evidence = append(f.Evidence, "0 of "+n+" nodes match "+sel)
		detail = c.say(phrase.SelectorNoNodeLabels, "nodes", n, "detail", detail)
	}
	f.Vars["detail"] = detail
	f.Vars["label"] = schedFirstLabel(c)
	return f, true
}

// schedFirstLabel is a label the pod asks for, as `kubectl label node` takes
// it: the first nodeSelector pair, else the first required In / Exists term.
func schedFirstLabel(c *Context) string {
	if keys := schedSortedKeys(c.Pod.Spec.NodeSelector); len(keys) > 0 {
		return keys[0] + "=" + c.Pod.Spec.NodeSelector[keys[0]]
	}
	for _, t := range schedRequiredTerms(c.Pod) {
		for _, r := range t.MatchExpressions {
			switch {
			case r.Operator == corev1.NodeSelectorOpIn && len(r.Values) > 0:
				return r.Key + "=" + r.Values[0]
			case r.Operator == corev1.NodeSelectorOpExists:
				return r.Key + "="
			}
		}
	}
	return c.say(phrase.LabelPlaceholder)
}
