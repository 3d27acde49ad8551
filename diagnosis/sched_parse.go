package diagnosis

import (
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// schedCodeOrder is the catalog order of the per-node codes: the tie-break of
// design.md rule 2.
var schedCodeOrder = [...]Reason{
	ReasonInsufficientResources, ReasonNodeSelectorMismatch, ReasonPodAffinityUnsatisfied,
	ReasonTopologySpreadUnsatisfied, ReasonUntoleratedTaint, ReasonNodeUnschedulable,
	ReasonHostPortConflict, ReasonVolumeNodeAffinityConflict, ReasonPVCNotBound,
}

// Scheduling parses the pod's scheduling state once. Call it only for a pod
// that is not bound (Spec.NodeName == ""); it never returns nil.
func (c *Context) Scheduling() *Scheduling {
	if c.scheduling == nil {
		c.scheduling = parseScheduling(c)
	}
	return c.scheduling
}

// unscheduled reports whether the scheduling rules apply: a pod that is not
// bound and has not ended.
func (c *Context) unscheduled() bool {
	p := c.Pod
	return p.Spec.NodeName == "" && p.Status.Phase != corev1.PodFailed && p.Status.Phase != corev1.PodSucceeded
}

func parseScheduling(c *Context) *Scheduling {
	s := &Scheduling{Total: -1, Matching: -1, Cordoned: -1, Tainted: -1}
	if e, ok := c.LatestEvent(time.Time{}, "FailedScheduling"); ok {
		s.Event, s.HasEvent = e, true
	}
	// The condition is rewritten on every attempt: it is the current verdict.
	// An event may be older than it (events are aggregated and expire).
	if cond, ok := c.Condition(corev1.PodScheduled); ok && cond.Status == corev1.ConditionFalse &&
		cond.Reason != corev1.PodReasonSchedulingGated && strings.TrimSpace(cond.Message) != "" {
		s.Message, s.FromCondition = strings.TrimSpace(cond.Message), true
	} else if s.HasEvent {
		s.Message = s.Event.Message
	}
	if s.Message == "" {
		return s
	}
	s.Causes = parseSchedMessage(s.Message, s.buf[:0], &s.Total)
	s.choose(c)
	return s
}

// parseSchedMessage splits a FailedScheduling message into its reasons. The
// shape since 1.20 is (framework.FitError.Error):
//
//	0/N nodes are available: <prefilter msg>. <postfilter msg>
//	0/N nodes are available: 2 Insufficient cpu, 1 node(s) had untolerated taint {k: v}. preemption: 0/N nodes are available: ...
//
// where the filter reasons are "<count> <reason>" joined by ", " and sorted as
// strings. Older and foreign shapes ("error while running "VolumeBinding"
// filter plugin for pod ...", "no nodes available to schedule pods") are one
// reason without a count. Only the part before the first ". " is read: what
// follows is the preemption post-mortem, not a cause.
func parseSchedMessage(msg string, out []SchedCause, total *int) []SchedCause {
	main := msg
	if i, n := schedAvailableIndex(msg); i >= 0 {
		*total = schedTotal(msg[:i])
		main = strings.TrimPrefix(msg[i+n:], ":")
	}
	main = schedMainPart(main)
	for main != "" {
		item, rest := schedNextItem(main)
		main = rest
		if item == "" {
			continue
		}
		var sc SchedCause
		sc.Nodes, sc.Text = schedCount(item)
		sc.Code, sc.Kind, sc.Sub = classifySchedReason(sc.Text)
		if len(out) == cap(out) {
			break // more distinct reasons than filters exist: keep the first
		}
		out = append(out, sc)
	}
	return out
}

// schedAvailableIndex finds "nodes are available" (or a foreign scheduler's
// "nodes are unavailable") and returns its index and length.
func schedAvailableIndex(msg string) (int, int) {
	for _, marker := range [...]string{" nodes are available", " nodes are unavailable"} {
		if i := strings.Index(msg, marker); i >= 0 {
			return i, len(marker)
		}
	}
	return -1, 0
}

// schedTotal reads N from the "0/N" that ends head; -1 when absent.
func schedTotal(head string) int {
	j := len(head)
	for j > 0 && head[j-1] >= '0' && head[j-1] <= '9' {
		j--
	}
	if j == len(head) || j == 0 || head[j-1] != '/' {
		return -1
	}
	n := 0
	for _, ch := range head[j:] {
		n = n*10 + int(ch-'0')
		if n > 1<<24 {
			return -1
		}
	}
	return n
}

// schedMainPart cuts the filter reasons from the post-filter message: up to
// the first ". " outside braces, without the final ".".
func schedMainPart(s string) string {
	s = strings.TrimSpace(s)
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case '.':
			if depth == 0 && i+1 < len(s) && s[i+1] == ' ' {
				return strings.TrimSpace(s[:i])
			}
		}
	}
	return strings.TrimSpace(strings.TrimRight(s, ". "))
}

