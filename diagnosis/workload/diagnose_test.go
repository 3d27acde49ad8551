package workload_test

import (
	"reflect"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/internal/texttest"
	"github.com/pod-doctor/pod-doctor/diagnosis/workload"
)

// TestRuleReasons: each code of the family has exactly one rule, in the
// design's order (creation failure first, PodCreateFailed last of them).
func TestRuleReasons(t *testing.T) {
	want := []diagnosis.Reason{"QuotaExceeded", "ServiceAccountNotFound", "PodSecurityRejected", "LimitRangeRejected",
		"AdmissionWebhookDenied", "AdmissionWebhookUnavailable", "PodCreateFailed", "JobFailed", "RolloutStuck"}
	if got := workload.RuleReasons(); !reflect.DeepEqual(got, want) {
		t.Fatalf("RuleReasons() = %v, want %v", got, want)
	}
	for _, r := range want {
		e, ok := diagnosis.Lookup(r)
		if !ok || len(e.Kinds) == 0 {
			t.Errorf("%s: no catalog entry with Kinds", r)
		}
	}
}

var (
	t0   = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	opts = diagnosis.DefaultOptions()
)

func ptr[T any](v T) *T { return &v }

func objectMeta(name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: name, Namespace: "shop", UID: types.UID("uid-" + name), CreationTimestamp: metav1.NewTime(t0)}
}

func event(reason, msg string, first, last time.Time) corev1.Event {
	return corev1.Event{Reason: reason, Message: msg, Type: corev1.EventTypeWarning, Count: 1,
		FirstTimestamp: metav1.NewTime(first), LastTimestamp: metav1.NewTime(last), Source: corev1.EventSource{Component: "replicaset-controller"}}
}

const saMsg = `Error creating: pods "web-1-" is forbidden: error looking up service account shop/app: serviceaccount "app" not found`

func replicaSet(replicas, available int32) *appsv1.ReplicaSet {
	return &appsv1.ReplicaSet{ObjectMeta: objectMeta("web-1"), Spec: appsv1.ReplicaSetSpec{Replicas: ptr(replicas)},
		Status: appsv1.ReplicaSetStatus{AvailableReplicas: available, ReadyReplicas: available}}
}

func crashing(name string) diagnosis.PodVerdict {
	return diagnosis.PodVerdict{Name: name, Created: t0, Diagnosis: &diagnosis.Diagnosis{Reason: diagnosis.ReasonAppCrash,
		Severity: diagnosis.SeverityCritical, Summary: "Container app exited with code 1", Since: t0}}
}

