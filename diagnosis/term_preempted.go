package diagnosis

import (
	"regexp"
	"strconv"

	corev1 "k8s.io/api/core/v1"
)

// rulePreempted: a higher-priority pod took this pod's place.
//
// By the scheduler (pkg/scheduler/framework/preemption): the victim gets
// condition DisruptionTarget reason PreemptionByScheduler, message
// "default-scheduler: preempting to accommodate a higher priority pod", is
// deleted, and gets a Normal event Preempted whose wording changed over time:
//
//	<=1.28 "Preempted by ns/name on node node-2"
//	1.29+  "Preempted by a pod on node node-2"
//	1.34+  "Preempted by pod 7d2c...uid on node node-2"
//
// By the kubelet, to admit a critical pod (pkg/kubelet/preemption): phase
// Failed, status reason Preempting, message "Preempted in order to admit
// critical pod", condition DisruptionTarget TerminationByKubelet "Pod was
// preempted by Kubelet to accommodate a critical pod.", Warning event Preempting.
var rulePreempted = Rule{Reason: ReasonPreempted, Check: checkPreempted}

var preemptedByRe = regexp.MustCompile(`^Preempted by (.+?) on node (\S+)`)

func checkPreempted(c *Context) (Finding, bool) {
	pod := c.Pod
	cond, hasCond := c.termDisruption()
	byKubelet := (pod.Status.Phase == corev1.PodFailed && pod.Status.Reason == "Preempting") ||
		(hasCond && cond.Reason == "TerminationByKubelet" && crashHasFold(cond.Message, "preempted"))
	byScheduler := hasCond && cond.Reason == "PreemptionByScheduler"
	ev, hasEvent := c.LatestEvent(pod.CreationTimestamp.Time, "Preempted")
	if !byKubelet && !byScheduler && !hasEvent {
		return Finding{}, false
	}
	if !byKubelet && !byScheduler && pod.DeletionTimestamp == nil && pod.Status.Phase != corev1.PodFailed {
		return Finding{}, false // an old event on a pod that runs again
	}
	f := Finding{Vars: Vars{}, Since: firstTime(cond.LastTransitionTime.Time, ev.First, c.failedAt())}
	var by string
	switch {
	case byKubelet:
		by = c.say(phrase.PreemptedByKubelet)
	case hasEvent:
		if m := preemptedByRe.FindStringSubmatch(ev.Message); m != nil {
			by = m[1]
			if by == "a pod" {
				by = c.say(phrase.PreemptedByHigherPrioPod)
			}
		}
	}
	if by == "" {
		by = c.say(phrase.PreemptedByHigherPrioPod)
	}
	f.Vars["by"] = by
	f.Vars["priority"] = preemptPriority(pod)
	repl, owned := termReplacement(c)
	f.Vars["replacement"] = repl
	if pod.Status.Reason != "" || pod.Status.Phase == corev1.PodFailed {
		f.Evidence = append(f.Evidence, termStatusEvidence(pod))
	}
	if hasCond {
		f.Evidence = append(f.Evidence, termConditionEvidence(cond))
	}
	if hasEvent {
		f.Evidence = append(f.Evidence, EventEvidence(ev))
	}
	if e, ok := c.LatestEvent(pod.CreationTimestamp.Time, "Preempting"); ok {
		f.Evidence = append(f.Evidence, EventEvidence(e))
	}
	if pod.DeletionTimestamp != nil {
		_, _, delEv := termDeletion(c)
		f.Evidence = append(f.Evidence, delEv)
	}
	if !owned {
		f.Severity = SeverityCritical
	}
	return f, true
}

// preemptPriority renders the victim's priority: "0" or "1000 (batch-low)".
func preemptPriority(pod *corev1.Pod) string {
	p := "0"
	if pod.Spec.Priority != nil {
		p = strconv.Itoa(int(*pod.Spec.Priority))
	}
	if pod.Spec.PriorityClassName != "" {
		p += " (" + pod.Spec.PriorityClassName + ")"
	}
	return p
}
