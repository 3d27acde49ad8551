package controllers

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/pod-doctor/pod-doctor/internal/kubeletsim"
)

// The tests of the objects beyond pods run against the main replica: a
// real API server, no kube-controller-manager. What the workload and
// namespace controllers would write (ReplicaSets, FailedCreate events,
// statuses) the tests write themselves, with the controllers' own words.

// waitObjectReason polls the API server until obj's reason annotation is
// want, refreshing obj.
func (s *suiteEnv) waitObjectReason(t *testing.T, obj client.Object, want string) {
	t.Helper()
	key := client.ObjectKeyFromObject(obj)
	ok := poll(waitTimeout, func() bool {
		return s.admin.Get(context.Background(), key, obj) == nil && obj.GetAnnotations()[testKeys.Reason] == want
	})
	if !ok {
		t.Fatalf("%T %s: reason annotation %q, want %q (annotations %v)", obj, key, obj.GetAnnotations()[testKeys.Reason], want, obj.GetAnnotations())
	}
}

// objectEvents lists pod-doctor's events about the object with uid, in any namespace.
func (s *suiteEnv) objectEvents(t *testing.T, uid string) []corev1.Event {
	t.Helper()
	var list corev1.EventList
	if err := s.admin.List(context.Background(), &list); err != nil {
		t.Fatal(err)
	}
	var out []corev1.Event
	for _, e := range list.Items {
		if string(e.InvolvedObject.UID) == uid && e.ReportingController == ControllerName {
			out = append(out, e)
		}
	}
	return out
}

// waitObjectEvents waits until pod-doctor wrote exactly the events of reasons
// want ("Diagnosed", "Recovered" ...) about the object, in that order.
func (s *suiteEnv) waitObjectEvents(t *testing.T, obj client.Object, want ...string) []corev1.Event {
	t.Helper()
	var got []corev1.Event
	ok := poll(waitTimeout, func() bool {
		got = s.objectEvents(t, string(obj.GetUID()))
		return strings.Join(eventReasons(got), ",") == strings.Join(want, ",")
	})
	if !ok {
		t.Fatalf("events about %s: %v, want %v", obj.GetName(), eventSummaries(got), want)
	}
	return got
}

func eventReasons(evs []corev1.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Reason
	}
	return out
}

func template(labels map[string]string) corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "registry.example.com/app:1",
			// Burstable, the QoS class the kubelet simulator reports.
			Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: *resourceQuantity("100m")}}}}}}
}

// TestDeploymentQuotaExceeded: the ReplicaSet controller's FailedCreate for
// a ResourceQuota puts QuotaExceeded, through its newest ReplicaSet, on the
// Deployment with one Diagnosed event; the ReplicaSet mirrors the
// Deployment's annotations (as the deployment controller copies them) and
// announces nothing of its own. A bare ReplicaSet speaks for itself
// (TestReplicaSetRollsUpItsPods).
func TestDeploymentQuotaExceeded(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ctx := context.Background()
	ns := s.newNamespace(t, "quota", nil)
	labels := map[string]string{"app": "web"}
	dep := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: ns},
		Spec: appsv1.DeploymentSpec{Replicas: ptr.To[int32](2), Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template(labels)}}
	if err := s.admin.Create(ctx, dep); err != nil {
		t.Fatal(err)
	}
	rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: "web-5fc9f4bf66", Namespace: ns,
		Annotations:     map[string]string{revisionAnnotation: "1"},
		OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: kindDeployment, Name: dep.Name, UID: dep.UID, Controller: ptr.To(true)}}},
		Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](2), Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template(labels)}}
	if err := s.admin.Create(ctx, rs); err != nil {
		t.Fatal(err)
	}
	msg := `Error creating: pods "web-5fc9f4bf66-rtpnz" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1`
	first := time.Now().Add(-time.Minute)
	s.createEvents(t, &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: "web-5fc9f4bf66.quota", Namespace: ns},
		InvolvedObject: corev1.ObjectReference{Kind: kindReplicaSet, APIVersion: "apps/v1", Namespace: ns, Name: rs.Name, UID: rs.UID},
		Reason:         "FailedCreate", Message: msg, Type: corev1.EventTypeWarning, Count: 4,
		Source:         corev1.EventSource{Component: "replicaset-controller"},
		FirstTimestamp: metav1.NewTime(first), LastTimestamp: metav1.NewTime(time.Now().Add(-5 * time.Second)),
	})
	s.waitObjectReason(t, dep, "QuotaExceeded")
	s.waitObjectReason(t, rs, "QuotaExceeded")
	evs := s.waitObjectEvents(t, dep, EventReasonDiagnosed)
	if e := evs[0]; e.Type != corev1.EventTypeWarning || !strings.HasPrefix(e.Message, "QuotaExceeded: ") || e.InvolvedObject.Name != dep.Name || e.Namespace != ns {
		t.Errorf("event about the deployment: %+v", e)
	}
	if got, want := testKeys.Current(rs.Annotations), testKeys.Current(dep.Annotations); !maps.Equal(got, want) {
		t.Errorf("replicaset carries %v, want the deployment's %v", got, want)
	}
	time.Sleep(time.Second) // an event about the ReplicaSet would come with its patch
	if evs := s.objectEvents(t, string(rs.UID)); len(evs) != 0 {
		t.Errorf("events about the mirroring replicaset: %v", eventSummaries(evs))
	}
}

