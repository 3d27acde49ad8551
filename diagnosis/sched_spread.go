package diagnosis

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

var ruleTopologySpreadUnsatisfied = Rule{Reason: ReasonTopologySpreadUnsatisfied, Check: checkTopologySpreadUnsatisfied}

// checkTopologySpreadUnsatisfied: a whenUnsatisfiable: DoNotSchedule
// constraint would exceed maxSkew on every node, or the nodes lack the
// topologyKey label altogether ("(missing required label)"), which no amount
// of waiting fixes.
func checkTopologySpreadUnsatisfied(c *Context) (Finding, bool) {
	if !c.unscheduled() {
		return Finding{}, false
	}
	s := c.Scheduling()
	if s.Primary != ReasonTopologySpreadUnsatisfied {
		return Finding{}, false
	}
	var parts []string
	var missing []string
	for _, t := range c.Pod.Spec.TopologySpreadConstraints {
		if t.WhenUnsatisfiable != corev1.DoNotSchedule {
			continue
		}
		parts = append(parts, t.TopologyKey+" maxSkew "+strconv.Itoa(int(t.MaxSkew)))
		if len(c.In.Nodes) > 0 && !schedAnyNodeHasLabel(c.In.Nodes, t.TopologyKey) {
			missing = append(missing, t.TopologyKey)
		}
	}
	constraints := strings.Join(parts, "; ")
	if constraints == "" {
		constraints = c.say(phrase.SpreadDefault)
	}
	f := c.schedNodeFinding(s, Vars{"constraints": constraints})
	f.Evidence = append(f.Evidence, "DoNotSchedule constraints: "+constraints)
	if len(missing) > 0 {
		f.Evidence = append(f.Evidence, "no node has the label "+strings.Join(missing, ", "))
		f.Vars["constraints"] = c.say(phrase.SpreadMissingLabel, "constraints", constraints, "labels", strings.Join(missing, ", "))
	}
	if sc, ok := s.first(ReasonTopologySpreadUnsatisfied); ok && sc.Sub == "label" || len(missing) > 0 {
		f.Severity = SeverityCritical // a missing label never appears by itself
	}
	return f, true
}

func schedAnyNodeHasLabel(nodes []*corev1.Node, key string) bool {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		if _, ok := n.Labels[key]; ok {
			return true
		}
	}
	return false
}
