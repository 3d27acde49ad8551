package storage

import "github.com/pod-doctor/pod-doctor/diagnosis"

// rule recognises one code on a Pending claim past its grace period.
type rule struct {
	Reason diagnosis.Reason
	Check  func(v *view) (diagnosis.Finding, bool)
}

// registry is the rule order, first match wins: a missing class explains
// everything after it (no provisioner is even asked); a provisioner that
// reports a failure is running, so its message beats the silence check.
var registry = []rule{
	{diagnosis.ReasonStorageClassNotFound, storageClassNotFound},
	{diagnosis.ReasonProvisioningFailed, provisioningFailed},
	{diagnosis.ReasonProvisionerNotRunning, provisionerNotRunning},
}

// RuleReasons lists the codes of the rules in order, for the catalog test.
func RuleReasons() []diagnosis.Reason {
	out := make([]diagnosis.Reason, 0, len(registry))
	for _, r := range registry {
		out = append(out, r.Reason)
	}
	return out
}
