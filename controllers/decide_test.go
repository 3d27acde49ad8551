package controllers

import (
	"reflect"
	"testing"
	"time"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

var decideNow = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func diag(reason diagnosis.Reason, container, summary string, sev diagnosis.Severity) *diagnosis.Diagnosis {
	return &diagnosis.Diagnosis{Reason: reason, Category: diagnosis.CategoryImage, Severity: sev, Container: container,
		Summary: summary, Hints: []string{"kubectl describe pod p -n ns"}, Since: decideNow.Add(-time.Hour)}
}

// annotated is what d leaves on a pod diagnosed since decideSince.
func annotated(d *diagnosis.Diagnosis) map[string]string {
	return testKeys.Desired(d, nil, decideNow)
}

func diagnosedEvent(ann map[string]string, container string, attempt int) *eventPlan {
	id := testKeys.Identity(ann)
	return &eventPlan{key: "Diagnosed " + id, identity: id, cause: ann[testKeys.Reason], warning: true, reason: EventReasonDiagnosed,
		message: testKeys.DiagnosedMessage(ann), container: container, attempt: attempt}
}

func TestDecide(t *testing.T) {
	image := diag(diagnosis.ReasonImageNotFound, "app", "image nginx:nope not found", diagnosis.SeverityCritical)
	imageMoved := diag(diagnosis.ReasonImageNotFound, "app", "image nginx:nope not found, 7 tries", diagnosis.SeverityCritical)
	imageWarning := diag(diagnosis.ReasonImageNotFound, "app", "image nginx:nope not found", diagnosis.SeverityWarning)
	oom := diag(diagnosis.ReasonOOMKilled, "app", "killed at its 64Mi limit", diagnosis.SeverityCritical)
	unclassified := diag(diagnosis.ReasonUnclassified, "app", "waiting: Odd", diagnosis.SeverityWarning)
	imageAnn, oomAnn := annotated(image), annotated(oom)
	movedAnn, warnAnn := with(imageAnn, testKeys.Summary, imageMoved.Summary), with(imageAnn, testKeys.Severity, "Warning")
	recovered := &eventPlan{key: "Recovered ImageNotFound/app", cause: "ImageNotFound", reason: EventReasonRecovered,
		message: testKeys.RecoveredMessage(imageAnn)}
	pending := func(attempt int, at time.Duration) *eventPlan {
		e := diagnosedEvent(imageAnn, "app", attempt)
		e.at, e.failure = decideNow.Add(at), refusedRateLimited
		return e
	}
	retried := func(attempt int) *eventPlan {
		e := pending(attempt, 0)
		e.attempt++
		return e
	}
	mem := func(m memory) memory { m.uid = "u1"; return m }
	ago := func(d time.Duration) time.Time { return decideNow.Add(-d) }
	res := func(d *diagnosis.Diagnosis) diagnosis.Result { return diagnosis.Result{Diagnosis: d} }

	tests := []struct {
		name   string
		dryRun bool
		in     facts
		want   plan
	}{
		{name: "new diagnosis: patch, then Diagnosed",
			in: facts{cached: map[string]string{}, cachedRV: "5", result: res(image)},
			want: plan{desired: imageAnn, patch: mergePatch(map[string]string{}, imageAnn), event: diagnosedEvent(imageAnn, "app", 1), eventRetry: time.Second,
				mem: mem(memory{written: imageAnn, basedOn: "5", refreshed: decideNow, announced: "Diagnosed ImageNotFound/app"})}},
		{name: "changed cause: patch, then Diagnosed with a new since",
			in: facts{cached: imageAnn, cachedRV: "5", result: res(oom), mem: mem(memory{refreshed: ago(time.Minute)})},
			want: plan{desired: oomAnn, patch: mergePatch(imageAnn, oomAnn), event: diagnosedEvent(oomAnn, "app", 1), eventRetry: time.Second,
				mem: mem(memory{written: oomAnn, basedOn: "5", refreshed: decideNow, announced: "Diagnosed OOMKilled/app"})}},
		{name: "unchanged: nothing",
			in:   facts{cached: imageAnn, cachedRV: "5", result: res(image), mem: mem(memory{refreshed: ago(time.Minute)})},
			want: plan{desired: imageAnn, mem: mem(memory{refreshed: ago(time.Minute)})}},
		{name: "restart or failover, memory empty: the annotation is the record, nothing is written",
			in:   facts{cached: imageAnn, cachedRV: "5", result: res(image), mem: mem(memory{})},
			want: plan{desired: imageAnn, mem: mem(memory{refreshed: decideNow})}},
		{name: "failover after a patch whose event was never created: announced now, nothing patched",
			in: facts{cached: imageAnn, cachedRV: "5", result: res(image), mem: mem(memory{}), unannounced: true},
			want: plan{desired: imageAnn, event: diagnosedEvent(imageAnn, "app", 1), eventRetry: time.Second,
				mem: mem(memory{refreshed: decideNow, announced: "Diagnosed ImageNotFound/app"})}},
		{name: "unannounced and the facts moved: announced, the refresh still waits",
			in: facts{cached: imageAnn, cachedRV: "5", result: res(imageMoved), mem: mem(memory{}), unannounced: true},
			want: plan{desired: imageAnn, requeue: refreshInterval, event: diagnosedEvent(imageAnn, "app", 1), eventRetry: time.Second,
				mem: mem(memory{refreshed: decideNow, announced: "Diagnosed ImageNotFound/app"})}},
		{name: "unannounced but the cause changed: the new cause is announced, once",
			in: facts{cached: imageAnn, cachedRV: "5", result: res(oom), mem: mem(memory{}), unannounced: true},
			want: plan{desired: oomAnn, patch: mergePatch(imageAnn, oomAnn), event: diagnosedEvent(oomAnn, "app", 1), eventRetry: time.Second,
				mem: mem(memory{written: oomAnn, basedOn: "5", refreshed: decideNow, announced: "Diagnosed OOMKilled/app"})}},
		{name: "volatile-only change within the interval: deferred to its end",
			in:   facts{cached: imageAnn, cachedRV: "5", result: res(imageMoved), mem: mem(memory{refreshed: ago(time.Minute)})},
			want: plan{desired: imageAnn, requeue: 9 * time.Minute, mem: mem(memory{refreshed: ago(time.Minute)})}},
		{name: "volatile-only change after a restart: unknown counts as written now",
			in:   facts{cached: imageAnn, cachedRV: "5", result: res(imageMoved), mem: mem(memory{})},
			want: plan{desired: imageAnn, requeue: refreshInterval, mem: mem(memory{refreshed: decideNow})}},
		{name: "volatile-only change once the interval passed: refreshed without an event",
			in: facts{cached: imageAnn, cachedRV: "5", result: res(imageMoved), mem: mem(memory{refreshed: ago(refreshInterval)})},
			want: plan{desired: movedAnn, patch: mergePatch(imageAnn, movedAnn),
				mem: mem(memory{written: movedAnn, basedOn: "5", refreshed: decideNow})}},
		{name: "severity change of the same cause: written now, no event",
			in: facts{cached: imageAnn, cachedRV: "5", result: res(imageWarning), mem: mem(memory{refreshed: ago(time.Minute)})},
			want: plan{desired: warnAnn, patch: mergePatch(imageAnn, warnAnn),
				mem: mem(memory{written: warnAnn, basedOn: "5", refreshed: decideNow})}},
		{name: "recovered: keys removed, then Recovered",
			in: facts{cached: imageAnn, cachedRV: "5", result: res(nil), mem: mem(memory{refreshed: ago(time.Minute)})},
			want: plan{desired: map[string]string{}, patch: mergePatch(imageAnn, map[string]string{}), event: withAttempt(recovered, 1), eventRetry: time.Second,
				mem: mem(memory{written: map[string]string{}, basedOn: "5", announced: "Recovered ImageNotFound/app"})}},
		{name: "healthy and clean: nothing, requeue at RecheckAt",
			in:   facts{cached: map[string]string{}, cachedRV: "5", result: diagnosis.Result{RecheckAt: decideNow.Add(90 * time.Second)}, mem: mem(memory{})},
			want: plan{desired: map[string]string{}, requeue: 90 * time.Second, mem: mem(memory{})}},
		{name: "RecheckAt already past: a short requeue, not a hot loop",
			in:   facts{cached: map[string]string{}, cachedRV: "5", result: diagnosis.Result{RecheckAt: decideNow.Add(-time.Second)}, mem: mem(memory{})},
			want: plan{desired: map[string]string{}, requeue: minRecheck, mem: mem(memory{})}},
		{name: "ignored: keys removed silently, memory cleared",
			in: facts{cached: imageAnn, cachedRV: "5", ignored: true, mem: mem(memory{refreshed: ago(time.Minute), announced: "Diagnosed ImageNotFound/app"})},
			want: plan{desired: map[string]string{}, patch: mergePatch(imageAnn, map[string]string{}),
				mem: mem(memory{written: map[string]string{}, basedOn: "5"})}},
		{name: "ignored and clean: nothing",
			in:   facts{cached: map[string]string{}, cachedRV: "5", ignored: true, mem: mem(memory{})},
			want: plan{desired: map[string]string{}, mem: mem(memory{})}},
		{name: "mirror: the Deployment's keys copied, nothing announced, not counted",
			in: facts{cached: map[string]string{}, cachedRV: "5", result: res(oom), mirror: imageAnn, mem: mem(memory{})},
			want: plan{desired: imageAnn, patch: mergePatch(map[string]string{}, imageAnn), mirrored: true,
				mem: mem(memory{written: imageAnn, basedOn: "5", refreshed: decideNow})}},
		{name: "mirror already in place (the deployment controller copied it): nothing",
			in:   facts{cached: imageAnn, cachedRV: "5", mirror: imageAnn, mem: mem(memory{})},
			want: plan{desired: imageAnn, mirrored: true, mem: mem(memory{})}},
		{name: "mirror of a recovered Deployment: keys removed, no Recovered event",
			in: facts{cached: imageAnn, cachedRV: "5", mirror: map[string]string{}, mem: mem(memory{})},
			want: plan{desired: map[string]string{}, patch: mergePatch(imageAnn, map[string]string{}), mirrored: true,
				mem: mem(memory{written: map[string]string{}, basedOn: "5"})}},
		{name: "dry run: what it would have written is the record",
			dryRun: true,
			in:     facts{cached: map[string]string{}, cachedRV: "9", result: res(image), mem: mem(memory{written: imageAnn, basedOn: "5", refreshed: ago(time.Minute)})},
			want:   plan{desired: imageAnn, mem: mem(memory{written: imageAnn, basedOn: "5", refreshed: ago(time.Minute)})}},
		{name: "dry run, new diagnosis: planned like a real one",
			dryRun: true,
			in:     facts{cached: map[string]string{}, cachedRV: "5", result: res(image), mem: mem(memory{})},
			want: plan{desired: imageAnn, patch: mergePatch(map[string]string{}, imageAnn), event: diagnosedEvent(imageAnn, "app", 1), eventRetry: time.Second,
				mem: mem(memory{written: imageAnn, basedOn: "5", refreshed: decideNow, announced: "Diagnosed ImageNotFound/app"})}},
		{name: "deletion in progress within its grace period: annotations kept, nothing announced",
			in:   facts{cached: imageAnn, cachedRV: "5", deleting: true, result: diagnosis.Result{RecheckAt: decideNow.Add(30 * time.Second)}, mem: mem(memory{refreshed: ago(time.Minute)})},
			want: plan{desired: imageAnn, requeue: 30 * time.Second, departing: true, mem: mem(memory{refreshed: ago(time.Minute)})}},
		{name: "half done, event refused earlier: retried once due",
			in:   facts{cached: imageAnn, cachedRV: "6", result: res(image), mem: mem(memory{refreshed: ago(time.Second), pending: pending(1, 0)})},
			want: plan{desired: imageAnn, event: retried(1), eventRetry: 5 * time.Second, mem: mem(memory{refreshed: ago(time.Second)})}},
		{name: "half done, retry not due yet: requeued for it",
			in:   facts{cached: imageAnn, cachedRV: "6", result: res(image), mem: mem(memory{refreshed: ago(time.Second), pending: pending(1, 3*time.Second)})},
			want: plan{desired: imageAnn, requeue: 3 * time.Second, mem: mem(memory{refreshed: ago(time.Second), pending: pending(1, 3*time.Second)})}},
		{name: "half done, last attempt: no retry after it",
			in:   facts{cached: imageAnn, cachedRV: "6", result: res(image), mem: mem(memory{refreshed: ago(time.Second), pending: pending(2, 0)})},
			want: plan{desired: imageAnn, event: retried(2), mem: mem(memory{refreshed: ago(time.Second)})}},
		{name: "half done, event in memory but the annotation moved on: stale event dropped",
			in:   facts{cached: oomAnn, cachedRV: "7", result: res(oom), mem: mem(memory{refreshed: ago(time.Second), pending: pending(1, 0)})},
			want: plan{desired: oomAnn, mem: mem(memory{refreshed: ago(time.Second)})}},
		{name: "cache still shows the version our patch was based on: our write is the truth",
			in:   facts{cached: map[string]string{}, cachedRV: "5", result: res(image), mem: mem(memory{written: imageAnn, basedOn: "5", refreshed: ago(time.Second), announced: "Diagnosed ImageNotFound/app"})},
			want: plan{desired: imageAnn, mem: mem(memory{written: imageAnn, basedOn: "5", refreshed: ago(time.Second), announced: "Diagnosed ImageNotFound/app"})}},
		{name: "cache shows another writer's version from before ours: patched again, not announced again",
			in: facts{cached: map[string]string{}, cachedRV: "6", result: res(image), mem: mem(memory{written: imageAnn, basedOn: "5", refreshed: ago(time.Second), announced: "Diagnosed ImageNotFound/app"})},
			want: plan{desired: imageAnn, patch: mergePatch(map[string]string{}, imageAnn),
				mem: mem(memory{written: imageAnn, basedOn: "6", refreshed: decideNow, announced: "Diagnosed ImageNotFound/app"})}},
		{name: "cache caught up with our write: nothing left in doubt",
			in:   facts{cached: imageAnn, cachedRV: "7", result: res(image), mem: mem(memory{written: imageAnn, basedOn: "5", refreshed: ago(time.Second), announced: "Diagnosed ImageNotFound/app"})},
			want: plan{desired: imageAnn, mem: mem(memory{refreshed: ago(time.Second)})}},
		{name: "new Unclassified: held for the explaining event",
			in:   facts{cached: map[string]string{}, cachedRV: "5", result: res(unclassified), mem: mem(memory{})},
			want: plan{desired: map[string]string{}, requeue: unclassifiedSettle, mem: mem(memory{unclassifiedAt: decideNow})}},
		{name: "Unclassified that persisted: written",
			in: facts{cached: map[string]string{}, cachedRV: "5", result: res(unclassified), mem: mem(memory{unclassifiedAt: ago(unclassifiedSettle)})},
			want: plan{desired: annotated(unclassified), patch: mergePatch(map[string]string{}, annotated(unclassified)),
				event: diagnosedEvent(annotated(unclassified), "app", 1), eventRetry: time.Second,
				mem: mem(memory{written: annotated(unclassified), basedOn: "5", refreshed: decideNow, announced: "Diagnosed Unclassified/app"})}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.now = decideNow
			if tc.in.mem.uid == "" {
				tc.in.mem.uid = "u1"
			}
			got := decider{keys: testKeys, dryRun: tc.dryRun}.decide(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("decide =\n%s\nwant\n%s", describePlan(got), describePlan(tc.want))
			}
		})
	}
}

