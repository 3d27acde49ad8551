package diagnosis

import "strconv"

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
	return f, true
}