// TestDiagnose covers the gate and the order of checks: the code, and the
// RecheckAt a running grace period sets.
func TestDiagnose(t *testing.T) {
	failed := event("FailedCreate", saMsg, t0.Add(time.Minute), t0.Add(5*time.Minute))
	tests := []struct {
		name    string
		in      workload.Input
		want    diagnosis.Reason // "" : no diagnosis
		recheck time.Time
	}{
		{name: "nil object", in: workload.Input{Now: t0}},
		{name: "nil typed object", in: workload.Input{Object: (*appsv1.Deployment)(nil), Now: t0}},
		{name: "unknown kind", in: workload.Input{Object: &corev1.Pod{ObjectMeta: objectMeta("p")}, Now: t0}},
		{name: "scaled to zero", in: workload.Input{Object: replicaSet(0, 0), Events: []corev1.Event{failed}, Now: t0.Add(time.Hour)}},
		{name: "creation failure past grace", in: workload.Input{Object: replicaSet(2, 2), Events: []corev1.Event{failed}, Now: t0.Add(4 * time.Minute)},
			want: diagnosis.ReasonServiceAccountNotFound},
		{name: "creation failure within grace", in: workload.Input{Object: replicaSet(2, 2), Events: []corev1.Event{failed}, Now: t0.Add(2 * time.Minute)},
			recheck: t0.Add(3 * time.Minute)},
		{name: "within grace: the pods' cause meanwhile",
			in:   workload.Input{Object: replicaSet(2, 1), Events: []corev1.Event{failed}, Pods: []diagnosis.PodVerdict{crashing("a")}, Now: t0.Add(2 * time.Minute)},
			want: diagnosis.ReasonAppCrash, recheck: t0.Add(3 * time.Minute)},
		{name: "creation failure before the pods' cause",
			in:   workload.Input{Object: replicaSet(2, 1), Events: []corev1.Event{failed}, Pods: []diagnosis.PodVerdict{crashing("a")}, Now: t0.Add(10 * time.Minute)},
			want: diagnosis.ReasonServiceAccountNotFound},
		{name: "SuccessfulCreate after FailedCreate",
			in: workload.Input{Object: replicaSet(2, 2), Now: t0.Add(time.Hour), Events: []corev1.Event{failed,
				event("SuccessfulCreate", "Created pod: web-1-abcde", t0.Add(6*time.Minute), t0.Add(6*time.Minute))}}},
		{name: "available: crashing old pod not rolled up", in: workload.Input{Object: replicaSet(2, 2), Pods: []diagnosis.PodVerdict{crashing("a")}, Now: t0}},
		{name: "short: crashing pods rolled up", in: workload.Input{Object: replicaSet(2, 1), Pods: []diagnosis.PodVerdict{crashing("a")}, Now: t0},
			want: diagnosis.ReasonAppCrash},
		{name: "short, nothing on record, within grace", in: workload.Input{Object: replicaSet(2, 0), Now: t0.Add(time.Minute)}, recheck: t0.Add(2 * time.Minute)},
		{name: "short, nothing on record", in: workload.Input{Object: replicaSet(2, 0), Now: t0.Add(time.Hour)}, want: diagnosis.ReasonUnclassified},
		{name: "job failed, pods gone", in: workload.Input{Object: failedJob(), Now: t0.Add(time.Hour)}, want: diagnosis.ReasonJobFailed},
		{name: "job failed, pods kept", in: workload.Input{Object: failedJob(), Pods: []diagnosis.PodVerdict{crashing("a")}, Now: t0.Add(time.Hour)},
			want: diagnosis.ReasonAppCrash},
		{name: "job complete", in: workload.Input{Object: completeJob(), Pods: []diagnosis.PodVerdict{crashing("a")}, Now: t0.Add(time.Hour)}},
		{name: "suspended job", in: workload.Input{Object: &batchv1.Job{ObjectMeta: objectMeta("j"), Spec: batchv1.JobSpec{Suspend: ptr(true)}}, Now: t0}},
		{name: "deployment: newest ReplicaSet's cause", in: workload.Input{Object: deployment(nil), Newest: child(diagnosis.ReasonAppCrash), Now: t0},
			want: diagnosis.ReasonAppCrash},
		{name: "deployment: own deadline over an Unclassified child", in: workload.Input{Object: deployment(deadline()), Newest: child(diagnosis.ReasonUnclassified), Now: t0},
			want: diagnosis.ReasonRolloutStuck},
		{name: "deployment: Unclassified child without deadline", in: workload.Input{Object: deployment(nil), Newest: child(diagnosis.ReasonUnclassified), Now: t0},
			want: diagnosis.ReasonUnclassified},
		{name: "deployment: ReplicaSet cannot be created", in: workload.Input{Object: deployment(&appsv1.DeploymentCondition{Type: appsv1.DeploymentProgressing,
			Status: corev1.ConditionFalse, Reason: "ReplicaSetCreateError", LastTransitionTime: metav1.NewTime(t0),
			Message: `Failed to create new replica set "web-1": replicasets.apps "web-1" is forbidden: exceeded quota: rs, requested: count/replicasets.apps=1, used: count/replicasets.apps=10, limited: count/replicasets.apps=10`}),
			Now: t0.Add(time.Hour)}, want: diagnosis.ReasonPodCreateFailed},
		{name: "cronjob suspended, nothing active", in: workload.Input{Object: &batchv1.CronJob{ObjectMeta: objectMeta("c"), Spec: batchv1.CronJobSpec{Suspend: ptr(true)}},
			Newest: child(diagnosis.ReasonJobFailed), Now: t0}},
		{name: "cronjob: newest Job's cause", in: workload.Input{Object: &batchv1.CronJob{ObjectMeta: objectMeta("c")}, Newest: child(diagnosis.ReasonJobFailed), Now: t0},
			want: diagnosis.ReasonJobFailed},
		{name: "cronjob: healthy newest Job", in: workload.Input{Object: &batchv1.CronJob{ObjectMeta: objectMeta("c")}, Newest: &workload.Child{}, Now: t0}},
		{name: "statefulset update within grace", in: workload.Input{Object: updatingSet(), Now: t0.Add(time.Minute)}, recheck: t0.Add(2 * time.Minute)},
		{name: "statefulset update stalled", in: workload.Input{Object: updatingSet(), Now: t0.Add(time.Hour)}, want: diagnosis.ReasonRolloutStuck},
		{name: "statefulset update, partition reached", in: workload.Input{Object: partitioned(), Now: t0.Add(time.Hour)}},
		{name: "daemonset on no node", in: workload.Input{Object: &appsv1.DaemonSet{ObjectMeta: objectMeta("d")}, Events: []corev1.Event{failed}, Now: t0.Add(time.Hour)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := workload.Diagnose(tt.in, opts)
			var got diagnosis.Reason
			if res.Diagnosis != nil {
				got = res.Diagnosis.Reason
			}
			if got != tt.want || !res.RecheckAt.Equal(tt.recheck) {
				t.Errorf("got %q recheck %v, want %q recheck %v", got, res.RecheckAt, tt.want, tt.recheck)
			}
		})
	}
}

