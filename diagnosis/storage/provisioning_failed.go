package storage

import (
	"regexp"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// maxMessage bounds the provisioner's message in the summary; the evidence
// keeps it whole.
const maxMessage = 240

// provisioningFailed: the provisioner tried and the backend refused (quota,
// capacity, bad parameters, permissions). Only outcomes count: the newest
// ProvisioningFailed or ProvisioningSucceeded, from the PV controller or an
// external provisioner (external-provisioner ≤ v5 prefixes "failed to
// provision volume with StorageClass", v6 keeps the raw gRPC error or
// "Volume provisioning failed with infeasible error"). The PV controller's
// ExternalProvisioning notice repeats on every resync, so it is newer than
// the failure most of the time and says nothing about it.
func provisioningFailed(v *view) (diagnosis.Finding, bool) {
	o := v.outcome
	if o == nil || o.Reason != eventProvisioningFailed || notFoundClass(o.Message) != "" {
		// A NotFound class is StorageClassNotFound's; reaching here it is
		// stale (the class exists now) and the next attempt will tell.
		return diagnosis.Finding{}, false
	}
	p := v.provisioner(o)
	f := diagnosis.Finding{
		Vars: diagnosis.Vars{"provisioner": p, "grep": grepTerm(p), "class": v.classVar(),
			"message": diagnosis.Truncate(diagnosis.OneLine(withoutClassPrefix(o.Message)), maxMessage)},
		Evidence: appendEvidence(nil, eventLine(o), v.claimEvidence(), v.classEvidence()),
		Since:    o.First,
	}
	return f, true
}

// classPrefixRE is external-provisioner ≤ v5's frame around the driver's
// error; the summary names the provisioner already, the evidence keeps it.
var classPrefixRE = regexp.MustCompile(`^failed to provision volume with StorageClass "[^"]*": `)

func withoutClassPrefix(msg string) string { return classPrefixRE.ReplaceAllLiteralString(msg, "") }
