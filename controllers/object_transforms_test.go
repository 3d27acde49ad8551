package controllers

import (
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func withLabel(m metav1.ObjectMeta, k, v string) metav1.ObjectMeta {
	m.Labels = map[string]string{"app": "web", k: v}
	return m
}

// TestTransformObject: the caches of the objects beyond pods keep what the
// engines and the write path read, and lose the templates, the field
// owners' bookkeeping and other people's annotations; twice is once.
func TestTransformObject(t *testing.T) {
	tpl := corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "app:1"}}}}
	meta := func(ann map[string]string) metav1.ObjectMeta {
		return metav1.ObjectMeta{Name: "web-5fc9", Namespace: "shop", Labels: map[string]string{"app": "web"}, Annotations: ann,
			ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kube-controller-manager"}}}
	}
	ann := map[string]string{revisionAnnotation: "3", "pod-doctor.io/reason": "QuotaExceeded", corev1.LastAppliedConfigAnnotation: "{...}"}
	tests := []struct {
		name    string
		in, out any
	}{
		{"replicaset keeps its revision and our keys",
			&appsv1.ReplicaSet{ObjectMeta: meta(ann), Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](2), Template: tpl}},
			&appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: "web-5fc9", Namespace: "shop",
				Annotations: map[string]string{revisionAnnotation: "3", "pod-doctor.io/reason": "QuotaExceeded"}},
				Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](2)}}},
		{"deployment loses its revision, selector and labels but the ignore label",
			&appsv1.Deployment{ObjectMeta: withLabel(meta(ann), IgnoreLabel, "true"),
				Spec: appsv1.DeploymentSpec{Template: tpl, Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}}},
			&appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web-5fc9", Namespace: "shop", Labels: map[string]string{IgnoreLabel: "true"},
				Annotations: map[string]string{"pod-doctor.io/reason": "QuotaExceeded"}}}},
		{"endpointslice keeps readiness, addresses and ports",
			&discoveryv1.EndpointSlice{ObjectMeta: meta(map[string]string{"endpoints.kubernetes.io/last-change-trigger-time": "x"}),
				Endpoints: []discoveryv1.Endpoint{{Addresses: []string{"10.0.0.7"}, Conditions: discoveryv1.EndpointConditions{Ready: ptr.To(true)},
					TargetRef: &corev1.ObjectReference{Kind: "Pod", Name: "web-0"}, NodeName: ptr.To("n1"), Zone: ptr.To("a")}},
				Ports: []discoveryv1.EndpointPort{{Port: ptr.To[int32](80)}}},
			&discoveryv1.EndpointSlice{ObjectMeta: metav1.ObjectMeta{Name: "web-5fc9", Namespace: "shop", Labels: map[string]string{"app": "web"}},
				Endpoints: []discoveryv1.Endpoint{{Addresses: []string{"10.0.0.7"}, Conditions: discoveryv1.EndpointConditions{Ready: ptr.To(true)}}},
				Ports:     []discoveryv1.EndpointPort{{Port: ptr.To[int32](80)}}}},
	}
	tf := TransformObject("pod-doctor.io/")
	for _, tc := range tests {
		got, _ := tf(tc.in)
		if !reflect.DeepEqual(got, tc.out) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.out)
		}
		if again, _ := tf(got); !reflect.DeepEqual(again, tc.out) {
			t.Errorf("%s: not idempotent: %+v", tc.name, again)
		}
	}
}
