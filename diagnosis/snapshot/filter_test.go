package snapshot

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
)

func TestPodFilter(t *testing.T) {
	rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "api-1", UID: "rs-uid"}}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "web", Name: "front"}}
	claim := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: "db", Name: "data"}}
	owned := func(uid string) []metav1.OwnerReference {
		return []metav1.OwnerReference{{Kind: "ReplicaSet", Name: "x", UID: types.UID(uid), Controller: ptr.To(true)}}
	}
	pod := func(ns string, refs []metav1.OwnerReference, vols ...corev1.Volume) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "p", OwnerReferences: refs}, Spec: corev1.PodSpec{Volumes: vols}}
	}
	claimVol := corev1.Volume{Name: "d", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "data"}}}
	otherOwner := []metav1.OwnerReference{{Kind: "ReplicaSet", Name: "gone", UID: "other", Controller: ptr.To(true)}}
	tests := []struct {
		name string
		objs Objects
		pod  *corev1.Pod
		want bool
	}{
		{"owned by a ReplicaSet of the snapshot", Objects{ReplicaSets: []*appsv1.ReplicaSet{rs}}, pod("shop", owned("rs-uid")), true},
		{"owned by a ReplicaSet not listed", Objects{ReplicaSets: []*appsv1.ReplicaSet{rs}}, pod("shop", otherOwner), false},
		{"a Service in its namespace", Objects{Services: []*corev1.Service{svc}}, pod("web", nil), true},
		{"a Service in another namespace", Objects{Services: []*corev1.Service{svc}}, pod("shop", nil), false},
		{"mounts a claim", Objects{Claims: []*corev1.PersistentVolumeClaim{claim}}, pod("db", nil, claimVol), true},
		{"no claim listed", Objects{Services: []*corev1.Service{svc}}, pod("db", nil, claimVol), false},
		{"bare pod, nothing to roll up into", Objects{Namespaces: []*corev1.Namespace{{ObjectMeta: metav1.ObjectMeta{Name: "shop"}}}}, pod("shop", nil), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.objs.PodFilter()(tt.pod); got != tt.want {
				t.Errorf("PodFilter = %v, want %v", got, tt.want)
			}
		})
	}
}
