package workload

import (
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// context holds the views every rule reads, computed once per object.
type context struct {
	in   Input
	opts diagnosis.Options
	obj  diagnosis.Object
	v    view
	// events about the object, newest first.
	events []diagnosis.Event
	// failure is the current creation failure, once looked for.
	failure       *creationFailure
	failureLooked bool
	// recheck is the earliest moment a grace period running now ends.
	recheck time.Time
}

func newContext(in Input, opts diagnosis.Options) (*context, bool) {
	if in.Object == nil {
		return nil, false
	}
	v, ok := viewOf(in.Object)
	if !ok {
		return nil, false
	}
	c := &context{in: in, opts: opts, v: v, events: diagnosis.NormalizeEvents(in.Events)}
	c.obj = diagnosis.Object{Kind: v.kind, Namespace: in.Object.GetNamespace(), Name: in.Object.GetName(),
		Created: in.Object.GetCreationTimestamp().Time}
	return c, true
}

// due reports whether a cause seen since start has lasted the grace
// period; when not yet, it remembers when it will have.
func (c *context) due(start time.Time) bool {
	end := start.Add(c.opts.GracePeriod)
	if !c.in.Now.Before(end) {
		return true
	}
	if c.recheck.IsZero() || end.Before(c.recheck) {
		c.recheck = end
	}
	return false
}

// say renders one of the package's phrases in the diagnosis language.
func (c *context) say(t diagnosis.Text, kv ...string) string {
	return diagnosis.Say(c.opts.Lang, t, kv...)
}

// newestEvent is the time of the newest event about the object, zero
// when there is none.
func (c *context) newestEvent() time.Time {
	if len(c.events) == 0 {
		return time.Time{}
	}
	return c.events[0].Last
}

// newestPod is the creation time of the newest pod, zero without pods.
func (c *context) newestPod() time.Time {
	var t time.Time
	for _, p := range c.in.Pods {
		if p.Created.After(t) {
			t = p.Created
		}
	}
	return t
}

// latest returns the latest of ts.
func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
