package diagnosis

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// PodVerdict is one pod of an object beyond pods with the pod engine's
// verdict on it: the input of a roll-up.
type PodVerdict struct {
	Name    string
	Created time.Time
	// Ready is the pod's Ready condition.
	Ready bool
	// Diagnosis is nil for a healthy pod.
	Diagnosis *Diagnosis
}

// maxRollupPods is how many pods a rolled-up diagnosis names in its evidence.
const maxRollupPods = 5

// Dominant is the cause an object carries from its pods (design.md, "One
// vocabulary of causes"): the code shared by most diagnosed pods — ties go
// to the higher severity, then to catalog order — with the pods' own code.
// The summary is "N of M pods: <summary of the newest such pod>", the
// evidence names up to five of them (newest first) and then the newest
// one's own evidence; its hints are the newest pod's, Since the earliest.
// nil when no pod is diagnosed.
func Dominant(pods []PodVerdict, lang Lang) *Diagnosis {
	reason, ok := dominantReason(pods)
	if !ok {
		return nil
	}
	var same []PodVerdict
	for _, p := range pods {
		if p.Diagnosis != nil && p.Diagnosis.Reason == reason {
			same = append(same, p)
		}
	}
	slices.SortStableFunc(same, func(a, b PodVerdict) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	newest := same[0].Diagnosis
	d := *newest
	d.Summary = sayIn(lang, phrase.RollupPods, "n", strconv.Itoa(len(same)), "m", strconv.Itoa(len(pods)), "summary", newest.Summary)
	d.Evidence = make([]string, 0, maxRollupPods+len(newest.Evidence))
	for i, p := range same {
		if i == maxRollupPods {
			break
		}
		d.Evidence = append(d.Evidence, "pod "+p.Name+": "+string(p.Diagnosis.Reason)+": "+p.Diagnosis.Summary)
	}
	d.Evidence = append(d.Evidence, newest.Evidence...)
	d.Hints = slices.Clone(newest.Hints)
	for _, p := range same {
		d.Since = firstTime(d.Since, p.Diagnosis.Since)
	}
	return &d
}

// dominantReason picks the code of the roll-up: most pods, then the
// higher severity, then catalog order.
func dominantReason(pods []PodVerdict) (Reason, bool) {
	type tally struct {
		n   int
		sev int // best severity rank seen
	}
	count := map[Reason]*tally{}
	for _, p := range pods {
		if p.Diagnosis == nil {
			continue
		}
		t := count[p.Diagnosis.Reason]
		if t == nil {
			t = &tally{sev: severityRank(SeverityInfo)}
			count[p.Diagnosis.Reason] = t
		}
		t.n++
		t.sev = min(t.sev, severityRank(p.Diagnosis.Severity))
	}
	var best Reason
	for r, t := range count {
		b := count[best]
		if b == nil || t.n > b.n || (t.n == b.n && (t.sev < b.sev || (t.sev == b.sev && catalogRank(r) < catalogRank(best)))) {
			best = r
		}
	}
	return best, best != ""
}

func severityRank(s Severity) int {
	switch s {
	case SeverityCritical:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// catalogRanks is each code's position in the catalog.
var catalogRanks = func() map[Reason]int {
	out := map[Reason]int{}
	for i, e := range Catalog() {
		out[e.Reason] = i
	}
	return out
}()

func catalogRank(r Reason) int {
	if i, ok := catalogRanks[r]; ok {
		return i
	}
	return len(catalogRanks)
}

// FromChild is the cause an object carries from another object's diagnosis:
// a Deployment from its newest ReplicaSet, a CronJob from its newest Job, an
// Ingress from a backend Service. The code, summary and hints are the
// child's; the evidence starts with the child it came from.
func FromChild(child Object, d *Diagnosis) *Diagnosis {
	if d == nil {
		return nil
	}
	out := *d
	out.Evidence = append([]string{child.Resource() + " " + child.Name + ": " + string(d.Reason) + ": " + d.Summary}, d.Evidence...)
	out.Hints = slices.Clone(d.Hints)
	return &out
}