// schedNextItem returns the first reason and the rest. Reasons are separated
// by ", " followed by the next reason's count; commas inside braces (a taint
// list) or before a word (", that the pod didn't tolerate") stay in the reason.
func schedNextItem(s string) (string, string) {
	depth := 0
	for i := 0; i+2 < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 && s[i+1] == ' ' && s[i+2] >= '0' && s[i+2] <= '9' {
				return strings.TrimSpace(s[:i]), s[i+2:]
			}
		}
	}
	return strings.TrimSpace(s), ""
}

// schedCount splits "2 Insufficient cpu" into 2 and "Insufficient cpu".
func schedCount(item string) (int, string) {
	n, i := 0, 0
	for i < len(item) && item[i] >= '0' && item[i] <= '9' && i < 8 {
		n = n*10 + int(item[i]-'0')
		i++
	}
	if i == 0 || i >= len(item) || item[i] != ' ' {
		return 0, item
	}
	return n, strings.TrimSpace(item[i+1:])
}

// classifySchedReason maps the scheduler's words to a code. The wordings are
// those of kube-scheduler's filter plugins from 1.20 to today, plus the
// pre-framework predicates some clusters still print:
//
//	NodeResourcesFit   "Insufficient cpu", "Insufficient nvidia.com/gpu", "Too many pods" ("Insufficient pods" before 1.18)
//	NodeVolumeLimits   "node(s) exceed max volume count"
//	NodePorts          "node(s) didn't have free ports for the requested pod ports"
//	VolumeBinding      "node(s) had volume node affinity conflict" (<1.22), "node(s) didn't match PersistentVolume's node affinity",
//	                   "node(s) didn't find available persistent volumes to bind", "node(s) did not have enough free storage",
//	                   "pod has unbound immediate PersistentVolumeClaims", `persistentvolumeclaim "x" not found`
//	VolumeZone         "node(s) had no available volume zone"
//	NodeAffinity       "node(s) didn't match node selector" (<1.21), "node(s) didn't match Pod's node affinity" (1.21),
//	                   "node(s) didn't match Pod's node affinity/selector", "node(s) didn't match scheduler-enforced node affinity"
//	TaintToleration    "node(s) had taints that the pod didn't tolerate" (<1.18), "node(s) had taint {k: v}, that the pod didn't tolerate",
//	                   "node(s) had untolerated taint {k: v}" (1.25), "node(s) had untolerated taint(s)"
//	NodeUnschedulable  "node(s) were unschedulable"
//	PodTopologySpread  "node(s) didn't match pod topology spread constraints" [" (missing required label)"]
//	InterPodAffinity   "node(s) didn't match pod affinity/anti-affinity" (<1.21), "node(s) didn't match pod affinity rules",
//	                   "node(s) didn't match pod anti-affinity rules", "node(s) didn't satisfy existing pods anti-affinity rules"
func classifySchedReason(t string) (code Reason, kind SchedKind, sub string) {
	switch {
	case strings.HasPrefix(t, "Insufficient "):
		return ReasonInsufficientResources, SchedFit, strings.TrimSpace(t[len("Insufficient "):])
	case strings.Contains(t, "Too many pods"):
		return ReasonInsufficientResources, SchedFit, "pods"
	case strings.Contains(t, "max volume count"):
		return ReasonInsufficientResources, SchedFit, "attachable-volumes"
	case strings.Contains(t, "free ports"):
		return ReasonHostPortConflict, SchedFit, ""
	case strings.Contains(t, "volume node affinity conflict"), strings.Contains(t, "PersistentVolume's node affinity"):
		return ReasonVolumeNodeAffinityConflict, SchedFit, "affinity"
	case strings.Contains(t, "available volume zone"):
		return ReasonVolumeNodeAffinityConflict, SchedFit, "zone"
	case strings.Contains(t, "persistent volumes to bind"):
		return ReasonPVCNotBound, SchedFit, "bind"
	case strings.Contains(t, "enough free storage"):
		return ReasonPVCNotBound, SchedFit, "storage"
	case strings.Contains(t, "bound to non-existent pv"):
		return ReasonPVCNotBound, SchedFit, "lost"
	case strings.Contains(t, "unbound immediate PersistentVolumeClaims"):
		return ReasonPVCNotBound, SchedPod, ""
	case strings.Contains(t, "persistentvolumeclaim \""), strings.Contains(t, "PersistentVolumeClaim \""),
		strings.Contains(t, "binding volumes"), strings.Contains(t, "ephemeral volume controller"),
		strings.Contains(t, "storage class \""), strings.Contains(t, "no class for claim"):
		return ReasonPVCNotBound, SchedPod, schedClaimQuoted(t)
	case strings.Contains(t, "no nodes available"):
		return ReasonNoNodesAvailable, SchedPod, ""
	case strings.Contains(t, "Pod's node affinity"), strings.Contains(t, "node selector"),
		strings.Contains(t, "scheduler-enforced node affinity"), strings.Contains(t, "MatchNodeSelector"):
		return ReasonNodeSelectorMismatch, SchedPlacement, ""
	case strings.Contains(t, "taint"), strings.Contains(t, "Taints"):
		return ReasonUntoleratedTaint, SchedPlacement, schedBraces(t)
	case strings.Contains(t, "unschedulable"):
		return ReasonNodeUnschedulable, SchedPlacement, ""
	case strings.Contains(t, "topology spread"):
		if strings.Contains(t, "missing required label") {
			return ReasonTopologySpreadUnsatisfied, SchedPlacement, "label"
		}
		return ReasonTopologySpreadUnsatisfied, SchedPlacement, ""
	case strings.Contains(t, "existing pods anti-affinity"):
		return ReasonPodAffinityUnsatisfied, SchedPlacement, "existing"
	case strings.Contains(t, "anti-affinity rules"):
		return ReasonPodAffinityUnsatisfied, SchedPlacement, "anti"
	case strings.Contains(t, "pod affinity/anti-affinity"): // <1.21, beside the specific reason
		return ReasonPodAffinityUnsatisfied, SchedPlacement, "either"
	case strings.Contains(t, "pod affinity"):
		return ReasonPodAffinityUnsatisfied, SchedPlacement, "affinity"
	case strings.Contains(t, "filtered out by the prefilter"), strings.Contains(t, "didn't satisfy plugin"):
		return "", SchedIgnore, ""
	}
	return "", SchedUnknown, ""
}

