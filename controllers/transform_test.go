package controllers

import (
	"reflect"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/slim"
)

func TestTransformPod(t *testing.T) {
	longMsg := strings.Repeat("x", 5000)
	in := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: "p", Namespace: "ns", UID: "u", ResourceVersion: "7",
			Labels:        map[string]string{"app": "web", IgnoreLabel: "true"},
			Annotations:   map[string]string{testKeys.Reason: "OOMKilled", "kubectl.kubernetes.io/last-applied-configuration": longMsg, "team": "a"},
			ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl"}},
			Finalizers:    []string{"example.com/block"},
		},
		Spec: corev1.PodSpec{
			NodeName:            "n1",
			EphemeralContainers: []corev1.EphemeralContainer{{}},
			DNSConfig:           &corev1.PodDNSConfig{},
			Containers: []corev1.Container{{
				Name: "app", Image: "nginx:1", TerminationMessagePath: "/dev/termination-log",
				Env: []corev1.EnvVar{{Name: "BIG", Value: longMsg}, {Name: "REF", ValueFrom: &corev1.EnvVarSource{
					ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "app-config"}, Key: "k"}}}},
			}},
			Volumes: []corev1.Volume{{Name: "data", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "c"}}}},
		},
		Status: corev1.PodStatus{
			Phase: corev1.PodRunning, PodIPs: []corev1.PodIP{{IP: "10.0.0.1"}}, PodIP: "10.0.0.1",
			ContainerStatuses: []corev1.ContainerStatus{{
				Name: "app", ImageID: "sha256:abc", RestartCount: 3,
				LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled", Message: longMsg}},
			}},
		},
	}
	out, err := TransformPod(DefaultAnnotationPrefix)(in.DeepCopy())
	if err != nil {
		t.Fatal(err)
	}
	p := out.(*corev1.Pod)
	checks := []struct {
		name string
		ok   bool
	}{
		{"managedFields dropped", p.ManagedFields == nil},
		{"foreign annotations dropped, ours kept", reflect.DeepEqual(p.Annotations, map[string]string{testKeys.Reason: "OOMKilled"})},
		{"labels kept", reflect.DeepEqual(p.Labels, in.Labels)},
		{"identity kept", p.Name == "p" && p.UID == "u" && p.ResourceVersion == "7" && len(p.Finalizers) == 1},
		{"ephemeral containers dropped", p.Spec.EphemeralContainers == nil && p.Spec.DNSConfig == nil},
		{"engine's spec kept", p.Spec.NodeName == "n1" && p.Spec.Containers[0].Image == "nginx:1" && len(p.Spec.Volumes) == 1},
		{"env reference kept", p.Spec.Containers[0].Env[1].ValueFrom.ConfigMapKeyRef.Name == "app-config"},
		{"env value capped", len(p.Spec.Containers[0].Env[0].Value) <= maxEnvValue},
		{"status kept", p.Status.Phase == corev1.PodRunning && p.Status.PodIP == "10.0.0.1" && p.Status.ContainerStatuses[0].RestartCount == 3},
		{"status extras dropped", p.Status.PodIPs == nil && p.Status.ContainerStatuses[0].ImageID == "" && p.Status.ContainerStatuses[0].ContainerID == ""},
		{"termination message capped", len(p.Status.ContainerStatuses[0].LastTerminationState.Terminated.Message) <= maxStatusMessage},
		{"termination reason kept", p.Status.ContainerStatuses[0].LastTerminationState.Terminated.Reason == "OOMKilled"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: got %+v", c.name, p)
		}
	}
	again, _ := TransformPod(DefaultAnnotationPrefix)(p.DeepCopy())
	if !reflect.DeepEqual(again, p) {
		t.Error("TransformPod is not idempotent")
	}
	if o, err := TransformPod(DefaultAnnotationPrefix)("not a pod"); err != nil || o != "not a pod" {
		t.Errorf("non-pod passed through as %v, %v", o, err)
	}
}

func TestTransformEvent(t *testing.T) {
	in := &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: "e", Namespace: "ns", ManagedFields: []metav1.ManagedFieldsEntry{{}}, Annotations: map[string]string{"a": "b"}},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "p", Namespace: "ns", UID: "u", FieldPath: "spec.containers{web}", ResourceVersion: "9"},
		Type:           "Warning", Reason: "Failed", Message: strings.Repeat("m", 10000),
		Source: corev1.EventSource{Component: "kubelet", Host: "node-1"}, Count: 4, ReportingInstance: "node-1",
	}
	out, _ := TransformEvent(in.DeepCopy())
	e := out.(*corev1.Event)
	want := in.DeepCopy()
	want.ManagedFields, want.Annotations, want.Source.Host, want.ReportingInstance, want.InvolvedObject.ResourceVersion = nil, nil, "", "", ""
	want.UID, want.InvolvedObject.APIVersion = "", ""
	want.Message = diagnosis.Truncate(in.Message, slim.MaxEventMessage)
	if !reflect.DeepEqual(e, want) {
		t.Errorf("TransformEvent =\n%+v\nwant\n%+v", e, want)
	}
}

