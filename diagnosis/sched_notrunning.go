package diagnosis

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

var ruleSchedulerNotRunning = Rule{Reason: ReasonSchedulerNotRunning, Check: checkSchedulerNotRunning}

// checkSchedulerNotRunning: past the grace period (the gate waited it) a pod
// that no scheduler ever looked at. Every attempt, failed or not, leaves a
// PodScheduled condition and a FailedScheduling event; with neither, the
// scheduler is down (seed 001: "kube-scheduler 没有正常运行"), not leader, or
// the pod's schedulerName names a scheduler nobody runs.
func checkSchedulerNotRunning(c *Context) (Finding, bool) {
	if !c.unscheduled() || len(c.Pod.Spec.SchedulingGates) > 0 {
		return Finding{}, false
	}
	if _, tried := c.LatestEvent(time.Time{}, "FailedScheduling"); tried {
		return Finding{}, false
	}
	cond, hasCond := c.Condition(corev1.PodScheduled)
	// A SchedulingGated condition left behind after the gates were removed is
	// not an attempt: the scheduler should have picked the pod up since.
	if hasCond && cond.Reason != corev1.PodReasonSchedulingGated {
		return Finding{}, false
	}
	name := c.Pod.Spec.SchedulerName
	if name == "" {
		name = corev1.DefaultSchedulerName
	}
	for _, e := range c.Events {
		if e.Source == name {
			return Finding{}, false // it reported on the pod: it runs
		}
	}
	since := c.Pod.CreationTimestamp.Time
	if hasCond && !cond.LastTransitionTime.IsZero() {
		since = cond.LastTransitionTime.Time
	}
	detail := c.say(phrase.SchedulerNotRunning, "name", name)
	if name != corev1.DefaultSchedulerName {
		detail = c.say(phrase.SchedulerNameUnserved, "name", name)
	}
	ev := []string{
		"spec.schedulerName: " + name,
		"no FailedScheduling event and no scheduling attempt since " + since.UTC().Format("2006-01-02T15:04:05Z"),
	}
	if hasCond {
		if line, ok := c.schedConditionEvidence(); ok {
			ev = append(ev, line+" (gates since removed)")
		}
	} else {
		ev = append(ev, "no PodScheduled condition")
	}
	return Finding{
		Vars:     Vars{"scheduler": name, "age": kubectlAge(c.Now.Sub(since)), "detail": detail},
		Evidence: ev,
		Since:    since,
	}, true
}
