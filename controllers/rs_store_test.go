package controllers

import (
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// TestReplicaSetRecord: a ReplicaSet's record gives back what the workload
// engine, the newest-ReplicaSet choice and the write path read — counts, the
// ReplicaFailure condition, owner, revision, our annotations, the ignore
// label — and nothing else.
func TestReplicaSetRecord(t *testing.T) {
	failure := appsv1.ReplicaSetCondition{Type: appsv1.ReplicaSetReplicaFailure, Status: corev1.ConditionTrue, Reason: "FailedCreate",
		Message: `pods "web-5fc9-x" is forbidden: exceeded quota: pods`, LastTransitionTime: metav1.Unix(1700000000, 0)}
	owner := metav1.OwnerReference{APIVersion: "apps/v1", Kind: kindDeployment, Name: "web", UID: "d1", Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}
	in := &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: "web-5fc9", Namespace: "shop", UID: "r1", ResourceVersion: "42", CreationTimestamp: metav1.Unix(1699999000, 0),
			Labels:          map[string]string{"app": "web", IgnoreLabel: "false"},
			Annotations:     map[string]string{revisionAnnotation: "7", "pod-doctor.io/reason": "QuotaExceeded", "deployment.kubernetes.io/desired-replicas": "2"},
			OwnerReferences: []metav1.OwnerReference{owner}, ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kube-controller-manager"}}},
		Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](2), Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "app:1"}}}}},
		Status: appsv1.ReplicaSetStatus{Replicas: 1, ReadyReplicas: 1, AvailableReplicas: 1, Conditions: []appsv1.ReplicaSetCondition{failure}},
	}
	s := &ReplicaSets{prefix: "pod-doctor.io/", names: newInternTable()}
	rec, err := s.record(in)
	if err != nil {
		t.Fatal(err)
	}
	want := &appsv1.ReplicaSet{
		TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: kindReplicaSet},
		ObjectMeta: metav1.ObjectMeta{Name: "web-5fc9", Namespace: "shop", UID: "r1", ResourceVersion: "42", CreationTimestamp: metav1.Unix(1699999000, 0),
			Labels:          map[string]string{IgnoreLabel: "false"},
			Annotations:     map[string]string{revisionAnnotation: "7", "pod-doctor.io/reason": "QuotaExceeded"},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: kindDeployment, Name: "web", UID: "d1", Controller: ptr.To(true)}}},
		Spec:   appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](2)},
		Status: appsv1.ReplicaSetStatus{ReadyReplicas: 1, AvailableReplicas: 1, Conditions: []appsv1.ReplicaSetCondition{failure}},
	}
	if got := rec.(*rsRecord).decode(); !reflect.DeepEqual(got, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", got, want)
	}
	if again, _ := s.record(rec); again != rec {
		t.Error("a record must pass the transform unchanged (a resync)")
	}
}
