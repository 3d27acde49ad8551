package namespace

import (
	"strings"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// namespaceStuckTerminating names what holds a namespace whose deletion is
// older than the grace period. The namespace controller deletes content in
// seconds to minutes, so past the grace period something blocks it. A
// finalizer is removed only by the controller that set it: still there
// past the grace period, that controller is taken as gone and the
// diagnosis is Critical; other causes (an APIService down, content still
// being deleted) can clear by themselves and are a Warning.
func namespaceStuckTerminating(v *view) (diagnosis.Finding, bool) {
	ns := v.in.Namespace
	since := ns.DeletionTimestamp.Time
	texts := make([]string, 0, len(v.found))
	sev := diagnosis.SeverityWarning
	for _, c := range v.found {
		texts = append(texts, c.text)
		if c.finalizer {
			sev = diagnosis.SeverityCritical
		}
	}
	f := diagnosis.Finding{
		Vars: diagnosis.Vars{"age": diagnosis.Age(v.in.Now.Sub(since)), "held": strings.Join(texts, diagnosis.Say(v.opts.Lang, phrase.Sep)),
			"specFinalizers": jqList(v.specOthers)},
		Evidence: v.evidence(),
		Since:    since,
		Severity: sev,
	}
	return f, true
}

// evidence states the deletion, the True conditions and the finalizers.
func (v *view) evidence() []string {
	ns := v.in.Namespace
	out := []string{"deletionTimestamp " + ns.DeletionTimestamp.UTC().Format(time.RFC3339) + ", status.phase " + string(ns.Status.Phase)}
	for _, c := range v.held {
		out = append(out, "condition "+string(c.Type)+"=True ("+c.Reason+"): "+diagnosis.OneLine(c.Message))
	}
	if len(ns.Spec.Finalizers) > 0 {
		names := make([]string, 0, len(ns.Spec.Finalizers))
		for _, f := range ns.Spec.Finalizers {
			names = append(names, string(f))
		}
		out = append(out, "spec.finalizers: "+strings.Join(names, ", "))
	}
	if len(v.meta) > 0 {
		out = append(out, "metadata.finalizers: "+strings.Join(v.meta, ", "))
	}
	return out
}

// jqList writes finalizers as a jq array for the finalize hint's command.
func jqList(names []string) string {
	if len(names) == 0 {
		return `["<finalizer>"]`
	}
	return `["` + strings.Join(names, `", "`) + `"]`
}
