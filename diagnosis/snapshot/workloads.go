package snapshot

import (
	"cmp"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	"slices"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/workload"
)

// workloads diagnoses the workloads, owners after what they own: a
// Deployment rolls up its newest ReplicaSet, a CronJob its newest Job.
func (d *diagnoser) workloads() []Verdict {
	o := d.objs
	var out []Verdict
	rs := map[types.UID]Verdict{}
	for _, r := range o.ReplicaSets {
		v := d.owner("ReplicaSet", r)
		rs[r.UID] = v
		out = append(out, v)
	}
	for _, s := range o.StatefulSets {
		out = append(out, d.owner("StatefulSet", s))
	}
	for _, s := range o.DaemonSets {
		out = append(out, d.owner("DaemonSet", s))
	}
	jobs := map[types.UID]Verdict{}
	for _, j := range o.Jobs {
		v := d.owner("Job", j)
		jobs[j.UID] = v
		out = append(out, v)
	}
	for _, dep := range o.Deployments {
		out = append(out, d.parent("Deployment", dep, NewestReplicaSet(d.x.rsByOwner[dep.UID]), rs))
	}
	for _, cj := range o.CronJobs {
		out = append(out, d.parent("CronJob", cj, NewestJob(d.x.jobsByOwner[cj.UID]), jobs))
	}
	return out
}

// owner diagnoses a workload that controls pods.
func (d *diagnoser) owner(kind string, m metav1.Object) Verdict {
	in := workload.Input{Object: m, Events: d.x.events(kind, m), Now: d.now, PodsUnknown: !d.objs.Known["Pod"]}
	for _, p := range d.x.podsByOwner[m.GetUID()] {
		in.Pods = append(in.Pods, PodVerdict(p.Pod, p.Diagnosis))
	}
	return Verdict{Object: ObjectOf(kind, m), Diagnosis: workload.Diagnose(in, d.opts).Diagnosis}
}

// parent diagnoses a workload whose newest child (already diagnosed, in
// verdicts) carries its pods.
func (d *diagnoser) parent(kind string, m metav1.Object, newest metav1.Object, verdicts map[types.UID]Verdict) Verdict {
	in := workload.Input{Object: m, Events: d.x.events(kind, m), Now: d.now}
	if newest != nil {
		v := verdicts[newest.GetUID()]
		in.Newest = &workload.Child{Object: v.Object, Diagnosis: v.Diagnosis}
	}
	return Verdict{Object: ObjectOf(kind, m), Diagnosis: workload.Diagnose(in, d.opts).Diagnosis}
}

// NewestReplicaSet is the ReplicaSet a Deployment's rollout made last: the
// highest revision; nil for none.
func NewestReplicaSet(rss []*appsv1.ReplicaSet) metav1.Object { return newestChild(rss, revisionOf) }

// NewestJob is the Job a CronJob started last; nil for none.
func NewestJob(jobs []*batchv1.Job) metav1.Object { return newestChild(jobs, nil) }

// newestChild is the child with the highest revision (when rev is given),
// then the latest creation, then the greatest name: the one a rollout or a
// schedule made last.
func newestChild[T metav1.Object](children []T, rev func(metav1.Object) int64) metav1.Object {
	if len(children) == 0 {
		return nil
	}
	best := slices.MaxFunc(children, func(a, b T) int {
		if rev != nil {
			if c := cmp.Compare(rev(a), rev(b)); c != 0 {
				return c
			}
		}
		if c := a.GetCreationTimestamp().Time.Compare(b.GetCreationTimestamp().Time); c != 0 {
			return c
		}
		return cmp.Compare(a.GetName(), b.GetName())
	})
	return best
}

// revisionAnnotation is where the Deployment controller numbers its ReplicaSets.
const revisionAnnotation = "deployment.kubernetes.io/revision"

func revisionOf(m metav1.Object) int64 {
	n, _ := strconv.ParseInt(m.GetAnnotations()[revisionAnnotation], 10, 64)
	return n
}

// PodVerdict is the roll-up's view of one pod.
func PodVerdict(p *corev1.Pod, d *diagnosis.Diagnosis) diagnosis.PodVerdict {
	v := diagnosis.PodVerdict{Name: p.Name, Created: p.CreationTimestamp.Time, Diagnosis: d}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			v.Ready = c.Status == corev1.ConditionTrue
		}
	}
	return v
}

// ObjectOf names an object for its diagnosis.
func ObjectOf(kind string, m metav1.Object) diagnosis.Object {
	return diagnosis.Object{Kind: kind, Namespace: m.GetNamespace(), Name: m.GetName(), Created: m.GetCreationTimestamp().Time}
}
