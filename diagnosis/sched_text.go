package diagnosis

import (
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Texts shared by the scheduling rules: the per-reason breakdown, the
// evidence lines, what the automatic taints mean (their wording is data, in
// catalog_phrases.go). Rules build these only once they match, so the
// allocations here never hit a pod they do not describe.

// breakdown keeps the scheduler's full count, most nodes first:
// "0/4 nodes: 3 Insufficient memory, 2 Insufficient cpu, 1 volume zone".
func (s *Scheduling) breakdown(lang Lang) string {
	var sorted [len(Scheduling{}.buf)]SchedCause
	n := copy(sorted[:], s.Causes)
	for i := 1; i < n; i++ { // stable insertion sort, most nodes first
		for j := i; j > 0 && sorted[j].Nodes > sorted[j-1].Nodes; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	var b strings.Builder
	if s.Total >= 0 {
		sayTo(&b, lang, phrase.BreakdownNodes, "total", strconv.Itoa(s.Total))
	}
	sep := phrase.BreakdownSep.In(lang)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		sc := sorted[i]
		label := schedLabel(sc, lang)
		if sc.Nodes == 0 {
			b.WriteString(label)
			continue
		}
		count := phrase.BreakdownCount
		if label != "" && label[0] < 0x80 {
			count = phrase.BreakdownCountLatin
		}
		sayTo(&b, lang, count, "nodes", strconv.Itoa(sc.Nodes), "label", label)
	}
	if n == 0 {
		b.WriteString(Truncate(oneLine(s.Message), 160))
	}
	return b.String()
}

// schedLabel is a reason's short name in the breakdown.
func schedLabel(sc SchedCause, lang Lang) string {
	var t Text
	switch sc.Code {
	case ReasonInsufficientResources:
		shortage, ok := schedShortageLabels[sc.Sub]
		if !ok {
			shortage = phrase.LabelShortage
		}
		return sayIn(lang, shortage, "quote", sc.Text, "resource", sc.Sub)
	case ReasonHostPortConflict:
		t = phrase.LabelHostPort
	case ReasonVolumeNodeAffinityConflict:
		t = phrase.LabelVolumeAffinity
		if sc.Sub == "zone" {
			t = phrase.LabelVolumeZone
		}
	case ReasonPVCNotBound:
		switch sc.Sub {
		case "bind":
			t = phrase.LabelNoPVToBind
		case "storage":
			t = phrase.LabelNoStorage
		case "lost":
			t = phrase.LabelMissingPV
		default:
			return Truncate(sc.Text, 120)
		}
	case ReasonNoNodesAvailable:
		t = phrase.LabelNoNodes
	case ReasonNodeSelectorMismatch:
		t = phrase.LabelSelector
	case ReasonUntoleratedTaint:
		taints := schedTaintsFromBraces(sc.Sub)
		if taints != "" {
			return sayIn(lang, phrase.LabelTaintNamed, "taints", taints)
		}
		t = phrase.LabelTaint
	case ReasonNodeUnschedulable:
		t = phrase.LabelCordoned
	case ReasonTopologySpreadUnsatisfied:
		t = phrase.LabelSpread
		if sc.Sub == "label" {
			t = phrase.LabelSpreadLabelMissing
		}
	case ReasonPodAffinityUnsatisfied:
		switch sc.Sub {
		case "existing":
			t = phrase.LabelExistingAnti
		case "anti":
			t = phrase.LabelAntiAffinity
		case "either":
			t = phrase.LabelAffinityEither
		default:
			t = phrase.LabelAffinity
		}
	default:
		if sc.Kind != SchedIgnore {
			return Truncate(sc.Text, 120)
		}
		t = phrase.LabelPrefilter
	}
	return t.In(lang)
}

// schedTaintsFromBraces turns the scheduler's "{key: value}" (or a list
// "k1: v1, k2: v2") into kubectl's "key=value" notation.
func schedTaintsFromBraces(sub string) string {
	sub = strings.TrimSpace(sub)
	if sub == "" {
		return ""
	}
	var b strings.Builder
	for _, kv := range strings.Split(sub, ", ") {
		k, v, _ := strings.Cut(kv, ":")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		if v != "" {
			b.WriteByte('=')
			b.WriteString(v)
		}
	}
	return b.String()
}

// schedTaintInfo looks a taint key up in schedWellKnownTaints.
func schedTaintInfo(key string) (schedTaintMeaning, bool) {
	for _, m := range schedWellKnownTaints {
		if m.key == key {
			return m, true
		}
	}
	return schedTaintMeaning{}, false
}

// schedConditionEvidence renders the PodScheduled condition as evidence.
func (c *Context) schedConditionEvidence() (string, bool) {
	cond, ok := c.Condition(corev1.PodScheduled)
	if !ok {
		return "", false
	}
	s := "condition PodScheduled=" + string(cond.Status)
	if cond.Reason != "" {
		s += " (" + cond.Reason + ")"
	}
	if cond.Message != "" {
		s += ": " + Truncate(oneLine(cond.Message), 400)
	}
	return s, true
}

// schedEvidence is the scheduler's verdict as the person saw it: the
// condition, then the newest FailedScheduling event.
func (c *Context) schedEvidence(s *Scheduling) []string {
	ev := make([]string, 0, 4)
	if s.FromCondition {
		if line, ok := c.schedConditionEvidence(); ok {
			ev = append(ev, line)
		}
	}
	if s.HasEvent {
		ev = append(ev, EventEvidence(s.Event))
	}
	return ev
}

// schedSince is when the pod was first seen unschedulable.
func (c *Context) schedSince(s *Scheduling) time.Time {
	var t time.Time
	if cond, ok := c.Condition(corev1.PodScheduled); ok {
		t = cond.LastTransitionTime.Time
	}
	if s.HasEvent && !s.Event.First.IsZero() && (t.IsZero() || s.Event.First.Before(t)) {
		t = s.Event.First
	}
	return t
}
