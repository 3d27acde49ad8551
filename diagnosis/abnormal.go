package diagnosis

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// symptom is why the gate judged a pod abnormal: the raw reason and message a
// person would see in `kubectl get pods`, kept for the Unclassified fallback.
type symptom struct {
	Container string
	Init      bool
	Reason    string
	Message   string
	Since     time.Time
	// Until is when the symptom expires by the clock alone (a restart ageing
	// out of the restart window); zero when it does not.
	Until time.Time
}

// verdict is the gate's answer.
type verdict struct {
	abnormal bool
	symptom  symptom
	// recheck is the earliest time the answer could change by the clock alone.
	recheck time.Time
}

// normalStart are the waiting reasons of a container on its way to running.
var normalStart = []string{"ContainerCreating", "PodInitializing"}

// assess applies design.md's "What counts as abnormal" to the pod.
func (c *Context) assess() verdict {
	var v verdict
	pod := c.Pod
	if dt := pod.DeletionTimestamp; dt != nil {
		stuckAt := dt.Add(c.Opts.GracePeriod)
		if !c.Now.Before(stuckAt) {
			return abnormalAt(symptom{Reason: "Terminating", Message: "deletion requested at " + requestedAt(pod).Format(time.RFC3339), Since: stuckAt})
		}
		// A pod being deleted within its grace period is expected to go away,
		// unless its node has been gone long enough that no kubelet will
		// finish the deletion (the node rules name it).
		if s, lostAt, ok := c.deletingOnLostNode(); ok {
			if !c.Now.Before(lostAt) {
				return abnormalAt(s)
			}
			stuckAt = earliest(stuckAt, lostAt)
		}
		v.recheck = stuckAt
		return v
	}
	switch pod.Status.Phase {
	case corev1.PodSucceeded:
		return v
	case corev1.PodFailed:
		return abnormalAt(symptom{Reason: orDefault(pod.Status.Reason, "Failed"), Message: pod.Status.Message, Since: c.failedAt()})
	case corev1.PodUnknown:
		return abnormalAt(symptom{Reason: "Unknown", Message: pod.Status.Message, Since: c.lastTransition()})
	}
	if st, cond := c.NodeReady(); st != "" && st != corev1.ConditionTrue {
		s := symptom{Reason: "NodeNotReady", Message: "node " + pod.Spec.NodeName + " Ready=" + string(st)}
		if cond != nil {
			s.Since = cond.LastTransitionTime.Time
		}
		return abnormalAt(s)
	}
	if pod.Spec.NodeName == "" {
		return c.assessUnscheduled()
	}
	return c.assessContainers()
}

func abnormalAt(s symptom) verdict { return verdict{abnormal: true, symptom: s} }

// requestedAt is when deletion was asked for: the deletion timestamp minus the
// grace period the API server added to it.
func requestedAt(pod *corev1.Pod) time.Time {
	t := pod.DeletionTimestamp.Time
	if g := pod.DeletionGracePeriodSeconds; g != nil {
		t = t.Add(-time.Duration(*g) * time.Second)
	}
	return t
}

func (c *Context) assessUnscheduled() verdict {
	cond, hasCond := c.Condition(corev1.PodScheduled)
	_, tried := c.LatestEvent(time.Time{}, "FailedScheduling")
	gated := len(c.Pod.Spec.SchedulingGates) > 0 || (hasCond && cond.Reason == corev1.PodReasonSchedulingGated)
	since := firstTime(cond.LastTransitionTime.Time, c.createdAt())
	if !gated && (tried || (hasCond && cond.Status == corev1.ConditionFalse)) {
		return abnormalAt(symptom{Reason: orDefault(cond.Reason, "Unschedulable"), Message: cond.Message, Since: since})
	}
	// Not yet tried (or deliberately gated): give the scheduler or the gate's
	// owner the grace period before calling it stuck.
	deadline := c.createdAt().Add(c.Opts.GracePeriod)
	if gated {
		deadline = since.Add(c.Opts.GracePeriod)
	}
	if c.Now.Before(deadline) {
		return verdict{recheck: deadline}
	}
	reason := "Pending"
	if gated {
		reason = corev1.PodReasonSchedulingGated
	}
	return abnormalAt(symptom{Reason: reason, Message: cond.Message, Since: since})
}

// assessContainers judges a bound pod by its containers and readiness.
func (c *Context) assessContainers() verdict {
	var v verdict
	started := firstTime(timeOf(c.Pod.Status.StartTime), c.createdAt())
	initX, initStart, initRunning := c.runningInit()
	for _, x := range c.Containers {
		if initRunning && waitsForInit(x) {
			continue // judged by the running init container below
		}
		if s, bad := c.containerSymptom(x, started, &v); bad {
			return abnormalAt(s)
		}
	}
	if initRunning {
		if s, bad := c.initOverdue(initX, initStart, &v); bad {
			return abnormalAt(s)
		}
	}
	if s, bad := c.notReady(&v); bad {
		return abnormalAt(s)
	}
	return v
}

// waitsForInit reports a container that only waits for the init containers
// before it (PodInitializing, or not reported yet).
func waitsForInit(x Container) bool {
	r, _ := x.Waiting()
	return x.Status == nil || r == "PodInitializing"
}

