package diagnosis

var ruleNoNodesAvailable = Rule{Reason: ReasonNoNodesAvailable, Check: checkNoNodesAvailable}

// checkNoNodesAvailable: the scheduler found no node at all ("no nodes
// available to schedule pods", or "0/0 nodes are available"): no worker has
// joined, a node group scaled to zero, or every node was deleted. Nodes that
// exist but are NotReady are not this: they are counted and reported by taint.
func checkNoNodesAvailable(c *Context) (Finding, bool) {
	if !c.unscheduled() {
		return Finding{}, false
	}
	s := c.Scheduling()
	if s.Primary != ReasonNoNodesAvailable {
		return Finding{}, false
	}
	return Finding{
		Vars:     Vars{"message": Truncate(oneLine(s.Message), 160)},
		Evidence: c.schedEvidence(s),
		Since:    c.schedSince(s),
	}, true
}