func mergePatch(cur, desired map[string]string) []byte {
	return testKeys.MergePatch("u1", cur, desired)
}

func withAttempt(e *eventPlan, n int) *eventPlan {
	c := *e
	c.attempt = n
	return &c
}

func describePlan(p plan) string {
	ev := "<nil>"
	if p.event != nil {
		ev = fmtStruct(*p.event)
	}
	pend := "<nil>"
	if p.mem.pending != nil {
		pend = fmtStruct(*p.mem.pending)
	}
	return "desired " + fmtStruct(p.desired) + "\npatch " + string(p.patch) + "\nevent " + ev +
		"\nrequeue " + p.requeue.String() + " eventRetry " + p.eventRetry.String() + "\nmem " + fmtStruct(p.mem) + "\npending " + pend
}

// TestDecideIncident: a written cause whose incident key is bounded (a
// node, a registry) labels the incident gauge; an unbounded one (a
// ConfigMap) or a cause not yet written does not.
func TestDecideIncident(t *testing.T) {
	lost := diag(diagnosis.ReasonNodeLost, "", "node w3 is not responding", diagnosis.SeverityCritical)
	lost.Incident = "node w3"
	cm := diag(diagnosis.ReasonConfigMapNotFound, "app", "ConfigMap app does not exist", diagnosis.SeverityCritical)
	cm.Incident = "ConfigMap ns/app"
	d := decider{keys: testKeys}
	tests := []struct {
		name string
		in   facts
		want string
	}{
		{"new NodeLost, written now", facts{cached: map[string]string{}, result: diagnosis.Result{Diagnosis: lost}, now: decideNow}, "node w3"},
		{"NodeLost already written", facts{cached: annotated(lost), result: diagnosis.Result{Diagnosis: lost}, now: decideNow}, "node w3"},
		{"ConfigMap: unbounded", facts{cached: map[string]string{}, result: diagnosis.Result{Diagnosis: cm}, now: decideNow}, ""},
		{"healthy", facts{cached: annotated(lost), now: decideNow}, ""},
	}
	for _, tt := range tests {
		if got := d.decide(tt.in).incident; got != tt.want {
			t.Errorf("%s: incident %q, want %q", tt.name, got, tt.want)
		}
	}
}
