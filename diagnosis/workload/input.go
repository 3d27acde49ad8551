// Package workload diagnoses the workloads of design.md's "Beyond pods":
// Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and CronJobs. A
// workload carries its pods' dominant cause (diagnosis.Dominant) or, when
// its controller cannot create pods or its rollout stopped, a code of its
// own. Pure, like the pod engine: plain API objects and a clock value in,
// a diagnosis.Result out.
//
// Decisions (docs/ repeats them):
//
//   - Idle workloads are never diagnosed: scaled to zero (spec.replicas 0,
//     a DaemonSet with desiredNumberScheduled 0, a suspended CronJob or Job
//     with nothing active) and a Job that completed (Complete or
//     SuccessCriteriaMet), whatever failed pods it retried past.
//   - Order of checks (design.md): a creation failure, then the cause
//     rolled up from the pods or the newest child, then JobFailed, then
//     RolloutStuck; an abnormal state none of them explains is Unclassified.
//   - A creation failure is the ReplicaSet / Deployment ReplicaFailure
//     condition (reason FailedCreate; on a Deployment also Progressing=False
//     ReplicaSetCreateError), or a FailedCreate event about the object whose
//     last time is newer than every SuccessfulCreate about it (a CronJob's
//     own "Error creating job" included). It counts even while old pods
//     keep the workload fully available (a surge pod refused by a quota).
//     Its error text picks the code: QuotaExceeded, ServiceAccountNotFound,
//     PodSecurityRejected, LimitRangeRejected, AdmissionWebhookDenied,
//     AdmissionWebhookUnavailable, else PodCreateFailed with the message
//     kept. The newest event's text wins over the condition's, which keeps
//     the first error.
//   - Grace: a creation failure is diagnosed once it has lasted the grace
//     period (from the condition's lastTransitionTime, else from the first
//     FailedCreate after the last SuccessfulCreate); until then RecheckAt
//     says when, and the other checks still run (pods already diagnosed
//     keep showing).
//   - Pods' cause: a ReplicaSet, StatefulSet or DaemonSet carries
//     diagnosis.Dominant of its pods while fewer are available than desired
//     (status.availableReplicas / numberAvailable against spec.replicas /
//     desiredNumberScheduled) or a StatefulSet / DaemonSet update is under
//     way; a Job whenever one of its pods is diagnosed (the Failed condition
//     added to the evidence). No grace of its own: each pod passed its own.
//   - A Deployment carries its own creation failure first, else its newest
//     ReplicaSet's verdict (diagnosis.FromChild) — a rollout stuck on a
//     broken new ReplicaSet shows even while old pods keep it available —,
//     else Progressing=False ProgressDeadlineExceeded as RolloutStuck. An
//     Unclassified newest ReplicaSet gives way to that RolloutStuck. A
//     CronJob carries its own creation failure, else its newest Job's verdict.
//   - JobFailed: condition Failed=True with no pod left diagnosed; names the
//     reason, the message and backoffLimit / activeDeadlineSeconds /
//     maxFailedIndexes. With failed pods still present the Job carries their
//     code ("N of M pods: ...").
//   - RolloutStuck for a StatefulSet / DaemonSet: a RollingUpdate with fewer
//     pods on the new revision than due (spec.replicas minus the partition;
//     updatedNumberScheduled against desiredNumberScheduled), no pod cause,
//     no creation failure, and no event about the object for the grace
//     period (measured from its creation when it has none). OnDelete
//     strategies and a status older than the spec are never stuck.
//   - Unclassified: a ReplicaFailure other than FailedCreate (FailedDelete),
//     or fewer pods available than desired past the grace period with fewer
//     Ready too (minReadySeconds aside), no pod diagnosed and no creation
//     failure on record (its events may have expired).
//   - Severity: Critical where only a person's change helps
//     (ServiceAccountNotFound, PodSecurityRejected, LimitRangeRejected,
//     AdmissionWebhookDenied, JobFailed, and QuotaExceeded for "failed
//     quota: must specify"); Warning where the cause may go by itself
//     (QuotaExceeded for an exhausted quota, AdmissionWebhookUnavailable,
//     PodCreateFailed, RolloutStuck).
package workload

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Input is everything the engine looks at for one workload.
type Input struct {
	// Object is the workload: *appsv1.Deployment, *appsv1.ReplicaSet,
	// *appsv1.StatefulSet, *appsv1.DaemonSet, *batchv1.Job or *batchv1.CronJob.
	Object metav1.Object
	// Events are the core/v1 Events about the workload itself (FailedCreate,
	// SuccessfulCreate, BackoffLimitExceeded ...), in any order.
	Events []corev1.Event
	// Pods are the pods it controls (controller ownerReference) with their
	// verdicts; unused for a Deployment and a CronJob, which own no pods.
	Pods []diagnosis.PodVerdict
	// PodsUnknown says the pods were not read at all (a dump of workloads
	// alone): a shortage of pods is then not concluded from their absence.
	PodsUnknown bool
	// Newest is a Deployment's newest ReplicaSet or a CronJob's newest Job
	// with its own verdict; nil when it has none.
	Newest *Child
	// Now is the clock value the time-based rules use.
	Now time.Time
}

// Child is the ReplicaSet of a Deployment or the Job of a CronJob, already
// diagnosed.
type Child struct {
	Object diagnosis.Object
	// Diagnosis is nil for a healthy child.
	Diagnosis *diagnosis.Diagnosis
}