// schedClaimQuoted returns the claim name quoted after `persistentvolumeclaim`
// or `PVC`, "" when none.
func schedClaimQuoted(s string) string {
	for _, marker := range [...]string{"persistentvolumeclaim \"", "PersistentVolumeClaim \"", "PVC \"", "claim \""} {
		if i := strings.Index(s, marker); i >= 0 {
			return schedQuoted(s[i+len(marker)-1:])
		}
	}
	return ""
}

// schedQuoted returns the first "quoted" name in s, "" when none.
func schedQuoted(s string) string {
	i := strings.IndexByte(s, '"')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(s[i+1:], '"')
	if j < 0 {
		return ""
	}
	return s[i+1 : i+1+j]
}

// schedBraces returns what is between the first { and its }, "" when none.
func schedBraces(s string) string {
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], '}')
	if j < 0 {
		return ""
	}
	return s[i+1 : i+j]
}

// choose applies design.md's three rules for the primary cause.
func (s *Scheduling) choose(c *Context) {
	// Rule 1: a pod-level cause blocks every node alike.
	for _, code := range [...]Reason{ReasonPVCNotBound, ReasonNoNodesAvailable} {
		for _, sc := range s.Causes {
			if sc.Kind == SchedPod && sc.Code == code {
				s.Primary = code
				return
			}
		}
	}
	if s.Total == 0 {
		s.Primary = ReasonNoNodesAvailable
		return
	}
	// Rule 3: with the nodes at hand, check the pod's own node constraints.
	// The scheduler reports only the first filter a node failed, and taints and
	// cordons are checked before the selector, so the counts can hide that no
	// node matches at all — or that the matching nodes fail for another reason.
	skipSelector := false
	if len(c.In.Nodes) > 0 {
		k := c.schedNodeCounts()
		s.Cordoned, s.Tainted = k.cordoned, k.tainted
		if schedPodHasNodeConstraints(c.Pod) {
			s.Matching = k.matching
		}
		if s.Matching == 0 {
			s.Primary = ReasonNodeSelectorMismatch
			return
		}
		skipSelector = s.Matching > 0
	}
	s.Primary = s.rank(skipSelector)
	if s.Primary == "" && skipSelector {
		// Every reason left is the selector: the message predates a label
		// change. It is still the scheduler's last word.
		s.Primary = s.rank(false)
	}
}