// TestReplicaSetRollsUpItsPods: a ReplicaSet whose pod cannot pull its
// image carries the pod's own code; the pod's recovery clears it and the
// ReplicaSet gets a Recovered event — a pod change re-evaluates its owner.
func TestReplicaSetRollsUpItsPods(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ctx := context.Background()
	ns := s.newNamespace(t, "rollup", nil)
	labels := map[string]string{"app": "api"}
	rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: "api-7d9c", Namespace: ns},
		Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](1), Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template(labels)}}
	if err := s.admin.Create(ctx, rs); err != nil {
		t.Fatal(err)
	}
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "api-7d9c-x1", Namespace: ns, Labels: labels,
		OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: kindReplicaSet, Name: rs.Name, UID: rs.UID, Controller: ptr.To(true)}}},
		Spec: template(labels).Spec}
	pod.Spec.NodeName = "worker-1" // bound, as the scheduler leaves it
	pod = s.createPod(t, pod, kubeletsim.ImageBackOff, kubeletsim.ImageNotFoundEvents)
	s.waitReason(t, ns, pod.Name, "ImageNotFound")
	s.waitObjectReason(t, rs, "ImageNotFound")
	if got := rs.Annotations[testKeys.Summary]; !strings.HasPrefix(got, "1 of 1 pods: ") {
		t.Errorf("summary %q, want the roll-up's \"1 of 1 pods: ...\"", got)
	}
	s.setStatus(t, pod, kubeletsim.Running)
	s.waitReason(t, ns, pod.Name, "")
	s.waitObjectReason(t, rs, "")
	s.waitObjectEvents(t, rs, EventReasonDiagnosed, EventReasonRecovered)
}

// TestServiceSelectorMatchesNothing: a Service whose selector differs from
// the only pod's labels by one value is diagnosed; fixing the selector
// recovers it.
func TestServiceSelectorMatchesNothing(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ctx := context.Background()
	ns := s.newNamespace(t, "svc", nil)
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "webb-0", Namespace: ns, Labels: map[string]string{"app": "webb"}},
		Spec: template(nil).Spec}
	pod.Spec.NodeName = "worker-1"
	s.createPod(t, pod, kubeletsim.Running, nil)
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: ns},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "web"}, Ports: []corev1.ServicePort{{Port: 80}}}}
	if err := s.admin.Create(ctx, svc); err != nil {
		t.Fatal(err)
	}
	s.waitObjectReason(t, svc, "ServiceSelectorMatchesNothing")
	svc.Spec.Selector = map[string]string{"app": "webb"}
	if err := s.admin.Update(ctx, svc); err != nil {
		t.Fatal(err)
	}
	// What the EndpointSlice controller writes for the pod now selected.
	slice := &discoveryv1.EndpointSlice{ObjectMeta: metav1.ObjectMeta{Name: "web-x7k2p", Namespace: ns,
		Labels: map[string]string{discoveryv1.LabelServiceName: svc.Name}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints: []discoveryv1.Endpoint{{Addresses: []string{"10.244.1.7"}, Conditions: discoveryv1.EndpointConditions{Ready: ptr.To(true)},
			TargetRef: &corev1.ObjectReference{Kind: kindPod, Namespace: ns, Name: pod.Name}}},
		Ports: []discoveryv1.EndpointPort{{Port: ptr.To[int32](80), Protocol: ptr.To(corev1.ProtocolTCP), Name: ptr.To("")}}}
	if err := s.admin.Create(ctx, slice); err != nil {
		t.Fatal(err)
	}
	s.waitObjectReason(t, svc, "")
	s.waitObjectEvents(t, svc, EventReasonDiagnosed, EventReasonRecovered)
}

// TestClaimStorageClassNotFound: a claim naming a StorageClass that does
// not exist is diagnosed once its grace period is over.
func TestClaimStorageClassNotFound(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ns := s.newNamespace(t, "pvc", nil)
	pvc := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: "data", Namespace: ns},
		Spec: corev1.PersistentVolumeClaimSpec{StorageClassName: ptr.To("fast-ssd"), AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources: corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: *resourceQuantity("1Gi")}}}}
	if err := s.admin.Create(context.Background(), pvc); err != nil {
		t.Fatal(err)
	}
	s.waitObjectReason(t, pvc, "StorageClassNotFound")
	s.waitObjectEvents(t, pvc, EventReasonDiagnosed)
}

// TestNamespaceStuckTerminating: a namespace whose deletion waits on its
// finalizer past the grace period (this API server runs no namespace
// controller, so the "kubernetes" finalizer stays) is diagnosed, and the
// event about it is written although the namespace refuses new objects.
func TestNamespaceStuckTerminating(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ctx := context.Background()
	name := s.newNamespace(t, "gone", nil)
	ns := &corev1.Namespace{}
	if err := s.admin.Get(ctx, client.ObjectKey{Name: name}, ns); err != nil {
		t.Fatal(err)
	}
	if err := s.admin.Delete(ctx, ns); err != nil {
		t.Fatal(err)
	}
	s.waitObjectReason(t, ns, "NamespaceStuckTerminating")
	evs := s.waitObjectEvents(t, ns, EventReasonDiagnosed)
	if evs[0].Namespace != metav1.NamespaceDefault {
		t.Errorf("event about a namespace in %q, want default", evs[0].Namespace)
	}
}
