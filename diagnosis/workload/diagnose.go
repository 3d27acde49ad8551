package workload

import "github.com/pod-doctor/pod-doctor/diagnosis"

// Diagnose returns the verdict on one workload: nothing for an idle one
// (scaled to zero, a completed Job); else the first of a creation failure
// past the grace period, the cause rolled up from its pods or newest
// child, JobFailed, RolloutStuck, and Unclassified for an abnormal state
// no rule explains. RecheckAt is when a grace period running now ends.
// Pure; never panics on odd input.
func Diagnose(in Input, opts diagnosis.Options) diagnosis.Result {
	c, ok := newContext(in, opts)
	if !ok || c.v.idle {
		return diagnosis.Result{}
	}
	return diagnosis.Result{Diagnosis: c.verdict(), RecheckAt: c.recheck}
}

func (c *context) verdict() *diagnosis.Diagnosis {
	if reason, f, ok := firstMatch(admissionRules, c); ok {
		return diagnosis.RenderObject(reason, c.obj, f, c.opts.Lang)
	}
	if d := c.rollup(); d != nil {
		return d
	}
	if reason, f, ok := firstMatch(workloadRules, c); ok {
		return diagnosis.RenderObject(reason, c.obj, f, c.opts.Lang)
	}
	if f, ok := c.unexplained(); ok {
		return diagnosis.RenderObject(diagnosis.ReasonUnclassified, c.obj, f, c.opts.Lang)
	}
	return nil
}
