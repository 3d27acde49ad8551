package controllers

import (
	"maps"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Timing of the write path. All of it is decided here, in decide.
const (
	// refreshInterval bounds how often the annotations of an unchanged cause
	// (same reason and container) are rewritten for facts that merely moved:
	// a restart count, an age. A crashlooping pod costs at most one write per
	// interval; every pod watcher in the cluster sees each write.
	refreshInterval = 10 * time.Minute
	// unclassifiedSettle is how long a new Unclassified verdict must persist
	// before it is written. The kubelet writes a container's status and the
	// event that explains it separately, in either order; the explaining
	// event usually lands within milliseconds and turns the verdict into a
	// real code. Without the wait users would get a Diagnosed Unclassified
	// event immediately followed by the real one.
	unclassifiedSettle = 2 * time.Second
	// minRecheck guards against a RecheckAt that is already past (clock
	// skew between the engine's inputs and now) turning into a hot loop.
	minRecheck = 100 * time.Millisecond
)

// eventRetries are the waits before the second and third attempt to create
// an event the API refused for a reason that may pass (429, quota, a
// flaky webhook). After the last attempt the event is dropped and counted:
// the annotation, written first, already records the diagnosis.
var eventRetries = []time.Duration{time.Second, 5 * time.Second}

// facts are everything decide looks at for one pod.
type facts struct {
	// cached are our annotations on the cached pod, cachedRV its resourceVersion.
	cached   map[string]string
	cachedRV string
	result   diagnosis.Result
	ignored  bool // the pod or its namespace opted out
	deleting bool // deletion requested
	// unannounced: memory is empty (a new replica) and the cached
	// annotation's cause has no Diagnosed event although it is recent: the
	// previous replica died between its patch and its event.
	unannounced bool
	mem         memory
	now         time.Time
	// mirror, when not nil, is what the object must carry instead of a
	// verdict of its own: a Deployment's newest ReplicaSet carries the
	// Deployment's annotations (see ObjectReconciler.mirror).
	mirror map[string]string
}

// plan is what to write for one pod; apply carries it out.
type plan struct {
	// desired are the annotations the pod should carry after the patch;
	// patch is the merge patch from the current ones, nil for no write.
	desired map[string]string
	patch   []byte
	// event is created after the patch succeeded (or on its own: a retry).
	event *eventPlan
	// requeue is when to look at the pod again if every write succeeds;
	// eventRetry replaces it when the event fails for a reason that may
	// pass (zero: the failed event is dropped).
	requeue    time.Duration
	eventRetry time.Duration
	// mem is the memory once the writes succeeded.
	mem memory
	// departing: the pod is on its way out within its grace period; it
	// keeps its annotations but no longer counts as diagnosed.
	departing bool
	// mirrored: the object carries another object's annotations; it is
	// not counted as diagnosed and nothing is announced about it.
	mirrored bool
	// incident is the bounded incident key (a node, a registry) of the
	// cause the object carries after the plan, "" for none (see
	// diagnosis.IncidentKey): it labels pod_doctor_incident_pods.
	incident string
}

// decider turns facts into a plan. It is pure: no I/O, no clock.
type decider struct {
	keys   Keys
	dryRun bool
}

// decide is the whole write policy of design.md's annotation and event
// contracts: what changes, which event announces it, and when to look again.
func (d decider) decide(f facts) plan {
	p := plan{mem: f.mem}
	cur := d.current(f, &p.mem)
	p.desired = cur
	switch {
	case f.ignored:
		// Opted out: drop our annotations, if any, without a Recovered event.
		p.mem = memory{uid: f.mem.uid}
		d.write(&p, f, cur, map[string]string{})
		return p
	case f.mirror != nil:
		// Another object's verdict, copied quietly: its own events announce it.
		p.mem, p.mirrored = memory{uid: f.mem.uid}, true
		d.write(&p, f, cur, f.mirror)
		return p
	case f.result.Diagnosis == nil && f.deleting:
		// A pod on its way out within its grace period is neither stuck nor
		// recovered: leave its annotations, announce nothing.
		p.departing = true
		return d.keep(p, f, cur)
	}
	if wait := p.mem.settle(f.result.Diagnosis, d.keys.Identity(cur), f.now); wait > 0 {
		p.requeue = wait
		return p
	}
	desired := d.keys.Desired(f.result.Diagnosis, cur, f.now)
	if f.unannounced && d.keys.Identity(cur) == d.keys.Identity(desired) {
		d.announceRecorded(&p, f, cur)
	}
	switch {
	case d.keys.Identity(cur) != d.keys.Identity(desired):
		d.transition(&p, f, cur, desired)
	case maps.Equal(cur, desired):
		p = d.keep(p, f, cur)
		p.incident = boundedIncident(f.result.Diagnosis, d.keys.Identity(cur))
		return p
	case onlyVolatile(d.keys, cur, desired):
		d.refresh(&p, f, cur, desired)
	default:
		d.write(&p, f, cur, desired)
	}
	p.requeue = earliest(p.requeue, recheck(f.result.RecheckAt, f.now))
	p.incident = boundedIncident(f.result.Diagnosis, d.keys.Identity(p.desired))
	return p
}

// boundedIncident is d's incident when d is the cause written (identity)
// and its key has few values in any cluster: a metric label must not grow
// with the objects.
func boundedIncident(d *diagnosis.Diagnosis, identity string) string {
	if d == nil || identity == "" || identityOf(d) != identity {
		return ""
	}
	if k, ok := diagnosis.IncidentKeyOf(d.Reason); ok && k.Bounded {
		return d.Incident
	}
	return ""
}

// current is what the pod carries as far as we know: the cache, unless the
// cache still shows the version our last patch was computed from (or this
// is a dry run, where nothing reaches the pod). resourceVersions are opaque:
// they are only compared for equality. It updates m for what it learnt.
func (d decider) current(f facts, m *memory) map[string]string {
	cur := f.cached
	switch {
	case m.written != nil && (d.dryRun || f.cachedRV == m.basedOn):
		cur = m.written
	case m.written != nil:
		if maps.Equal(m.written, f.cached) {
			// The cache shows our write: no older version can come back.
			m.announced = ""
		}
		m.written, m.basedOn = nil, ""
	}
	if m.pending != nil && m.pending.identity != d.keys.Identity(cur) {
		// The pod moved on since the refused event: it is stale.
		m.pending = nil
	}
	return cur
}

// transition writes a new cause (or its absence) and announces it.
func (d decider) transition(p *plan, f facts, cur, desired map[string]string) {
	d.write(p, f, cur, desired)
	p.mem.pending = nil
	ev := d.announcement(f, cur, desired)
	if ev.key == f.mem.announced {
		// Already announced: the cache showed a version from before our own
		// write (another writer's update landed in between).
		return
	}
	ev.attempt = 1
	p.event, p.eventRetry = ev, eventRetries[0]
	p.mem.announced = ev.key
}

// announceRecorded plans the Diagnosed event a dead predecessor recorded in
// the annotations but never created. Nothing is patched for it, and the
// counters do not move: the diagnosis was recorded before.
func (d decider) announceRecorded(p *plan, f facts, recorded map[string]string) {
	ev := d.announcement(f, nil, recorded)
	ev.attempt = 1
	p.event, p.eventRetry = ev, eventRetries[0]
	p.mem.announced = ev.key
}

// refresh rewrites moved facts of an unchanged cause at most once per
// refreshInterval. Unknown (after a restart) counts as written now, so a
// restarted controller does not rewrite every diagnosed pod at once.
func (d decider) refresh(p *plan, f facts, cur, desired map[string]string) {
	if p.mem.refreshed.IsZero() {
		p.mem.refreshed = f.now
	}
	if due := p.mem.refreshed.Add(refreshInterval); f.now.Before(due) {
		p.requeue = due.Sub(f.now)
		return
	}
	d.write(p, f, cur, desired)
}

// keep writes nothing new; it retries an event the API refused earlier.
func (d decider) keep(p plan, f facts, cur map[string]string) plan {
	if d.keys.Identity(cur) != "" && p.mem.refreshed.IsZero() {
		p.mem.refreshed = f.now
	}
	p.requeue = recheck(f.result.RecheckAt, f.now)
	ev := p.mem.pending
	if ev == nil {
		return p
	}
	if wait := ev.at.Sub(f.now); wait > 0 {
		p.requeue = earliest(p.requeue, wait)
		return p
	}
	p.mem.pending = nil
	retry := *ev
	retry.attempt++
	p.event = &retry
	if retry.attempt <= len(eventRetries) {
		p.eventRetry = eventRetries[retry.attempt-1]
	}
	return p
}

// write patches cur into desired, remembering what the patch leaves.
func (d decider) write(p *plan, f facts, cur, desired map[string]string) {
	p.desired = desired
	p.patch = d.keys.MergePatch(f.mem.uid, cur, desired)
	if p.patch == nil {
		return
	}
	p.mem.written, p.mem.basedOn = desired, f.cachedRV
	p.mem.refreshed, p.mem.unclassifiedAt = time.Time{}, time.Time{}
	if len(desired) > 0 {
		p.mem.refreshed = f.now
	}
}

// announcement is the event a transition deserves: Diagnosed for a new or
// changed cause, Recovered when a diagnosed pod became healthy.
func (d decider) announcement(f facts, cur, desired map[string]string) *eventPlan {
	if next := d.keys.Identity(desired); next != "" {
		dg := f.result.Diagnosis
		return &eventPlan{key: EventReasonDiagnosed + " " + next, identity: next, cause: desired[d.keys.Reason], warning: true,
			reason: EventReasonDiagnosed, message: d.keys.DiagnosedMessage(desired), container: dg.Container, init: dg.Init}
	}
	prev := d.keys.Identity(cur)
	return &eventPlan{key: EventReasonRecovered + " " + prev, cause: cur[d.keys.Reason],
		reason: EventReasonRecovered, message: d.keys.RecoveredMessage(cur)}
}

// onlyVolatile reports whether desired differs from cur in the free texts
// alone (summary, hint): counts and ages move there while the cause stays.
func onlyVolatile(k Keys, cur, desired map[string]string) bool {
	for _, key := range []string{k.Reason, k.Container, k.Severity, k.Since} {
		if cur[key] != desired[key] {
			return false
		}
	}
	return true
}

// recheck is the requeue for the engine's RecheckAt: exactly then, never a poll.
func recheck(at, now time.Time) time.Duration {
	if at.IsZero() {
		return 0
	}
	return max(at.Sub(now), minRecheck)
}

// earliest is the smaller positive duration; zero means "none".
func earliest(a, b time.Duration) time.Duration {
	if a == 0 || (b > 0 && b < a) {
		return b
	}
	return a
}

// refused is the plan's answer to its event being refused: kept for the
// retry decide allowed (the returned requeue brings it back), or dropped
// when no retry is left or the refusal is final.
func (p *plan) refused(now time.Time) (requeue time.Duration, dropped bool) {
	ev := p.event
	if p.eventRetry == 0 || !retryable(ev.failure) {
		return p.requeue, true
	}
	ev.at = now.Add(p.eventRetry)
	p.mem.pending = ev
	return earliest(p.requeue, p.eventRetry), false
}