// initOverdue: an init container may run as long as it needs up to the stuck
// threshold (a migration, a download); past it, the pod is abnormal.
func (c *Context) initOverdue(x Container, started time.Time, v *verdict) (symptom, bool) {
	deadline := started.Add(c.Opts.InitStuckThreshold)
	if c.Now.Before(deadline) {
		v.recheck = earliest(v.recheck, deadline)
		return symptom{}, false
	}
	return symptom{Container: x.Name, Init: true, Reason: "Running", Message: "init container running since " + started.UTC().Format(time.RFC3339), Since: started}, true
}

// deletingOnLostNode reports a node known to be NotReady / Unknown and when it
// has been so for the grace period: from then on a pending deletion cannot
// complete on its own.
func (c *Context) deletingOnLostNode() (symptom, time.Time, bool) {
	st, cond := c.NodeReady()
	if st == "" || st == corev1.ConditionTrue || cond == nil {
		return symptom{}, time.Time{}, false
	}
	s := symptom{Reason: "NodeNotReady", Message: "node " + c.Pod.Spec.NodeName + " Ready=" + string(st), Since: cond.LastTransitionTime.Time}
	return s, cond.LastTransitionTime.Add(c.Opts.GracePeriod), true
}

// containerSymptom reports one container's abnormal state, lowering v.recheck
// to when a normal-looking state would turn abnormal (or a restart age out).
func (c *Context) containerSymptom(x Container, started time.Time, v *verdict) (symptom, bool) {
	st := x.Status
	if st == nil {
		return c.slowStart(x, "ContainerCreating", "", started, v)
	}
	if w := st.State.Waiting; w != nil {
		if hasString(normalStart, w.Reason) || w.Reason == "" {
			return c.slowStart(x, orDefault(w.Reason, "ContainerCreating"), w.Message, started, v)
		}
		return symptom{Container: x.Name, Init: x.Init, Reason: w.Reason, Message: w.Message, Since: c.waitingSince(x, started)}, true
	}
	if t := st.State.Terminated; t != nil && t.ExitCode != 0 {
		return symptom{Container: x.Name, Init: x.Init, Reason: orDefault(t.Reason, "Error"), Message: t.Message, Since: t.FinishedAt.Time}, true
	}
	if last := st.LastTerminationState.Terminated; last != nil && st.RestartCount > 0 {
		ageOut := last.FinishedAt.Add(c.Opts.RestartWindow)
		if c.Now.Before(ageOut) {
			return symptom{Container: x.Name, Init: x.Init, Reason: "Restarted", Message: orDefault(last.Reason, "Error"), Since: last.FinishedAt.Time, Until: ageOut}, true
		}
	}
	return symptom{}, false
}

// slowStart is abnormal only once a normal start has outlasted the grace period.
func (c *Context) slowStart(x Container, reason, msg string, started time.Time, v *verdict) (symptom, bool) {
	deadline := started.Add(c.Opts.GracePeriod)
	if c.Now.Before(deadline) {
		v.recheck = earliest(v.recheck, deadline)
		return symptom{}, false
	}
	return symptom{Container: x.Name, Init: x.Init, Reason: reason, Message: msg, Since: started}, true
}

// waitingSince estimates when a container began waiting: the end of its last
// run, or the pod's start.
func (c *Context) waitingSince(x Container, started time.Time) time.Time {
	if t := x.LastTerminated(); t != nil && !t.FinishedAt.IsZero() {
		return t.FinishedAt.Time
	}
	return started
}

// notReady flags a running pod whose Ready condition has been False past the grace period.
func (c *Context) notReady(v *verdict) (symptom, bool) {
	if c.Pod.Status.Phase != corev1.PodRunning {
		return symptom{}, false
	}
	cond, ok := c.Condition(corev1.PodReady)
	if !ok || cond.Status == corev1.ConditionTrue {
		return symptom{}, false
	}
	since := firstTime(cond.LastTransitionTime.Time, timeOf(c.Pod.Status.StartTime))
	deadline := since.Add(c.Opts.GracePeriod)
	if c.Now.Before(deadline) {
		v.recheck = earliest(v.recheck, deadline)
		return symptom{}, false
	}
	return symptom{Reason: orDefault(cond.Reason, "NotReady"), Message: cond.Message, Since: since}, true
}

// createdAt is the pod's creation time; an object without one (hand-written
// input) counts as just created rather than as created in year 1.
func (c *Context) createdAt() time.Time {
	return firstTime(c.Pod.CreationTimestamp.Time, c.Now)
}

// failedAt is the best estimate of when a Failed pod failed.
func (c *Context) failedAt() time.Time {
	var t time.Time
	for _, x := range c.Containers {
		if term := x.Terminated(); term != nil && term.FinishedAt.After(t) {
			t = term.FinishedAt.Time
		}
	}
	return firstTime(t, c.lastTransition(), c.createdAt())
}

// lastTransition is the latest pod condition transition.
func (c *Context) lastTransition() time.Time {
	var t time.Time
	for _, cond := range c.Pod.Status.Conditions {
		if cond.LastTransitionTime.After(t) {
			t = cond.LastTransitionTime.Time
		}
	}
	return t
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// timeOf unwraps an optional API time.
func timeOf(t *metav1.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.Time
}
