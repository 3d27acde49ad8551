package diagnosis

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

var rulePodAffinityUnsatisfied = Rule{Reason: ReasonPodAffinityUnsatisfied, Check: checkPodAffinityUnsatisfied}

// checkPodAffinityUnsatisfied: required pod affinity finds no node next to the
// pods it must join, or required anti-affinity (its own, or that of pods
// already running) leaves no node free (seed 001: podAffinity / podAntiAffinity
// "调度器根据调度算法也可能算出没有满足条件的 Node"). Three replicas with
// hostname anti-affinity on two schedulable nodes is the classic case.
func checkPodAffinityUnsatisfied(c *Context) (Finding, bool) {
	if !c.unscheduled() {
		return Finding{}, false
	}
	s := c.Scheduling()
	if s.Primary != ReasonPodAffinityUnsatisfied {
		return Finding{}, false
	}
	rules := schedAffinityText(c.Pod)
	if rules == "" {
		rules = c.say(phrase.AffinityExistingPods)
	}
	f := c.schedNodeFinding(s, Vars{"rules": rules})
	f.Evidence = append(f.Evidence, "required rules: "+rules)
	return f, true
}

// schedAffinityText renders the pod's required (anti-)affinity terms:
// "anti-affinity app=web per kubernetes.io/hostname".
func schedAffinityText(pod *corev1.Pod) string {
	a := pod.Spec.Affinity
	if a == nil {
		return ""
	}
	var parts []string
	if a.PodAffinity != nil {
		for _, t := range a.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution {
			parts = append(parts, "affinity "+schedLabelSelectorText(t.LabelSelector)+" per "+t.TopologyKey)
		}
	}
	if a.PodAntiAffinity != nil {
		for _, t := range a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution {
			parts = append(parts, "anti-affinity "+schedLabelSelectorText(t.LabelSelector)+" per "+t.TopologyKey)
		}
	}
	return strings.Join(parts, "; ")
}

func schedLabelSelectorText(ls *metav1.LabelSelector) string {
	if ls == nil {
		return "(no selector)"
	}
	parts := make([]string, 0, len(ls.MatchLabels)+len(ls.MatchExpressions))
	for _, k := range schedSortedKeys(ls.MatchLabels) {
		parts = append(parts, k+"="+ls.MatchLabels[k])
	}
	for _, e := range ls.MatchExpressions {
		switch e.Operator {
		case metav1.LabelSelectorOpExists:
			parts = append(parts, e.Key)
		case metav1.LabelSelectorOpDoesNotExist:
			parts = append(parts, "!"+e.Key)
		default:
			parts = append(parts, e.Key+" "+strings.ToLower(string(e.Operator))+" ("+strings.Join(e.Values, ",")+")")
		}
	}
	if len(parts) == 0 {
		return "(all pods)"
	}
	return strings.Join(parts, ",")
}
