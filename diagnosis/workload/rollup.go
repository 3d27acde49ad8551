package workload

import (
	"slices"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// rollup is the cause the workload carries from what it owns (design.md,
// "One vocabulary of causes"), with the pods' own code: a Deployment from
// its newest ReplicaSet and a CronJob from its newest Job — so a rollout
// stuck on a broken new ReplicaSet shows on the Deployment even while old
// pods keep it available —; a ReplicaSet, StatefulSet or DaemonSet from
// its pods while fewer are available than desired or an update is under
// way (a new revision's pods failing is what stops it); a Job from its pods
// whenever one is diagnosed. No grace of its own: each pod passed its own.
func (c *context) rollup() *diagnosis.Diagnosis {
	switch c.v.kind {
	case "Deployment", "CronJob":
		n := c.in.Newest
		if n == nil || n.Diagnosis == nil {
			return nil
		}
		if n.Diagnosis.Reason == diagnosis.ReasonUnclassified && c.v.deadline != nil {
			return nil // the Deployment's own ProgressDeadlineExceeded says more
		}
		return diagnosis.FromChild(n.Object, n.Diagnosis)
	case "Job":
		d := diagnosis.Dominant(c.in.Pods, c.opts.Lang)
		if d != nil && c.v.jobFailed != nil {
			// The pods say why; the condition says it is over.
			d.Evidence = append(slices.Clone(d.Evidence), jobConditionEvidence(c.v.jobFailed))
		}
		return d
	}
	if !c.short() && c.v.update == nil {
		return nil
	}
	return diagnosis.Dominant(c.in.Pods, c.opts.Lang)
}

// short: fewer pods available than desired.
func (c *context) short() bool { return c.v.counts && c.v.available < c.v.desired }
