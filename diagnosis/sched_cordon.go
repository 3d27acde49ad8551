package diagnosis

import "strings"

var ruleNodeUnschedulable = Rule{Reason: ReasonNodeUnschedulable, Check: checkNodeUnschedulable}

// checkNodeUnschedulable: the nodes the pod could use are cordoned
// (spec.unschedulable, SchedulingDisabled in kubectl get nodes): a drain or
// maintenance in progress, or one forgotten after it.
func checkNodeUnschedulable(c *Context) (Finding, bool) {
	if !c.unscheduled() {
		return Finding{}, false
	}
	s := c.Scheduling()
	if s.Primary != ReasonNodeUnschedulable {
		return Finding{}, false
	}
	var names []string
	for _, n := range c.In.Nodes {
		if n != nil && schedNodeMatches(c.Pod, n) && schedNodeCordoned(c.Pod, n) {
			names = append(names, n.Name)
		}
	}
	nodes := ""
	f := c.schedNodeFinding(s, Vars{})
	if len(names) > 0 {
		nodes = ": " + strings.Join(names, ", ")
		f.Evidence = append(f.Evidence, "cordoned nodes (spec.unschedulable: true): "+strings.Join(names, ", "))
	}
	f.Vars["nodes"] = nodes
	f.Vars["cordoned"] = c.say(phrase.NodeNamePlaceholder)
	if len(names) > 0 {
		f.Vars["cordoned"] = strings.Join(names, " ") // kubectl uncordon takes several
	}
	return f, true
}
