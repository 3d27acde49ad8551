package network

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// t0 is when the test objects were created.
var t0 = time.Date(2026, 12, 2, 6, 54, 36, 0, time.UTC)

func meta(name string, created time.Time) metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: name, Namespace: "shop", CreationTimestamp: metav1.NewTime(created)}
}

func service(sel map[string]string, ports ...corev1.ServicePort) *corev1.Service {
	return &corev1.Service{ObjectMeta: meta("web", t0), Spec: corev1.ServiceSpec{Selector: sel, Ports: ports}}
}

func svcPort(name string, port int32, target intstr.IntOrString, proto corev1.Protocol) corev1.ServicePort {
	return corev1.ServicePort{Name: name, Port: port, TargetPort: target, Protocol: proto}
}

// pod is a pod of one container per ports list; ready sets its Ready
// condition, changed at the given time.
func pod(name string, ready bool, changed time.Time, containers ...[]corev1.ContainerPort) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: meta(name, t0)}
	p.Labels = map[string]string{"app": "web"}
	for i, ports := range containers {
		p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "c" + string(rune('0'+i)), Ports: ports})
	}
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	}
	p.Status.Phase = corev1.PodRunning
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: status, LastTransitionTime: metav1.NewTime(changed)}}
	return p
}

func cport(name string, n int32, proto corev1.Protocol) corev1.ContainerPort {
	return corev1.ContainerPort{Name: name, ContainerPort: n, Protocol: proto}
}

// slice is an EndpointSlice of the Service with one endpoint per ready
// value (nil: unset) and the given port names.
func slice(ready []*bool, portNames ...string) *discoveryv1.EndpointSlice {
	s := &discoveryv1.EndpointSlice{ObjectMeta: meta("web-abcde", t0)}
	for _, r := range ready {
		s.Endpoints = append(s.Endpoints, discoveryv1.Endpoint{Addresses: []string{"10.0.0.1"}, Conditions: discoveryv1.EndpointConditions{Ready: r}})
	}
	for _, n := range portNames {
		name, port := n, int32(8080)
		s.Ports = append(s.Ports, discoveryv1.EndpointPort{Name: &name, Port: &port})
	}
	return s
}

func ptr[T any](v T) *T { return &v }

func ingress(class *string, def *networkingv1.IngressBackend, rules ...networkingv1.IngressRule) *networkingv1.Ingress {
	return &networkingv1.Ingress{ObjectMeta: meta("front", t0), Spec: networkingv1.IngressSpec{IngressClassName: class, DefaultBackend: def, Rules: rules}}
}

func svcBackend(name string, port networkingv1.ServiceBackendPort) *networkingv1.IngressBackend {
	return &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: name, Port: port}}
}

func httpRule(host string, paths map[string]*networkingv1.IngressBackend, order ...string) networkingv1.IngressRule {
	r := networkingv1.IngressRule{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{}}}
	for _, p := range order {
		r.HTTP.Paths = append(r.HTTP.Paths, networkingv1.HTTPIngressPath{Path: p, Backend: *paths[p]})
	}
	return r
}

func class(name string, annotations map[string]string) *networkingv1.IngressClass {
	return &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: annotations}, Spec: networkingv1.IngressClassSpec{Controller: "example.com/" + name}}
}
