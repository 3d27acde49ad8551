package workload

import "github.com/pod-doctor/pod-doctor/diagnosis"

// rule recognises one code of the workload's own; Check is pure and
// returns ok=false when its cause is not what holds the workload.
type rule struct {
	Reason diagnosis.Reason
	Check  func(c *context) (diagnosis.Finding, bool)
}

// admissionRules classify the current creation failure, checked first
// (design.md: creation failure, then the pods' cause, then JobFailed,
// then RolloutStuck). Each parses the API server's error text anchored at
// its start, so they exclude one another; PodCreateFailed takes the rest.
var admissionRules = []rule{
	ruleQuotaExceeded,
	ruleServiceAccountNotFound,
	rulePodSecurityRejected,
	ruleLimitRangeRejected,
	ruleAdmissionWebhookDenied,
	ruleAdmissionWebhookUnavailable,
	rulePodCreateFailed,
}

// workloadRules come after the roll-up of the pods' cause.
var workloadRules = []rule{
	ruleJobFailed,
	ruleRolloutStuck,
}

// RuleReasons lists the code of every rule in precedence order.
func RuleReasons() []diagnosis.Reason {
	var out []diagnosis.Reason
	for _, r := range append(append([]rule(nil), admissionRules...), workloadRules...) {
		out = append(out, r.Reason)
	}
	return out
}

func firstMatch(rules []rule, c *context) (diagnosis.Reason, diagnosis.Finding, bool) {
	for _, r := range rules {
		if f, ok := r.Check(c); ok {
			return r.Reason, f, true
		}
	}
	return "", diagnosis.Finding{}, false
}
