package workload

import (
	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// ruleJobFailed: the Job controller gave up (condition Failed=True,
// reasons BackoffLimitExceeded "Job has reached the specified backoff
// limit", DeadlineExceeded "Job was active longer than specified
// deadline", PodFailurePolicy "Container main for pod ns/x failed with
// exit code 42 matching FailJob rule at index 0", MaxFailedIndexesExceeded
// ...; pkg/controller/job/job_controller.go) and no pod is left with a
// diagnosis to roll up — deleted by a TTL, a cleanup or
// podReplacementPolicy. With failed pods still present the Job carries
// their code instead (rollup). A failed Job never runs again (Critical).
var ruleJobFailed = rule{Reason: diagnosis.ReasonJobFailed, Check: checkJobFailed}

// Job condition reasons naming the limit that was hit (k8s.io/api batch/v1).
const (
	jobReasonBackoff   = "BackoffLimitExceeded"
	jobReasonDeadline  = "DeadlineExceeded"
	jobReasonMaxFailed = "MaxFailedIndexesExceeded"
)

func checkJobFailed(c *context) (diagnosis.Finding, bool) {
	x, j := c.v.jobFailed, c.v.job
	if x == nil || j == nil {
		return diagnosis.Finding{}, false
	}
	detail := x.reason
	switch {
	case x.reason == jobReasonBackoff && j.Spec.BackoffLimit != nil:
		detail += ", backoffLimit=" + itoa(*j.Spec.BackoffLimit)
	case x.reason == jobReasonDeadline && j.Spec.ActiveDeadlineSeconds != nil:
		detail += ", activeDeadlineSeconds=" + itoa(*j.Spec.ActiveDeadlineSeconds)
	case x.reason == jobReasonMaxFailed && j.Spec.MaxFailedIndexes != nil:
		detail += ", maxFailedIndexes=" + itoa(*j.Spec.MaxFailedIndexes)
	}
	msg := x.message
	if msg == "" {
		msg = "-"
	}
	f := diagnosis.Finding{
		Vars:     diagnosis.Vars{"detail": detail, "message": diagnosis.Truncate(diagnosis.OneLine(msg), 300)},
		Evidence: []string{jobConditionEvidence(x), "status: failed " + itoa(j.Status.Failed) + ", succeeded " + itoa(j.Status.Succeeded) + ", active " + itoa(j.Status.Active)},
		Since:    x.since,
	}
	for _, e := range c.events {
		if e.Reason == x.reason {
			f.Evidence = append(f.Evidence, diagnosis.EventEvidence(e))
			break
		}
	}
	return f, true
}

func jobConditionEvidence(x *cond) string {
	return "condition " + x.typ + "=True (" + x.reason + "): " + diagnosis.OneLine(x.message)
}
