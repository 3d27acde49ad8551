package controllers

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

// writer carries out plans: the one write path of every reconciler, pods
// and objects beyond pods alike. Each reconciler has its own (its own
// memory); they share the client, the keys and the metrics.
type writer struct {
	client  client.Client
	keys    Keys
	output  OutputOptions
	metrics *Metrics
	state   *stateStore
	now     func() time.Time
}

// apply carries out a plan: the patch first, then the event, then the
// memory and the metrics, which move only on what was actually written. A
// failed patch writes no event (the next attempt decides again); a failed
// event never undoes the patch.
func (w *writer) apply(ctx context.Context, t target, st podState, p plan, now time.Time) (reconcile.Result, error) {
	if p.patch != nil {
		gone, err := w.patch(ctx, t, p.patch)
		if err != nil {
			w.state.put(t.key, st) // the object still carries what it carried
			return reconcile.Result{}, err
		}
		if gone {
			w.metrics.move(w.state.forget(t.key), gaugeLabels{})
			return reconcile.Result{}, nil
		}
		w.count(ctx, t, p)
	}
	res := reconcile.Result{RequeueAfter: p.requeue}
	if p.event != nil && !w.announce(ctx, t, p.event) {
		res.RequeueAfter = w.refused(&p, now)
	}
	next := w.gaugeOf(t, p.desired)
	next.incident = p.incident
	if p.departing || p.mirrored {
		next = gaugeLabels{}
	}
	w.metrics.move(st.gauge, next)
	w.state.put(t.key, podState{mem: p.mem, gauge: next})
	return res, nil
}

// patch applies a merge patch of our keys; gone reports the object was deleted meanwhile.
func (w *writer) patch(ctx context.Context, t target, data []byte) (gone bool, err error) {
	if w.output.DryRun {
		logf.FromContext(ctx).Info("dry-run: would patch annotations", "patch", string(data))
		return false, nil
	}
	if err := patchAnnotations(ctx, w.client, t, data); err != nil {
		if apierrors.IsNotFound(err) {
			return true, nil // its delete event cleans up
		}
		return false, fmt.Errorf("patch annotations: %w", err)
	}
	w.metrics.APIWrites.WithLabelValues(writePatch).Inc()
	return false, nil
}

// count moves the announcement counters once the patch that records the
// announcement succeeded.
func (w *writer) count(ctx context.Context, t target, p plan) {
	ev := p.event
	if ev == nil || ev.attempt != 1 {
		return
	}
	log := logf.FromContext(ctx)
	if ev.reason == EventReasonDiagnosed {
		w.metrics.Diagnoses.WithLabelValues(ev.cause, t.kind).Inc()
		log.Info("diagnosed", "cause", ev.identity, "severity", p.desired[w.keys.Severity], "summary", p.desired[w.keys.Summary])
		return
	}
	w.metrics.Recoveries.WithLabelValues(ev.cause, t.kind).Inc()
	log.Info("recovered", "cause", ev.cause)
}

// announce creates the event; false when the API refused it.
func (w *writer) announce(ctx context.Context, t target, ev *eventPlan) bool {
	typ := corev1.EventTypeNormal
	if ev.warning {
		typ = corev1.EventTypeWarning
	}
	e := newEvent(t, typ, ev.reason, ev.message, ev.container, ev.init, w.output.Instance, w.now())
	log := logf.FromContext(ctx)
	if w.output.DryRun {
		log.Info("dry-run: would create event", "type", e.Type, "eventReason", e.Reason, "message", e.Message)
		return true
	}
	if err := w.client.Create(ctx, e); err != nil {
		ev.failure = refusal(err)
		log.Info("event refused", "eventReason", e.Reason, "attempt", ev.attempt, "class", ev.failure, "error", err.Error())
		return false
	}
	w.metrics.APIWrites.WithLabelValues(writeEvent).Inc()
	log.Info("event created", "eventReason", e.Reason, "message", e.Message)
	return true
}

// refused follows the plan for its refused event and counts it if dropped;
// it returns the requeue.
func (w *writer) refused(p *plan, now time.Time) time.Duration {
	requeue, dropped := p.refused(now)
	if dropped {
		w.metrics.EventsDropped.WithLabelValues(p.event.failure).Inc()
	}
	return requeue
}
