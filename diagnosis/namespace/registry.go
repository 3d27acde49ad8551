package namespace

import "github.com/pod-doctor/pod-doctor/diagnosis"

// rule recognises one code on a namespace terminating past the grace period.
type rule struct {
	Reason diagnosis.Reason
	Check  func(v *view) (diagnosis.Finding, bool)
}

// registry holds the one code of the family: a namespace deleting past the
// grace period is stuck by definition; the rule's work is naming why.
var registry = []rule{
	{diagnosis.ReasonNamespaceStuckTerminating, namespaceStuckTerminating},
}

// RuleReasons lists the codes of the rules in order, for the catalog test.
func RuleReasons() []diagnosis.Reason {
	out := make([]diagnosis.Reason, 0, len(registry))
	for _, r := range registry {
		out = append(out, r.Reason)
	}
	return out
}
