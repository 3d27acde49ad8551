package diagnosis

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

var ruleSchedulingGated = Rule{Reason: ReasonSchedulingGated, Check: checkSchedulingGated}

// checkSchedulingGated: spec.schedulingGates keep the scheduler from even
// trying (PodScheduled=False, reason SchedulingGated). The gate (abnormal.go)
// already waited the grace period, so whatever added the gates — a queueing
// controller such as Kueue waiting for quota — has not removed them.
func checkSchedulingGated(c *Context) (Finding, bool) {
	gates := c.Pod.Spec.SchedulingGates
	if !c.unscheduled() || len(gates) == 0 {
		return Finding{}, false
	}
	names := make([]string, 0, len(gates))
	kueue := false
	for _, g := range gates {
		names = append(names, g.Name)
		kueue = kueue || strings.HasPrefix(g.Name, "kueue.x-k8s.io/")
	}
	holder := c.say(phrase.GatedHolder)
	if kueue {
		holder = c.say(phrase.GatedKueue)
	}
	since := c.Pod.CreationTimestamp.Time
	if cond, ok := c.Condition(corev1.PodScheduled); ok && !cond.LastTransitionTime.IsZero() {
		since = cond.LastTransitionTime.Time
	}
	ev := []string{"spec.schedulingGates: " + strings.Join(names, ", ")}
	if line, ok := c.schedConditionEvidence(); ok {
		ev = append(ev, line)
	}
	if owner := schedOwner(c.Pod); owner != "" {
		ev = append(ev, "owned by "+owner)
	}
	return Finding{
		Vars:     Vars{"gates": strings.Join(names, ", "), "age": kubectlAge(c.Now.Sub(since)), "holder": holder},
		Evidence: ev,
		Since:    since,
	}, true
}

// schedOwner names the pod's controller: "Job/train-42".
func schedOwner(pod *corev1.Pod) string {
	for _, o := range pod.OwnerReferences {
		if o.Controller != nil && *o.Controller {
			return o.Kind + "/" + o.Name
		}
	}
	if len(pod.OwnerReferences) > 0 {
		return pod.OwnerReferences[0].Kind + "/" + pod.OwnerReferences[0].Name
	}
	return ""
}
