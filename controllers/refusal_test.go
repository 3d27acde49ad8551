package controllers

import (
	"errors"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func TestRefusal(t *testing.T) {
	events := schema.GroupResource{Resource: "events"}
	terminating := &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure, Code: 403, Reason: metav1.StatusReasonForbidden,
		Message: `events "p.1" is forbidden: unable to create new content in namespace gone because it is being terminated`,
		Details: &metav1.StatusDetails{Causes: []metav1.StatusCause{{Type: corev1.NamespaceTerminatingCause, Message: "namespace gone is being terminated", Field: "metadata.namespace"}}}}}
	tests := []struct {
		name      string
		err       error
		want      string
		retryable bool
	}{
		{"terminating namespace (NamespaceLifecycle)", terminating, refusedNamespaceTerminating, false},
		{"EventRateLimit admission", apierrors.NewTooManyRequests("limit reached on type Namespace for key ns", 1), refusedRateLimited, true},
		{"ResourceQuota on events", apierrors.NewForbidden(events, "p.1", errors.New("exceeded quota: events, requested: count/events=1, used: count/events=10, limited: count/events=10")), refusedForbidden, true},
		{"admission policy denial", apierrors.NewForbidden(events, "p.1", errors.New(`ValidatingAdmissionPolicy 'deny-events' denied request`)), refusedForbidden, true},
		{"invalid event", apierrors.NewInvalid(schema.GroupKind{Kind: "Event"}, "p.1", field.ErrorList{field.Required(field.NewPath("involvedObject", "namespace"), "")}), refusedInvalid, false},
		{"server error", apierrors.NewInternalError(errors.New("etcdserver: request timed out")), refusedOther, true},
		{"connection refused", errors.New("dial tcp 127.0.0.1:6443: connect: connection refused"), refusedOther, true},
	}
	for _, tc := range tests {
		got := refusal(tc.err)
		if got != tc.want || retryable(got) != tc.retryable {
			t.Errorf("%s: refusal = %q (retryable %v), want %q (retryable %v)", tc.name, got, retryable(got), tc.want, tc.retryable)
		}
	}
}

// TestPlanRefused: what happens to a refused event is the plan's, decided
// with the plan.
func TestPlanRefused(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	ev := func(class string) *eventPlan {
		return &eventPlan{key: "Diagnosed X", identity: "X", attempt: 1, failure: class}
	}
	tests := []struct {
		name        string
		p           plan
		wantRequeue time.Duration
		wantDropped bool
		wantPending *eventPlan
	}{
		{name: "retry allowed and the refusal may pass: kept, requeued for the retry",
			p:           plan{event: ev(refusedRateLimited), eventRetry: time.Second, requeue: time.Minute},
			wantRequeue: time.Second, wantPending: &eventPlan{key: "Diagnosed X", identity: "X", attempt: 1, failure: refusedRateLimited, at: now.Add(time.Second)}},
		{name: "retry allowed, the engine's recheck comes first",
			p:           plan{event: ev(refusedForbidden), eventRetry: 5 * time.Second, requeue: 2 * time.Second},
			wantRequeue: 2 * time.Second, wantPending: &eventPlan{key: "Diagnosed X", identity: "X", attempt: 1, failure: refusedForbidden, at: now.Add(5 * time.Second)}},
		{name: "no retry left: dropped",
			p:           plan{event: ev(refusedRateLimited), requeue: time.Minute},
			wantRequeue: time.Minute, wantDropped: true},
		{name: "terminating namespace: dropped at once",
			p:           plan{event: ev(refusedNamespaceTerminating), eventRetry: time.Second},
			wantRequeue: 0, wantDropped: true},
	}
	for _, tc := range tests {
		requeue, dropped := tc.p.refused(now)
		if requeue != tc.wantRequeue || dropped != tc.wantDropped {
			t.Errorf("%s: refused = %v, %v; want %v, %v", tc.name, requeue, dropped, tc.wantRequeue, tc.wantDropped)
		}
		if got := tc.p.mem.pending; (got == nil) != (tc.wantPending == nil) || (got != nil && *got != *tc.wantPending) {
			t.Errorf("%s: pending = %+v, want %+v", tc.name, got, tc.wantPending)
		}
	}
}
