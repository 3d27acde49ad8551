package workload

import (
	"slices"
	"strings"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// creationFailure is a controller's current failure to create pods (or a
// CronJob's to create Jobs): the error text, since when, and the facts
// it rests on.
type creationFailure struct {
	// err is the API server's error with the controllers' wrapping removed
	// (`Error creating: `, `pods "x" is forbidden: `, ...): what the
	// admission rules parse.
	err      string
	since    time.Time
	evidence []string
}

// Event reasons of the controllers' pod control (pkg/controller
// controller_utils.go, statefulset stateful_pod_control.go, cronjob).
const (
	eventFailedCreate     = "FailedCreate"
	eventSuccessfulCreate = "SuccessfulCreate"
)

// creation finds the current creation failure, nil when there is none.
// A failure counts even while old pods keep the workload available (a
// surge pod refused by a quota): the rollout cannot finish.
func (c *context) creation() *creationFailure {
	if c.failureLooked {
		return c.failure
	}
	c.failureLooked = true
	ev, evOK := c.failedCreateEvent()
	cnd := c.v.replicaFailure
	if cnd != nil && cnd.reason != reasonFailedCreate {
		cnd = nil // FailedDelete: too many pods, not a creation failure
	}
	if cnd == nil {
		cnd = c.v.rsCreateError
	}
	switch {
	case cnd != nil:
		f := &creationFailure{err: cnd.message, since: cnd.since,
			evidence: []string{"condition " + cnd.typ + "=" + cnd.status + " (" + cnd.reason + "): " + diagnosis.OneLine(cnd.message)}}
		if evOK {
			// The condition keeps the first error; the newest event the current one.
			f.err = ev.err
			f.evidence = append(f.evidence, ev.evidence...)
		}
		c.failure = f
	case evOK:
		c.failure = &ev
	}
	if c.failure != nil {
		c.failure.err = coreError(c.failure.err)
	}
	return c.failure
}

// failedCreateEvent is the newest FailedCreate event when it is newer
// than every SuccessfulCreate: the controller's latest attempt failed.
// Since is when this run of failures began.
func (c *context) failedCreateEvent() (creationFailure, bool) {
	var success time.Time
	for _, e := range c.events {
		if e.Reason == eventSuccessfulCreate && e.Last.After(success) {
			success = e.Last
		}
	}
	var newest *diagnosis.Event
	since := time.Time{}
	for i := range c.events {
		e := &c.events[i]
		if e.Reason != eventFailedCreate || !e.Last.After(success) {
			continue
		}
		if newest == nil {
			newest = e
		}
		if since.IsZero() || e.First.Before(since) {
			since = e.First
		}
	}
	if newest == nil {
		return creationFailure{}, false
	}
	return creationFailure{err: newest.Message, since: latest(since, success),
		evidence: []string{diagnosis.EventEvidence(*newest)}}, true
}

// Wrappings around the API server's error, outermost first: the event
// recorder's aggregation of similar events (client-go tools/record
// events_cache.go); the controllers' own — RealPodControl "Error creating:
// %v", CronJob "Error creating job: %v", StatefulSet "Create Pod web-0 in
// StatefulSet web failed error: %s" and "Create Claim data-web-0 for Pod
// web-0 in StatefulSet web failed error: %s" (older releases print the
// verb lower-case: "create Pod ...") —; then the API server's
// apierrors.NewForbidden `pods "x" is forbidden: ` (the name may be a
// generateName prefix) or NewInternalError `Internal error occurred: `.
// Plain string tests: this runs on every workload with a creation failure.
var (
	combinedPrefix   = "(combined from similar events): "
	creatingPrefixes = []string{"Error creating: ", "Error creating job: "}
	statefulSetWrap  = " failed error: "
	internalPrefix   = "Internal error occurred: "
	forbiddenInfix   = `" is forbidden: `
)

// coreError strips the wrappings so the admission plugin's own text starts
// the string.
func coreError(msg string) string {
	msg = strings.TrimPrefix(diagnosis.OneLine(strings.TrimSpace(msg)), combinedPrefix)
	msg = stripController(msg)
	if rest, ok := strings.CutPrefix(msg, internalPrefix); ok {
		return rest
	}
	if i := strings.Index(msg, forbiddenInfix); i > 0 && isResourceName(msg[:strings.IndexByte(msg, '"')]) {
		return msg[i+len(forbiddenInfix):]
	}
	return msg
}

func stripController(msg string) string {
	for _, p := range creatingPrefixes {
		if rest, ok := strings.CutPrefix(msg, p); ok {
			return rest
		}
	}
	if strings.HasPrefix(msg, "Create ") || strings.HasPrefix(msg, "create ") {
		if i := strings.Index(msg, statefulSetWrap); i > 0 && strings.Contains(msg[:i], " in StatefulSet ") {
			return msg[i+len(statefulSetWrap):]
		}
	}
	return msg
}

// isResourceName: "pods ", "jobs.batch ", "persistentvolumeclaims " — a
// qualified resource and the space before the quoted name.
func isResourceName(s string) bool {
	if len(s) < 2 || s[len(s)-1] != ' ' {
		return false
	}
	for _, r := range s[:len(s)-1] {
		if (r < 'a' || r > 'z') && r != '.' {
			return false
		}
	}
	return true
}

// admission is the shared body of the admission rules: the current
// creation failure, once past the grace period, parsed by parse.
func (c *context) admission(parse func(c *context, err string) (diagnosis.Finding, bool)) (diagnosis.Finding, bool) {
	f := c.creation()
	if f == nil || !c.due(f.since) {
		return diagnosis.Finding{}, false
	}
	out, ok := parse(c, f.err)
	if !ok {
		return diagnosis.Finding{}, false
	}
	out.Since = f.since
	created := phrase.CreatedPods
	if c.v.kind == "CronJob" {
		created = phrase.CreatedJobs // its own FailedCreate: "Error creating job: ..."
	}
	if out.Vars == nil {
		out.Vars = diagnosis.Vars{}
	}
	out.Vars["created"] = c.say(created)
	out.Evidence = append(append(slices.Clone(f.evidence), out.Evidence...), c.statusEvidence()...)
	return out, true
}

// statusEvidence is the workload's pod counts as its status reports them.
func (c *context) statusEvidence() []string {
	switch {
	case c.v.kind == "Deployment" || c.v.counts:
		return []string{"status: available " + itoa(c.v.available) + " of " + itoa(c.v.desired) + " desired"}
	case c.v.job != nil:
		st := c.v.job.Status
		return []string{"status: active " + itoa(st.Active) + ", succeeded " + itoa(st.Succeeded) + ", failed " + itoa(st.Failed)}
	}
	return nil
}
