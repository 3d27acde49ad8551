package diagnosis

import (
	"fmt"
	"time"

	"github.com/pod-doctor/pod-doctor/internal/sanitize"
)

// Diagnose returns the verdict on one pod. A panic in a rule is a bug, but it
// must not take the controller or the CLI down: it becomes an Unclassified
// diagnosis whose evidence names the failure.
func Diagnose(in Input, opts Options) (res Result) {
	if in.Pod == nil {
		return Result{}
	}
	defer func() {
		if r := recover(); r != nil {
			c := newContext(in, opts)
			f := Finding{Vars: Vars{"reason": "EngineError", "message": fmt.Sprint(r)}}
			res = Result{Diagnosis: c.render(ReasonUnclassified, f, symptom{Since: in.Now})}
		}
	}()
	return diagnose(in, opts)
}

// diagnose is Diagnose without the safety net, so the fuzz test sees panics.
func diagnose(in Input, opts Options) Result {
	c := newContext(in, opts)
	v := c.assess()
	if !v.abnormal {
		return Result{RecheckAt: v.recheck}
	}
	res := Result{RecheckAt: v.symptom.Until}
	for _, r := range registry {
		if f, ok := r.Check(c); ok {
			res.Diagnosis = c.render(r.Reason, f, v.symptom)
			return res
		}
	}
	res.Diagnosis = c.render(ReasonUnclassified, c.unclassified(v.symptom), v.symptom)
	return res
}

// unclassified keeps the raw facts: never silence.
func (c *Context) unclassified(s symptom) Finding {
	f := Finding{Container: s.Container, Init: s.Init, Since: s.Since,
		Vars: Vars{"reason": s.Reason, "message": orDefault(oneLine(s.Message), "no message")}}
	f.Evidence = append(f.Evidence, c.symptomEvidence(s))
	if x, ok := c.Container(s.Container, s.Init); ok && s.Container != "" {
		if t := x.RecentTermination(); t != nil {
			f.Evidence = append(f.Evidence, TerminatedEvidence(x, "last state", t))
		}
	}
	if e, ok := c.newestEvent(); ok {
		f.Evidence = append(f.Evidence, EventEvidence(e))
	}
	return f
}

// symptomEvidence states what the gate saw, in the words of the API.
func (c *Context) symptomEvidence(s symptom) string {
	who := "pod (phase " + string(c.Pod.Status.Phase) + ")"
	if x, ok := c.Container(s.Container, s.Init); ok && s.Container != "" {
		who = containerLabel(x)
	}
	line := who + ": " + s.Reason
	if s.Message != "" {
		line += ": " + oneLine(s.Message)
	}
	return line
}

// newestEvent prefers the newest Warning; a Normal event is better than none.
func (c *Context) newestEvent() (Event, bool) {
	for _, e := range c.Events {
		if e.Type == "Warning" {
			return e, true
		}
	}
	if len(c.Events) > 0 {
		return c.Events[0], true
	}
	return Event{}, false
}

// previousFlag is kubectl logs' --previous when the run that failed is an
// earlier one (the container restarted); "" when it is the current,
// terminated run — a Job's pod under restartPolicy Never, where
// --previous fails with "previous terminated container ... not found".
func (c *Context) previousFlag(container string, init bool) string {
	x, ok := c.Container(container, init)
	if ok && x.Terminated() != nil && x.Status.RestartCount == 0 {
		return ""
	}
	return " --previous"
}

// render turns a pod finding into the public Diagnosis using the catalog's
// texts; renderEntry does the rendering and the sanitizing.
func (c *Context) render(reason Reason, f Finding, s symptom) *Diagnosis {
	e := catalogIndex[reason]
	lookup := func(name string) (string, bool) {
		if v, ok := f.Vars[name]; ok {
			return v, true
		}
		switch name {
		case "ns":
			return c.Pod.Namespace, true
		case "pod":
			return c.Pod.Name, true
		case "container":
			return f.Container, true
		case "node":
			return c.Pod.Spec.NodeName, true
		case "previous":
			return c.previousFlag(f.Container, f.Init), true
		}
		return "", false
	}
	return renderEntry(e, reason, f, lookup, renderFacts{lang: c.Opts.Lang, ns: c.Pod.Namespace,
		since: firstTime(f.Since, s.Since, c.createdAt()), hints: e.Hints})
}

// renderFacts are what a rendering needs besides the entry, the finding and
// the template facts: the language, the namespace (for incident keys), the
// time the cause began and the hints to render.
type renderFacts struct {
	lang  Lang
	ns    string
	since time.Time
	hints []Text
}

// renderEntry turns a finding into the public Diagnosis with the entry's
// texts: the one rendering of pods and objects beyond pods alike. Every text
// is sanitized here, once: whatever a Diagnosis carries is safe for a
// terminal, an annotation and an Event. lookup is a parameter of its own,
// not a field of r: the hints' strings flow into the result, and a closure
// beside them in one struct would escape to the heap with them.
func renderEntry(e *Entry, reason Reason, f Finding, lookup func(string) (string, bool), r renderFacts) *Diagnosis {
	d := &Diagnosis{
		Reason: reason, Category: e.Category, Severity: e.Severity,
		Container: sanitize.Text(f.Container), Init: f.Init,
		Summary:  sanitize.Text(oneLine(expand(e.Summary.In(r.lang), lookup))),
		Evidence: sanitize.Strings(f.Evidence),
		Hints:    make([]string, 0, len(r.hints)),
		Since:    r.since.UTC().Truncate(time.Second),
	}
	if f.Severity != "" {
		d.Severity = f.Severity
	}
	for _, h := range r.hints {
		d.Hints = append(d.Hints, sanitize.Text(expand(h.In(r.lang), lookup)))
	}
	d.Incident = sanitize.Text(incident(reason, r.ns, lookup))
	return d
}
