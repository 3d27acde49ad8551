package diagnosis

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

var ruleInsufficientResources = Rule{Reason: ReasonInsufficientResources, Check: checkInsufficientResources}

// checkInsufficientResources: no node has the free cpu / memory / GPU /
// ephemeral-storage / pod slots the pod requests (seeds 000-003: "资源不足").
// The scheduler compares requests with allocatable minus what other pods
// request, not with actual usage, so "kubectl top" showing idle nodes does not
// contradict it. When the request exceeds every node's allocatable, no amount
// of waiting helps: the severity becomes Critical.
func checkInsufficientResources(c *Context) (Finding, bool) {
	if !c.unscheduled() {
		return Finding{}, false
	}
	s := c.Scheduling()
	if s.Primary != ReasonInsufficientResources {
		return Finding{}, false
	}
	res := schedInsufficient(s)
	names := make([]string, 0, len(res))
	reqs := make([]string, 0, len(res))
	f := c.schedNodeFinding(s, Vars{})
	for _, r := range res {
		names = append(names, schedResourceName(c, r))
		if r == "pods" { // a slot, not a request
			reqs = append(reqs, c.say(phrase.ResourcePodSlot))
			continue
		}
		q, ok := schedRequestText(c.Pod, r)
		if !ok {
			continue
		}
		reqs = append(reqs, r+" "+q)
		if big, node, over := schedExceedsAllocatable(c, r); over && c.Pod.Status.NominatedNodeName == "" {
			f.Severity = SeverityCritical
			f.Evidence = append(f.Evidence, "request "+r+" "+q+" exceeds the allocatable of every known node (largest: "+big+" on "+node+")")
		}
	}
	requests := strings.Join(reqs, ", ")
	if requests == "" {
		requests = c.say(phrase.ResourceNoRequests)
	} else {
		f.Evidence = append(f.Evidence, "pod requests: "+requests)
	}
	extra := ""
	if f.Severity == SeverityCritical {
		extra = c.say(phrase.ResourceNeverFits)
	}
	f.Vars["resources"] = strings.Join(names, c.say(phrase.ResourceSep))
	f.Vars["requests"] = requests
	f.Vars["extra"] = extra
	return f, true
}

// schedInsufficient lists the short resources, most nodes first.
func schedInsufficient(s *Scheduling) []string {
	out := make([]string, 0, 3)
	counts := make([]int, 0, 3)
	for _, sc := range s.Causes {
		if sc.Code != ReasonInsufficientResources {
			continue
		}
		if i := schedIndexOf(out, sc.Sub); i >= 0 {
			counts[i] = max(counts[i], sc.Nodes)
			continue
		}
		out = append(out, sc.Sub)
		counts = append(counts, sc.Nodes)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && counts[j] > counts[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
			counts[j], counts[j-1] = counts[j-1], counts[j]
		}
	}
	return out
}

func schedIndexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func schedResourceName(c *Context, r string) string {
	if t, ok := schedResourceNames[r]; ok {
		return c.say(t)
	}
	return r
}

// schedRequestText renders the pod's request of r; volume slots are counted
// from the pod's claims.
func schedRequestText(pod *corev1.Pod, r string) (string, bool) {
	switch r {
	case "attachable-volumes":
		n := 0
		for _, v := range pod.Spec.Volumes {
			if v.PersistentVolumeClaim != nil || v.Ephemeral != nil {
				n++
			}
		}
		return strconv.Itoa(n), n > 0
	}
	q, ok := schedPodRequest(pod, corev1.ResourceName(r))
	if !ok {
		return "", false
	}
	return q.String(), true
}

// schedExceedsAllocatable: the request is larger than the allocatable of the
// biggest known node the pod's selector allows.
func schedExceedsAllocatable(c *Context, r string) (string, string, bool) {
	if len(c.In.Nodes) == 0 || r == "pods" || r == "attachable-volumes" {
		return "", "", false
	}
	name := corev1.ResourceName(r)
	req, ok := schedPodRequest(c.Pod, name)
	if !ok {
		return "", "", false
	}
	best, node, found := c.maxAllocatable(name)
	if !found {
		if strings.Contains(r, "/") { // an extended resource no node offers
			return "0", "any node", true
		}
		return "", "", false
	}
	if req.Cmp(best) <= 0 {
		return "", "", false
	}
	return best.String(), node, true
}

// schedNodeFinding is the common shape of the per-node causes: the full
// breakdown, the scheduler's words as evidence. A nominated node means
// preemption is under way: the pod should get its place once the victims are
// gone, so it is no worse than a Warning.
func (c *Context) schedNodeFinding(s *Scheduling, vars Vars) Finding {
	vars["breakdown"] = s.breakdown(c.Opts.Lang)
	f := Finding{Vars: vars, Evidence: c.schedEvidence(s), Since: c.schedSince(s)}
	if n := c.Pod.Status.NominatedNodeName; n != "" {
		f.Evidence = append(f.Evidence, "status.nominatedNodeName: "+n+" (preemption under way)")
		f.Severity = SeverityWarning
	}
	return f
}
