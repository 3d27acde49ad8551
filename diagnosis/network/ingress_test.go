package network

import (
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

func TestBackendServices(t *testing.T) {
	resource := &networkingv1.IngressBackend{Resource: &corev1.TypedLocalObjectReference{Kind: "StorageBucket", Name: "assets"}}
	tests := []struct {
		name string
		in   *networkingv1.Ingress
		want []string
	}{
		{name: "nil", in: nil, want: nil},
		{name: "no backends", in: ingress(nil, nil), want: nil},
		{name: "resource backends are not Services", in: ingress(nil, resource), want: nil},
		{
			name: "default backend first, then paths in order, each once",
			in: ingress(nil, svcBackend("fallback", networkingv1.ServiceBackendPort{Number: 80}),
				httpRule("a.example.com", map[string]*networkingv1.IngressBackend{"/x": svcBackend("api", networkingv1.ServiceBackendPort{Name: "http"}), "/y": resource, "/z": svcBackend("fallback", networkingv1.ServiceBackendPort{Number: 80})}, "/x", "/y", "/z"),
				networkingv1.IngressRule{Host: "no-http.example.com"},
				httpRule("", map[string]*networkingv1.IngressBackend{"/": svcBackend("web", networkingv1.ServiceBackendPort{Number: 80})}, "/")),
			want: []string{"fallback", "api", "web"},
		},
	}
	for _, tt := range tests {
		if got := BackendServices(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("%s: BackendServices = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// withAddress sets the address an ingress controller writes once it serves the Ingress.
func withAddress(ing *networkingv1.Ingress) *networkingv1.Ingress {
	ing.Status.LoadBalancer.Ingress = []networkingv1.IngressLoadBalancerIngress{{IP: "192.0.2.10"}}
	return ing
}

func TestDiagnoseIngress(t *testing.T) {
	port80 := networkingv1.ServiceBackendPort{Number: 80}
	webRule := httpRule("web.example.com", map[string]*networkingv1.IngressBackend{"/": svcBackend("web", port80)}, "/")
	twoRules := httpRule("web.example.com", map[string]*networkingv1.IngressBackend{
		"/a": svcBackend("a", networkingv1.ServiceBackendPort{Name: "http"}), "/b": svcBackend("b", port80),
	}, "/a", "/b")
	webSvc := service(web, svcPort("http", 80, httpNamed.TargetPort, ""))
	nginx := []*networkingv1.IngressClass{class("nginx", nil)}
	sick := &diagnosis.Diagnosis{Reason: diagnosis.ReasonReadinessProbeFailed, Summary: "2 of 2 pods: not ready", Evidence: []string{"pod p: not ready"}}
	tests := []struct {
		name         string
		in           IngressInput
		wantReason   diagnosis.Reason
		wantSummary  string
		wantEvidence string // the first evidence line
		wantRecheck  time.Time
	}{
		{name: "nil ingress", in: IngressInput{Now: later}},
		{name: "nothing known", in: IngressInput{Ingress: ingress(ptr("gone"), nil, webRule), Now: later}},
		{
			name:         "class missing",
			in:           IngressInput{Ingress: ingress(ptr("gone"), nil, webRule), Classes: nginx, Now: later},
			wantReason:   diagnosis.ReasonIngressClassNotFound,
			wantSummary:  "No ingress controller serves this Ingress: ingressClassName gone names no IngressClass (the cluster has: nginx)",
			wantEvidence: "spec.ingressClassName: gone",
		},
		{
			name:         "no class and no classes at all",
			in:           IngressInput{Ingress: ingress(nil, nil, webRule), Classes: []*networkingv1.IngressClass{nil}, Now: later},
			wantReason:   diagnosis.ReasonIngressClassNotFound,
			wantSummary:  "No ingress controller serves this Ingress: no ingressClassName is set and no IngressClass is the default (the cluster has: none)",
			wantEvidence: "spec.ingressClassName: not set, no kubernetes.io/ingress.class annotation; no IngressClass is annotated ingressclass.kubernetes.io/is-default-class=true",
		},
		{
			name:         "the default annotation must be exactly true",
			in:           IngressInput{Ingress: ingress(nil, nil, webRule), Classes: []*networkingv1.IngressClass{class("nginx", map[string]string{networkingv1.AnnotationIsDefaultIngressClass: "True"})}, Now: later},
			wantReason:   diagnosis.ReasonIngressClassNotFound,
			wantSummary:  "No ingress controller serves this Ingress: no ingressClassName is set and no IngressClass is the default (the cluster has: nginx)",
			wantEvidence: "spec.ingressClassName: not set, no kubernetes.io/ingress.class annotation; no IngressClass is annotated ingressclass.kubernetes.io/is-default-class=true",
		},
		{
			name: "no class name, but a controller wrote its address",
			in:   IngressInput{Ingress: withAddress(ingress(nil, nil, webRule)), Classes: nginx, Now: later},
		},
		{
			name: "no class name, a default class",
			in:   IngressInput{Ingress: ingress(nil, nil, webRule), Classes: []*networkingv1.IngressClass{class("nginx", map[string]string{networkingv1.AnnotationIsDefaultIngressClass: "true"})}, Now: later},
		},
		{
			name:        "backend missing, within grace",
			in:          IngressInput{Ingress: ingress(ptr("nginx"), nil, webRule), Classes: nginx, Services: map[string]*corev1.Service{}, Now: t0.Add(time.Minute)},
			wantRecheck: t0.Add(2 * time.Minute),
		},
		{
			name:         "default backend port by name missing",
			in:           IngressInput{Ingress: ingress(ptr("nginx"), svcBackend("web", networkingv1.ServiceBackendPort{Name: "https"})), Classes: nginx, Services: map[string]*corev1.Service{"web": webSvc}, Now: later},
			wantReason:   diagnosis.ReasonIngressBackendNotFound,
			wantSummary:  "Ingress backend web:https for the default backend: Service web has no port https (its ports: http (80/TCP))",
			wantEvidence: "defaultBackend → web:https: service web has no port https (ports: http (80/TCP))",
		},
		{
			name: "ExternalName backend: no ports to check",
			in: IngressInput{Ingress: ingress(ptr("nginx"), nil, webRule), Classes: nginx, Now: later, Services: map[string]*corev1.Service{
				"web": {ObjectMeta: meta("web", t0), Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "web.example.net"}},
			}},
		},
		{
			name: "first diagnosed backend in order is carried",
			in: IngressInput{Ingress: ingress(ptr("nginx"), nil, twoRules), Classes: nginx, Now: later,
				Services: map[string]*corev1.Service{"a": webSvc, "b": service(web, svcPort("", 80, httpNamed.TargetPort, ""))},
				Verdicts: map[string]*diagnosis.Diagnosis{"a": nil, "b": sick}},
			wantReason:   diagnosis.ReasonReadinessProbeFailed,
			wantSummary:  "2 of 2 pods: not ready",
			wantEvidence: "service b: ReadinessProbeFailed: 2 of 2 pods: not ready",
		},
		{
			name: "healthy backends",
			in: IngressInput{Ingress: ingress(ptr("nginx"), nil, webRule), Classes: nginx, Now: later,
				Services: map[string]*corev1.Service{"web": webSvc}, Verdicts: map[string]*diagnosis.Diagnosis{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DiagnoseIngress(tt.in, diagnosis.DefaultOptions())
			checkResult(t, got, tt.wantReason, tt.wantSummary, tt.wantRecheck)
			if got.Diagnosis != nil && (len(got.Diagnosis.Evidence) == 0 || got.Diagnosis.Evidence[0] != tt.wantEvidence) {
				t.Errorf("evidence %q, want first %q", got.Diagnosis.Evidence, tt.wantEvidence)
			}
		})
	}
}
