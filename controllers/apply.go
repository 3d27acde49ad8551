package controllers

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

// apply carries out a plan: the patch first, then the event, then the
// memory and the metrics, which move only on what was actually written. A
// failed patch writes no event (the next attempt decides again); a failed
// event never undoes the patch.
func (r *PodReconciler) apply(ctx context.Context, pod *corev1.Pod, st podState, p plan, now time.Time) (reconcile.Result, error) {
	key := types.NamespacedName{Namespace: pod.Namespace, Name: pod.Name}
	if p.patch != nil {
		gone, err := r.patch(ctx, pod, p.patch)
		if err != nil {
			r.state.put(key, st) // the pod still carries what it carried
			return reconcile.Result{}, err
		}
		if gone {
			r.Metrics.move(r.state.forget(key), gaugeLabels{})
			return reconcile.Result{}, nil
		}
		r.count(ctx, p)
	}
	res := reconcile.Result{RequeueAfter: p.requeue}
	if p.event != nil && !r.announce(ctx, pod, p.event) {
		res.RequeueAfter = r.refused(&p, now)
	}
	next := r.gaugeOf(p.desired)
	if p.departing {
		next = gaugeLabels{}
	}
	r.Metrics.move(st.gauge, next)
	r.state.put(key, podState{mem: p.mem, gauge: next})
	return res, nil
}

// patch applies a merge patch of our keys; gone reports the pod was deleted meanwhile.
func (r *PodReconciler) patch(ctx context.Context, pod *corev1.Pod, data []byte) (gone bool, err error) {
	if r.Output.DryRun {
		logf.FromContext(ctx).Info("dry-run: would patch annotations", "patch", string(data))
		return false, nil
	}
	if err := patchAnnotations(ctx, r.Client, pod.Namespace, pod.Name, data); err != nil {
		if apierrors.IsNotFound(err) {
			return true, nil // its delete event cleans up
		}
		return false, fmt.Errorf("patch annotations: %w", err)
	}
	r.Metrics.APIWrites.WithLabelValues(writePatch).Inc()
	return false, nil
}

// count moves the announcement counters once the patch that records the
// announcement succeeded.
func (r *PodReconciler) count(ctx context.Context, p plan) {
	ev := p.event
	if ev == nil || ev.attempt != 1 {
		return
	}
	log := logf.FromContext(ctx)
	if ev.reason == EventReasonDiagnosed {
		r.Metrics.Diagnoses.WithLabelValues(ev.cause).Inc()
		log.Info("diagnosed", "cause", ev.identity, "severity", p.desired[r.Keys.Severity], "summary", p.desired[r.Keys.Summary])
		return
	}
	r.Metrics.Recoveries.WithLabelValues(ev.cause).Inc()
	log.Info("recovered", "cause", ev.cause)
}

// announce creates the event; false when the API refused it.
func (r *PodReconciler) announce(ctx context.Context, pod *corev1.Pod, ev *eventPlan) bool {
	typ := corev1.EventTypeNormal
	if ev.warning {
		typ = corev1.EventTypeWarning
	}
	e := newPodEvent(pod, typ, ev.reason, ev.message, ev.container, ev.init, r.Output.Instance, r.Now())
	log := logf.FromContext(ctx)
	if r.Output.DryRun {
		log.Info("dry-run: would create event", "type", e.Type, "eventReason", e.Reason, "message", e.Message)
		return true
	}
	if err := r.Client.Create(ctx, e); err != nil {
		ev.failure = refusal(err)
		log.Info("event refused", "eventReason", e.Reason, "attempt", ev.attempt, "class", ev.failure, "error", err.Error())
		return false
	}
	r.Metrics.APIWrites.WithLabelValues(writeEvent).Inc()
	log.Info("event created", "eventReason", e.Reason, "message", e.Message)
	return true
}

// refused follows the plan for its refused event and counts it if dropped;
// it returns the requeue.
func (r *PodReconciler) refused(p *plan, now time.Time) time.Duration {
	requeue, dropped := p.refused(now)
	if dropped {
		r.Metrics.EventsDropped.WithLabelValues(p.event.failure).Inc()
	}
	return requeue
}
