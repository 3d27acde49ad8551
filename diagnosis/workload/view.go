package workload

import (
	"strconv"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// view is what the rules read of a workload, whatever its kind: the
// type switch happens once, here, so no rule depends on the API type.
type view struct {
	kind string
	// idle: scaled to zero (replicas 0, a DaemonSet with no node to run
	// on, a suspended CronJob or Job with nothing active) or a Job that
	// completed. Never diagnosed.
	idle bool
	// counts is false for a Deployment, a Job and a CronJob: they are not
	// judged by counting available pods (a Deployment through its newest
	// ReplicaSet, a Job by its conditions and pods); a Deployment's counts
	// are still shown as evidence.
	counts                    bool
	desired, available, ready int32
	// replicaFailure is the ReplicaSet / Deployment ReplicaFailure
	// condition when True.
	replicaFailure *cond
	// rsCreateError is a Deployment's Progressing=False ReplicaSetCreateError:
	// the Deployment controller could not even create the ReplicaSet.
	rsCreateError *cond
	// deadline is a Deployment's Progressing=False ProgressDeadlineExceeded.
	deadline        *cond
	deadlineSeconds int32
	// update is a StatefulSet / DaemonSet rollout still under way.
	update *rollout
	// job facts: its Failed condition and the limits it names.
	jobFailed *cond
	job       *batchv1.Job
}

// cond is one status condition the rules read.
type cond struct {
	typ, status, reason, message string
	since                        time.Time
}

// rollout is a StatefulSet / DaemonSet update: updated of target pods run
// the new revision.
type rollout struct {
	updated, target  int32
	current, revised string
}

// Condition values the controllers write (k8s.io/api apps/v1 and batch/v1;
// pkg/controller/deployment/util for the Deployment reasons).
const (
	reasonFailedCreate         = "FailedCreate"
	reasonProgressDeadline     = "ProgressDeadlineExceeded"
	reasonReplicaSetCreateFail = "ReplicaSetCreateError"
)

func viewOf(obj metav1.Object) (view, bool) {
	switch o := obj.(type) {
	case *appsv1.Deployment:
		return deploymentView(o), o != nil
	case *appsv1.ReplicaSet:
		return replicaSetView(o), o != nil
	case *appsv1.StatefulSet:
		return statefulSetView(o), o != nil
	case *appsv1.DaemonSet:
		return daemonSetView(o), o != nil
	case *batchv1.Job:
		return jobView(o), o != nil
	case *batchv1.CronJob:
		return cronJobView(o), o != nil
	}
	return view{}, false
}

// replicas is spec.replicas with the API default of 1.
func replicas(p *int32) int32 {
	if p == nil {
		return 1
	}
	return *p
}

func deploymentView(d *appsv1.Deployment) view {
	v := view{kind: "Deployment"}
	if d == nil {
		return v
	}
	v.desired, v.available, v.ready = replicas(d.Spec.Replicas), d.Status.AvailableReplicas, d.Status.ReadyReplicas
	v.idle = v.desired == 0
	if d.Spec.ProgressDeadlineSeconds != nil {
		v.deadlineSeconds = *d.Spec.ProgressDeadlineSeconds
	}
	for _, c := range d.Status.Conditions {
		x := &cond{typ: string(c.Type), status: string(c.Status), reason: c.Reason, message: c.Message, since: c.LastTransitionTime.Time}
		switch {
		case c.Type == appsv1.DeploymentReplicaFailure && c.Status == corev1.ConditionTrue:
			v.replicaFailure = x
		case c.Type == appsv1.DeploymentProgressing && c.Status == corev1.ConditionFalse && c.Reason == reasonProgressDeadline:
			v.deadline = x
		case c.Type == appsv1.DeploymentProgressing && c.Status == corev1.ConditionFalse && c.Reason == reasonReplicaSetCreateFail:
			v.rsCreateError = x
		}
	}
	return v
}

func replicaSetView(r *appsv1.ReplicaSet) view {
	v := view{kind: "ReplicaSet", counts: true}
	if r == nil {
		return v
	}
	v.desired, v.available, v.ready = replicas(r.Spec.Replicas), r.Status.AvailableReplicas, r.Status.ReadyReplicas
	v.idle = v.desired == 0
	for _, c := range r.Status.Conditions {
		if c.Type == appsv1.ReplicaSetReplicaFailure && c.Status == corev1.ConditionTrue {
			v.replicaFailure = &cond{typ: string(c.Type), status: string(c.Status), reason: c.Reason, message: c.Message, since: c.LastTransitionTime.Time}
		}
	}
	return v
}

func statefulSetView(s *appsv1.StatefulSet) view {
	v := view{kind: "StatefulSet", counts: true}
	if s == nil {
		return v
	}
	v.desired, v.available, v.ready = replicas(s.Spec.Replicas), s.Status.AvailableReplicas, s.Status.ReadyReplicas
	v.idle = v.desired == 0
	u := s.Spec.UpdateStrategy
	if u.Type == appsv1.OnDeleteStatefulSetStrategyType || s.Status.ObservedGeneration < s.Generation {
		return v // OnDelete updates wait for someone to delete pods, by design
	}
	target := v.desired
	if u.RollingUpdate != nil && u.RollingUpdate.Partition != nil {
		target -= min(*u.RollingUpdate.Partition, target) // pods below the partition keep the old revision on purpose
	}
	// The controller sets currentRevision to updateRevision when an update
	// completes: differing revisions are an update under way, fewer pods
	// on the new one than due the part not done.
	if s.Status.UpdateRevision != "" && s.Status.UpdateRevision != s.Status.CurrentRevision && s.Status.UpdatedReplicas < target {
		v.update = &rollout{updated: s.Status.UpdatedReplicas, target: target, current: s.Status.CurrentRevision, revised: s.Status.UpdateRevision}
	}
	return v
}

func daemonSetView(d *appsv1.DaemonSet) view {
	v := view{kind: "DaemonSet", counts: true}
	if d == nil {
		return v
	}
	st := d.Status
	v.desired, v.available, v.ready = st.DesiredNumberScheduled, st.NumberAvailable, st.NumberReady
	v.idle = v.desired == 0
	if d.Spec.UpdateStrategy.Type == appsv1.OnDeleteDaemonSetStrategyType || st.ObservedGeneration < d.Generation {
		return v
	}
	// Pods scheduled on the old template are an update under way (a pod
	// merely missing is not: that is a shortage).
	if st.UpdatedNumberScheduled < st.CurrentNumberScheduled && st.UpdatedNumberScheduled < st.DesiredNumberScheduled {
		v.update = &rollout{updated: st.UpdatedNumberScheduled, target: st.DesiredNumberScheduled}
	}
	return v
}

func jobView(j *batchv1.Job) view {
	v := view{kind: "Job", job: j}
	if j == nil {
		return v
	}
	suspended := j.Spec.Suspend != nil && *j.Spec.Suspend
	v.idle = suspended && j.Status.Active == 0
	for _, c := range j.Status.Conditions {
		if c.Status != corev1.ConditionTrue {
			continue
		}
		switch c.Type {
		case batchv1.JobComplete, batchv1.JobSuccessCriteriaMet:
			v.idle = true // done: failed pods it retried past are history
		case batchv1.JobFailed:
			v.jobFailed = &cond{typ: string(c.Type), status: string(c.Status), reason: c.Reason, message: c.Message, since: c.LastTransitionTime.Time}
		}
	}
	return v
}

func cronJobView(cj *batchv1.CronJob) view {
	v := view{kind: "CronJob"}
	if cj == nil {
		return v
	}
	v.idle = cj.Spec.Suspend != nil && *cj.Spec.Suspend && len(cj.Status.Active) == 0
	return v
}

// itoa formats a count for a catalog variable.
func itoa[T ~int32 | ~int64](n T) string { return strconv.FormatInt(int64(n), 10) }
