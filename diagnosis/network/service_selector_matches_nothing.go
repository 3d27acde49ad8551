package network

import (
	"slices"
	"strconv"

	"k8s.io/apimachinery/pkg/labels"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// checkSelectorMatchesNothing: the selector matches no pod of the
// namespace, so the Service has no endpoint at all (seed 002: "Service
// Selector 选择器没有正确匹配到 Pod"). Nothing records this — no event, no
// condition — so it is inferred from the pods' labels. The usual mistake is
// one label off ("app: webb" in the Deployment), so the label sets one key
// or value away are named.
func checkSelectorMatchesNothing(c *serviceContext) (verdict, bool) {
	if len(c.in.Pods) > 0 || c.in.LabelSets == nil {
		return verdict{}, false
	}
	near := nearestSets(c.svc.Spec.Selector, c.in.LabelSets)
	ev := []string{
		"spec.selector: " + c.selector,
		"no pod in namespace " + c.svc.Namespace + " has these labels (" + strconv.Itoa(len(c.in.LabelSets)) + " distinct label set(s))",
	}
	descs := make([]string, 0, len(near))
	for _, n := range near {
		descs = appendOnce(descs, n.describe(c.opts.Lang))
		if len(ev) < 2+maxListed {
			ev = append(ev, "pod labels "+labels.Set(n.set).String()+": "+n.describe(diagnosis.LangEN))
		}
	}
	ev = append(ev, c.slicesEvidence()...)
	return verdict{
		finding: diagnosis.Finding{
			Vars:     diagnosis.Vars{"selector": c.selector, "nearest": c.nearestPhrase(descs)},
			Evidence: ev,
		},
		due: c.graceEnd,
	}, true
}

// nearestPhrase says which label sets come closest, or that none does.
func (c *serviceContext) nearestPhrase(descs []string) string {
	switch {
	case len(c.in.LabelSets) == 0:
		return c.say(phrase.SelectorNoPods)
	case len(descs) == 0:
		return c.say(phrase.SelectorNoneNear, "n", strconv.Itoa(len(c.in.LabelSets)))
	}
	return c.say(phrase.SelectorNearest, "diffs", joinCapped(descs))
}

// nearSet is a label set one key or value away from the selector.
type nearSet struct {
	set      map[string]string
	key      string
	got      string
	hasKey   bool
	selValue string
}

// describe renders the difference: "app=webb instead of app=web", "missing tier".
func (n nearSet) describe(lang diagnosis.Lang) string {
	if !n.hasKey {
		return diagnosis.Say(lang, phrase.LabelMissing, "key", n.key)
	}
	return diagnosis.Say(lang, phrase.LabelOtherValue, "got", n.key+"="+n.got, "want", n.key+"="+n.selValue)
}

// nearestSets are the label sets that differ from the selector in exactly
// one of its keys (absent, or another value), in input order.
func nearestSets(sel map[string]string, sets []map[string]string) []nearSet {
	keys := make([]string, 0, len(sel))
	for k := range sel {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []nearSet
	for _, set := range sets {
		var diff nearSet
		n := 0
		for _, k := range keys {
			v, ok := set[k]
			if ok && v == sel[k] {
				continue
			}
			n++
			diff = nearSet{set: set, key: k, got: v, hasKey: ok, selValue: sel[k]}
		}
		if n == 1 {
			out = append(out, diff)
		}
	}
	return out
}