func TestTransformNodeAndNamespace(t *testing.T) {
	n := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: "n1", Labels: map[string]string{"zone": "a"}, Annotations: map[string]string{"x": "y"}},
		Spec:       corev1.NodeSpec{Taints: []corev1.Taint{{Key: "k", Effect: corev1.TaintEffectNoSchedule}}, Unschedulable: true},
		Status: corev1.NodeStatus{
			Conditions:  []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionUnknown}},
			Images:      []corev1.ContainerImage{{Names: []string{"nginx"}}},
			Allocatable: corev1.ResourceList{corev1.ResourceCPU: *resourceQuantity("2")},
		},
	}
	out, _ := TransformNode(n.DeepCopy())
	got := out.(*corev1.Node)
	want := n.DeepCopy()
	want.Annotations, want.Status.Images = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TransformNode =\n%+v\nwant\n%+v", got, want)
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "a", UID: "u", ResourceVersion: "1", Labels: map[string]string{IgnoreLabel: "true"},
		Annotations: map[string]string{"x": "y", "pod-doctor.io/reason": "NamespaceStuckTerminating"}, Finalizers: []string{"example.com/hold"},
		ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl"}}},
		Spec: corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{"kubernetes"}}, Status: corev1.NamespaceStatus{Phase: corev1.NamespaceTerminating}}
	out, _ = TransformNamespace("pod-doctor.io/")(ns)
	wantNS := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "a", UID: "u", ResourceVersion: "1", Labels: map[string]string{IgnoreLabel: "true"},
		Annotations: map[string]string{"pod-doctor.io/reason": "NamespaceStuckTerminating"}, Finalizers: []string{"example.com/hold"}},
		Spec: corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{"kubernetes"}}, Status: corev1.NamespaceStatus{Phase: corev1.NamespaceTerminating}}
	if !reflect.DeepEqual(out, wantNS) {
		t.Errorf("TransformNamespace = %+v, want %+v", out, wantNS)
	}
}

// TestCompactSettled: the store compacts exactly the pods the engine calls
// settled under the options it runs with.
func TestCompactSettled(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	running := func(restarts int32, lastFinished time.Duration) corev1.ContainerStatus {
		cs := corev1.ContainerStatus{Name: "app", Ready: true, RestartCount: restarts,
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: metav1.NewTime(now.Add(-time.Hour))}}}
		if restarts > 0 {
			cs.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled", FinishedAt: metav1.NewTime(now.Add(-lastFinished))}
		}
		return cs
	}
	pod := func(phase corev1.PodPhase, ready corev1.ConditionStatus, cs ...corev1.ContainerStatus) *corev1.Pod {
		return &corev1.Pod{
			Spec: corev1.PodSpec{NodeName: "n1", Containers: []corev1.Container{{Name: "app", Image: "nginx",
				Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: *resourceQuantity("1Gi")}}}}},
			Status: corev1.PodStatus{Phase: phase, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: ready}}, ContainerStatuses: cs},
		}
	}
	deleting := pod(corev1.PodRunning, corev1.ConditionTrue, running(0, 0))
	deleting.DeletionTimestamp = &metav1.Time{Time: now}
	unbound := pod(corev1.PodRunning, corev1.ConditionTrue, running(0, 0))
	unbound.Spec.NodeName = ""
	waiting := pod(corev1.PodPending, corev1.ConditionFalse, corev1.ContainerStatus{Name: "app", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff"}}})
	day := diagnosis.DefaultOptions()
	day.RestartWindow = 24 * time.Hour
	tests := []struct {
		name string
		pod  *corev1.Pod
		opts diagnosis.Options
		want bool
	}{
		{"running and ready", pod(corev1.PodRunning, corev1.ConditionTrue, running(0, 0)), diagnosis.Options{}, true},
		{"old restart", pod(corev1.PodRunning, corev1.ConditionTrue, running(3, time.Hour)), diagnosis.Options{}, true},
		{"old restart inside a 24h window", pod(corev1.PodRunning, corev1.ConditionTrue, running(3, 61*time.Minute)), day, false},
		{"restart inside the window", pod(corev1.PodRunning, corev1.ConditionTrue, running(3, 5*time.Minute)), diagnosis.Options{}, false},
		{"not ready", pod(corev1.PodRunning, corev1.ConditionFalse, running(0, 0)), diagnosis.Options{}, false},
		{"missing container status", pod(corev1.PodRunning, corev1.ConditionTrue), diagnosis.Options{}, false},
		{"succeeded", pod(corev1.PodSucceeded, corev1.ConditionFalse), diagnosis.Options{}, true},
		{"failed", pod(corev1.PodFailed, corev1.ConditionFalse), diagnosis.Options{}, false},
		{"waiting", waiting, diagnosis.Options{}, false},
		{"being deleted", deleting, diagnosis.Options{}, false},
		{"unbound", unbound, diagnosis.Options{}, false},
	}
	for _, tc := range tests {
		if tc.opts == (diagnosis.Options{}) {
			tc.opts = diagnosis.DefaultOptions()
		}
		p := tc.pod.DeepCopy()
		compactSettled(p, now, tc.opts)
		compacted := p.Spec.Containers[0].Resources.Limits == nil
		if compacted != tc.want {
			t.Errorf("%s: compacted = %v, want %v", tc.name, compacted, tc.want)
		}
		if compacted {
			d := diagnosis.Diagnose(diagnosis.Input{Pod: p, Now: now}, tc.opts)
			if full := diagnosis.Diagnose(diagnosis.Input{Pod: tc.pod, Now: now}, tc.opts); (d.Diagnosis == nil) != (full.Diagnosis == nil) || d.RecheckAt != full.RecheckAt {
				t.Errorf("%s: the engine judges the compact pod (%+v) unlike the full one (%+v)", tc.name, d, full)
			}
			if p.Spec.NodeName != "n1" || p.Spec.Containers[0].Name != "app" || len(p.Status.ContainerStatuses) != len(tc.pod.Status.ContainerStatuses) {
				t.Errorf("%s: compact pod lost identity: %+v", tc.name, p.Spec)
			}
		}
	}
}