// rank is design.md rule 2: fit outranks placement; within a rank the cause
// excluding the most nodes wins (a code's count is its largest reason: one
// node can fail "Insufficient cpu" and "Insufficient memory" at once); ties go
// by catalog order.
func (s *Scheduling) rank(skipSelector bool) Reason {
	var count [len(schedCodeOrder)]int
	var kind [len(schedCodeOrder)]SchedKind
	seen := false
	for _, sc := range s.Causes {
		if sc.Kind != SchedFit && sc.Kind != SchedPlacement {
			continue
		}
		if skipSelector && sc.Code == ReasonNodeSelectorMismatch {
			continue
		}
		i := schedCodeIndex(sc.Code)
		if i < 0 {
			continue
		}
		seen = true
		kind[i] = sc.Kind
		if n := max(sc.Nodes, 1); n > count[i] {
			count[i] = n
		}
	}
	if skipSelector {
		// The matching nodes are cordoned or tainted though the message (older
		// than the nodes, or hiding them behind the selector) does not say so.
		addDerived := func(code Reason, n int) {
			if i := schedCodeIndex(code); n > 0 && count[i] == 0 {
				count[i], kind[i], seen = n, SchedPlacement, true
			}
		}
		addDerived(ReasonNodeUnschedulable, s.Cordoned)
		addDerived(ReasonUntoleratedTaint, s.Tainted)
	}
	if !seen {
		return ""
	}
	best := -1
	for i := range schedCodeOrder {
		if count[i] == 0 {
			continue
		}
		if best < 0 || kind[i] > kind[best] || (kind[i] == kind[best] && count[i] > count[best]) {
			best = i
		}
	}
	return schedCodeOrder[best]
}

func schedCodeIndex(code Reason) int {
	for i, c := range schedCodeOrder {
		if c == code {
			return i
		}
	}
	return -1
}

// has reports whether a reason has the code.
func (s *Scheduling) has(code Reason) bool {
	for _, sc := range s.Causes {
		if sc.Code == code {
			return true
		}
	}
	return false
}

// first returns the first reason with the code.
func (s *Scheduling) first(code Reason) (SchedCause, bool) {
	for _, sc := range s.Causes {
		if sc.Code == code {
			return sc, true
		}
	}
	return SchedCause{}, false
}