func failedJob() *batchv1.Job {
	return &batchv1.Job{ObjectMeta: objectMeta("j"), Spec: batchv1.JobSpec{BackoffLimit: ptr(int32(1))}, Status: batchv1.JobStatus{Failed: 2,
		Conditions: []batchv1.JobCondition{{Type: batchv1.JobFailed, Status: corev1.ConditionTrue, Reason: "BackoffLimitExceeded",
			Message: "Job has reached the specified backoff limit", LastTransitionTime: metav1.NewTime(t0)}}}}
}

func completeJob() *batchv1.Job {
	return &batchv1.Job{ObjectMeta: objectMeta("j"), Status: batchv1.JobStatus{Failed: 1, Succeeded: 1,
		Conditions: []batchv1.JobCondition{{Type: batchv1.JobComplete, Status: corev1.ConditionTrue}}}}
}

func deployment(c *appsv1.DeploymentCondition) *appsv1.Deployment {
	d := &appsv1.Deployment{ObjectMeta: objectMeta("web"), Spec: appsv1.DeploymentSpec{Replicas: ptr(int32(2)), ProgressDeadlineSeconds: ptr(int32(600))}}
	if c != nil {
		d.Status.Conditions = []appsv1.DeploymentCondition{*c}
	}
	return d
}

func deadline() *appsv1.DeploymentCondition {
	return &appsv1.DeploymentCondition{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse, Reason: "ProgressDeadlineExceeded",
		Message: `ReplicaSet "web-1" has timed out progressing.`, LastTransitionTime: metav1.NewTime(t0)}
}

func child(r diagnosis.Reason) *workload.Child {
	return &workload.Child{Object: diagnosis.Object{Kind: "ReplicaSet", Namespace: "shop", Name: "web-1"},
		Diagnosis: &diagnosis.Diagnosis{Reason: r, Summary: "x", Since: t0}}
}

func updatingSet() *appsv1.StatefulSet {
	return &appsv1.StatefulSet{ObjectMeta: objectMeta("db"), Spec: appsv1.StatefulSetSpec{Replicas: ptr(int32(3))},
		Status: appsv1.StatefulSetStatus{AvailableReplicas: 3, ReadyReplicas: 3, UpdatedReplicas: 1, CurrentRevision: "db-1", UpdateRevision: "db-2"}}
}

func partitioned() *appsv1.StatefulSet {
	s := updatingSet()
	s.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType,
		RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr(int32(2))}}
	return s
}

// TestPhrasesComplete: every phrase in both languages with the same
// placeholders.
func TestPhrasesComplete(t *testing.T) {
	texttest.Complete(t, workload.PhraseTable)
	texttest.Complete(t, workload.PSAFixes)
}

// TestDiagnoseOddInput: empty objects of every kind, a pod without a
// verdict, a child without a diagnosis, an event without times: no panic,
// and only the verdict the empty status implies (spec.replicas defaults
// to 1, so an empty ReplicaSet or StatefulSet lacks a pod since forever).
func TestDiagnoseOddInput(t *testing.T) {
	tests := []struct {
		obj  metav1.Object
		want diagnosis.Reason
	}{
		{&appsv1.Deployment{}, ""}, {&appsv1.ReplicaSet{}, diagnosis.ReasonUnclassified},
		{&appsv1.StatefulSet{}, diagnosis.ReasonUnclassified}, {&appsv1.DaemonSet{}, ""},
		{&batchv1.Job{}, ""}, {&batchv1.CronJob{}, ""},
	}
	for _, tt := range tests {
		in := workload.Input{Object: tt.obj, Pods: []diagnosis.PodVerdict{{}}, Newest: &workload.Child{},
			Events: []corev1.Event{{Reason: "FailedCreate"}}, Now: t0}
		var got diagnosis.Reason
		if res := workload.Diagnose(in, opts); res.Diagnosis != nil {
			got = res.Diagnosis.Reason
		}
		if got != tt.want {
			t.Errorf("%T: got %q, want %q", tt.obj, got, tt.want)
		}
	}
}
