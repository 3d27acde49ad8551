package controllers

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	fakeclient "k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

// TestStore runs the store's informers against a fake clientset and checks
// every lookup the reconciler and the mappers make.
func TestStore(t *testing.T) {
	pod := func(ns, name, node, claim string, phase corev1.PodPhase) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID(ns + "-" + name),
			Annotations: map[string]string{testKeys.Reason: "X", "team": "a"}, ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "m"}}},
			Spec: corev1.PodSpec{NodeName: node, Containers: []corev1.Container{{Name: "app", Image: "nginx"}}}, Status: corev1.PodStatus{Phase: phase}}
		if claim != "" {
			p.Spec.Volumes = []corev1.Volume{{Name: "v", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: claim}}}}
		}
		return p
	}
	ev := func(p *corev1.Pod, name string, last int64) *corev1.Event {
		return &corev1.Event{ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: name},
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: p.Namespace, Name: p.Name, UID: p.UID},
			Reason:         "Failed", Message: "m-" + name, LastTimestamp: metav1.Unix(last, 0)}
	}
	web := pod("a", "web", "n1", "", corev1.PodRunning)
	objs := []runtime.Object{
		web, pod("b", "also-n1", "n1", "", corev1.PodRunning), pod("a", "on-n2", "n2", "", corev1.PodRunning),
		pod("a", "pending-data", "", "data", corev1.PodPending), pod("a", "running-data", "n2", "data", corev1.PodRunning),
		pod("b", "other-ns-data", "", "data", corev1.PodPending),
		ev(web, "e1", 10), ev(web, "e2", 30), ev(web, "e3", 20),
	}
	opts := DefaultOptions()
	s := NewStore(fakeclient.NewClientset(objs...), opts, newWatchHealth())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = s.Start(ctx) }()
	if !poll(5*time.Second, s.HasSynced) {
		t.Fatal("store did not sync")
	}

	got, ok, err := s.Pod(types.NamespacedName{Namespace: "a", Name: "web"})
	if err != nil || !ok {
		t.Fatalf("Pod: %v %v", ok, err)
	}
	if got.UID != web.UID || got.Spec.NodeName != "n1" || got.ManagedFields != nil || !reflect.DeepEqual(got.Annotations, map[string]string{testKeys.Reason: "X"}) {
		t.Errorf("decoded pod %+v", got.ObjectMeta)
	}
	if _, ok, _ := s.Pod(types.NamespacedName{Namespace: "a", Name: "missing"}); ok {
		t.Error("missing pod found")
	}
	evs, err := s.Events(got, 2)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range evs {
		names = append(names, e.Name)
	}
	if !reflect.DeepEqual(names, []string{"e2", "e3"}) {
		t.Errorf("Events(max 2) = %v, want the two newest [e2 e3]", names)
	}
	wantRef := corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: "a", Name: "web", UID: web.UID}
	if e := evs[0]; e.Namespace != "a" || e.Message != "m-e2" || e.Reason != "Failed" || e.InvolvedObject != wantRef || !e.LastTimestamp.Equal(&metav1.Time{Time: time.Unix(30, 0)}) {
		t.Errorf("decoded event %+v", e)
	}

	tests := []struct {
		name string
		got  []reconcile.Request
		want []reconcile.Request
	}{
		{"node maps to its pods in every namespace", s.PodsOnNode("n1"), []reconcile.Request{req("a", "web"), req("b", "also-n1")}},
		{"claim maps to pending pods of its namespace", s.PendingPodsUsingClaim("a", "data"), []reconcile.Request{req("a", "pending-data")}},
		{"namespace maps to all its pods", s.PodsInNamespace("b"), []reconcile.Request{req("b", "also-n1"), req("b", "other-ns-data")}},
	}
	for _, tc := range tests {
		sortReqs(tc.got)
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	m := podMapper{pods: s, scope: ScopeOptions{ExcludeNamespaces: []string{"b"}}}
	if got := m.namespaceToPods(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "b"}}); got != nil {
		t.Errorf("excluded namespace maps to %v", got)
	}
}

func TestStoreSelectors(t *testing.T) {
	tests := []struct {
		scope        ScopeOptions
		pods, events string
	}{
		{ScopeOptions{}, "", "involvedObject.kind=Pod,source!=pod-doctor"},
		{ScopeOptions{ExcludeNamespaces: []string{"kube-system", "x"}}, "metadata.namespace!=kube-system,metadata.namespace!=x",
			"involvedObject.kind=Pod,source!=pod-doctor,metadata.namespace!=kube-system,metadata.namespace!=x"},
		// Per-namespace watches need no exclusion: Validate already removed them.
		{ScopeOptions{Namespaces: []string{"a"}, ExcludeNamespaces: []string{"b"}}, "", "involvedObject.kind=Pod,source!=pod-doctor"},
	}
	for _, tc := range tests {
		p, e := storeSelectors(tc.scope)
		if p != tc.pods || e != tc.events {
			t.Errorf("storeSelectors(%+v) = %q, %q; want %q, %q", tc.scope, p, e, tc.pods, tc.events)
		}
	}
}

// TestRecordSize guards the memory budget: a settled pod of a Deployment
// (labels, owner, probes, resources, env, token volume, five conditions) must
// be stored in a few hundred bytes, an abnormal one in under 2 KiB.
func TestRecordSize(t *testing.T) {
	s := NewStore(fakeclient.NewClientset(), DefaultOptions(), newWatchHealth())
	now := metav1.NewTime(time.Now().Add(-time.Hour).Truncate(time.Second))
	pod := func(ready bool) *corev1.Pod {
		p := basePod("shop", "api-7d4b9c8f6d-x2x9k")
		p.UID = "0cd85743-d9b0-4322-ad92-af27122fa0e7"
		p.ResourceVersion = "123456"
		p.Labels["pod-template-hash"] = "7d4b9c8f6d"
		p.OwnerReferences = []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "api-7d4b9c8f6d",
			UID: "3c1f4a7e-9b2d-4e8f-a6c5-1d2e3f4a5b6c", Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}}
		p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "LOG_LEVEL", Value: "info"}, {Name: "PORT", Value: "8080"}}
		p.Spec.Containers[0].ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/ready"}}}
		p.Spec.Tolerations = []corev1.Toleration{{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](300)}}
		p.Spec.Volumes = []corev1.Volume{{Name: "kube-api-access-x7k2p", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
			Sources: []corev1.VolumeProjection{{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token"}}}}}}}
		cs := containerStatus(p)
		cs.Ready, cs.Started = ready, ptr.To(ready)
		cs.State.Running = &corev1.ContainerStateRunning{StartedAt: now}
		p.Status = podStatus(corev1.PodRunning, ready, now, cs)
		return p
	}
	for _, tc := range []struct {
		name string
		pod  *corev1.Pod
		max  int
	}{{"settled", pod(true), 600}, {"not ready", pod(false), 2048}} {
		obj, err := s.podRecord(tc.pod)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(obj.(*podRecord).raw); n > tc.max {
			t.Errorf("%s pod stored in %d bytes, budget %d", tc.name, n, tc.max)
		}
	}
}
