package workload

import (
	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// unexplained is the fallback: the workload is abnormal past the grace
// period and no rule names why — never silence, the raw facts are shown
// as Unclassified. Two such states: a ReplicaFailure other than
// FailedCreate (FailedDelete: the controller cannot remove surplus pods),
// and fewer pods available than desired with no pod diagnosed and no
// creation failure on record (its FailedCreate events may have expired
// after an hour). The shortage is measured from the latest of the
// object's creation, its newest event and its newest pod, and ignored
// while enough pods are Ready (minReadySeconds still counting).
func (c *context) unexplained() (diagnosis.Finding, bool) {
	if x := c.v.replicaFailure; x != nil && x.reason != reasonFailedCreate && c.due(x.since) {
		return diagnosis.Finding{
			Vars:     diagnosis.Vars{"reason": x.reason, "message": diagnosis.Truncate(diagnosis.OneLine(x.message), 300)},
			Evidence: []string{"condition " + x.typ + "=True (" + x.reason + "): " + diagnosis.OneLine(x.message)},
			Since:    x.since,
		}, true
	}
	if !c.short() || c.v.ready >= c.v.desired || c.in.PodsUnknown {
		return diagnosis.Finding{}, false
	}
	start := latest(c.obj.Created, c.newestEvent(), c.newestPod())
	if !c.due(start) {
		return diagnosis.Finding{}, false
	}
	counts := itoa(c.v.available) + "/" + itoa(c.v.desired)
	f := diagnosis.Finding{
		Vars: diagnosis.Vars{"reason": c.say(phrase.ShortageReason, "counts", counts),
			"message": c.say(phrase.ShortageMessage, "pods", itoa(int32(len(c.in.Pods))))},
		Evidence: []string{"status: available " + itoa(c.v.available) + ", ready " + itoa(c.v.ready) + ", desired " + itoa(c.v.desired)},
		Since:    start,
	}
	if len(c.events) > 0 {
		f.Evidence = append(f.Evidence, diagnosis.EventEvidence(c.events[0]))
	}
	return f, true
}
