package network

import (
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

var (
	web       = map[string]string{"app": "web"}
	httpNamed = svcPort("http", 80, intstr.FromString("http"), "")
	http8080  = []corev1.ContainerPort{cport("http", 8080, "")}
	later     = t0.Add(10 * time.Minute)
)

func selected(pods ...*corev1.Pod) []ServicePod {
	out := make([]ServicePod, 0, len(pods))
	for _, p := range pods {
		out = append(out, ServicePod{Pod: p})
	}
	return out
}

func TestDiagnoseService(t *testing.T) {
	imageDiag := &diagnosis.Diagnosis{Reason: diagnosis.ReasonImageNotFound, Severity: diagnosis.SeverityCritical, Summary: "image gone", Since: t0}
	notReady := pod("web-1", false, t0, http8080)
	tests := []struct {
		name        string
		in          ServiceInput
		wantReason  diagnosis.Reason // "" = healthy
		wantSummary string
		wantRecheck time.Time
	}{
		{name: "nil service", in: ServiceInput{Now: later}},
		{name: "ExternalName", in: ServiceInput{Service: &corev1.Service{ObjectMeta: meta("db", t0), Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName}}, LabelSets: []map[string]string{}, Now: later}},
		{name: "no selector: endpoints by hand", in: ServiceInput{Service: service(nil, httpNamed), LabelSets: []map[string]string{}, Now: later}},
		{name: "pods not known", in: ServiceInput{Service: service(web, httpNamed), Now: later}},
		{
			name:        "matches nothing, within grace",
			in:          ServiceInput{Service: service(web, httpNamed), LabelSets: []map[string]string{}, Now: t0.Add(30 * time.Second)},
			wantRecheck: t0.Add(2 * time.Minute),
		},
		{
			name:        "matches nothing in an empty namespace",
			in:          ServiceInput{Service: service(web, httpNamed), LabelSets: []map[string]string{}, Now: later},
			wantReason:  diagnosis.ReasonServiceSelectorMatchesNothing,
			wantSummary: "Service selector app=web matches no pod in namespace shop; the namespace has no pods at all",
		},
		{
			name: "nearest sets deduplicated by their difference",
			in: ServiceInput{Service: service(map[string]string{"app": "web", "tier": "front"}, httpNamed), Now: later, LabelSets: []map[string]string{
				{"app": "webb", "tier": "front", "hash": "1"}, {"app": "webb", "tier": "front", "hash": "2"}, {"app": "web"}, {"run": "x"},
			}},
			wantReason:  diagnosis.ReasonServiceSelectorMatchesNothing,
			wantSummary: "Service selector app=web,tier=front matches no pod in namespace shop; nearest pod labels: app=webb instead of app=web, missing tier",
		},
		{
			name:        "named port declared with another protocol",
			in:          ServiceInput{Service: service(web, svcPort("dns", 53, intstr.FromString("dns"), corev1.ProtocolUDP)), Pods: selected(pod("web-1", true, t0, []corev1.ContainerPort{cport("dns", 53, "")})), Now: later},
			wantReason:  diagnosis.ReasonServiceTargetPortMismatch,
			wantSummary: "Service port dns (53/UDP) → targetPort dns: no selected pod declares a port named dns (they declare dns 53/TCP), so the endpoints carry no port for it and its connections fail",
		},
		{
			name: "named port declared by one pod of two (rollout)",
			in:   ServiceInput{Service: service(web, httpNamed), Pods: selected(pod("old", true, t0, []corev1.ContainerPort{cport("web", 8080, "")}), pod("new", true, t0, http8080)), Now: later},
		},
		{
			name: "named port declared by a native sidecar (Kubernetes 1.32+)",
			in:   ServiceInput{Service: service(web, svcPort("https", 443, intstr.FromString("https"), "")), Pods: selected(withInit(pod("web-1", true, t0, http8080), ptr(corev1.ContainerRestartPolicyAlways))), Now: later},
		},
		{
			name:        "named port declared by an init container that has exited",
			in:          ServiceInput{Service: service(web, svcPort("https", 443, intstr.FromString("https"), "")), Pods: selected(withInit(pod("web-1", true, t0, http8080), nil)), Now: later},
			wantReason:  diagnosis.ReasonServiceTargetPortMismatch,
			wantSummary: "Service port https (443/TCP) → targetPort https: no selected pod declares a port named https (they declare http 8080/TCP), so the endpoints carry no port for it and its connections fail",
		},
		{
			name: "numeric port, a container declaring no port may listen on it",
			in:   ServiceInput{Service: service(web, svcPort("http", 80, intstr.FromInt32(8080), "")), Pods: selected(pod("web-1", true, t0, nil, []corev1.ContainerPort{cport("metrics", 9090, "")})), Now: later},
		},
		{
			name:        "unset targetPort defaults to the port",
			in:          ServiceInput{Service: service(web, svcPort("", 8081, intstr.IntOrString{}, "")), Pods: selected(pod("web-1", true, t0, http8080)), Now: later},
			wantReason:  diagnosis.ReasonServiceTargetPortMismatch,
			wantSummary: "Service port 8081/TCP → targetPort 8081: no container of the selected pods declares port 8081 (they declare http 8080/TCP); traffic goes to a port nothing declares it listens on",
		},
		{
			name:        "not ready pods carry their own cause",
			in:          ServiceInput{Service: service(web, httpNamed), Pods: []ServicePod{{Pod: notReady, Diagnosis: imageDiag}}, EndpointSlices: []*discoveryv1.EndpointSlice{}, Now: later},
			wantReason:  diagnosis.ReasonImageNotFound,
			wantSummary: "1 of 1 pods: image gone",
		},
		{
			name:        "a new Service waits its grace period before carrying its pods' cause",
			in:          ServiceInput{Service: service(web, httpNamed), Pods: []ServicePod{{Pod: notReady, Diagnosis: imageDiag}}, Now: t0.Add(time.Minute)},
			wantRecheck: t0.Add(2 * time.Minute),
		},
		{
			name:        "not ready pods without a cause: wait from the last to lose readiness",
			in:          ServiceInput{Service: service(web, httpNamed), Pods: selected(notReady, pod("web-2", false, later.Add(-time.Minute), http8080)), Now: later},
			wantRecheck: later.Add(time.Minute),
		},
		{
			name:        "not ready pods without a cause, slices unknown",
			in:          ServiceInput{Service: service(web, httpNamed), Pods: selected(notReady), Now: later},
			wantReason:  diagnosis.ReasonServiceNoReadyEndpoints,
			wantSummary: "None of the 1 pod(s) selected by app=web is Ready (1 Running), so the Service has no ready endpoint",
		},
		{
			name: "not ready pods published ready (publishNotReadyAddresses)",
			in:   ServiceInput{Service: service(web, httpNamed), Pods: selected(notReady), EndpointSlices: []*discoveryv1.EndpointSlice{slice([]*bool{ptr(true)}, "http")}, Now: later},
		},
		{
			name: "headless without ports: any ready endpoint serves its DNS records",
			in:   ServiceInput{Service: service(web), Pods: selected(pod("web-1", true, t0, nil)), EndpointSlices: []*discoveryv1.EndpointSlice{slice([]*bool{ptr(true)})}, Now: later},
		},
		{
			name: "an unset ready condition counts as ready",
			in:   ServiceInput{Service: service(web, httpNamed), Pods: selected(notReady), EndpointSlices: []*discoveryv1.EndpointSlice{slice([]*bool{nil}, "http")}, Now: later},
		},
		{
			name:        "a ready endpoint without the Service's port serves nothing",
			in:          ServiceInput{Service: service(web, httpNamed), Pods: selected(notReady), EndpointSlices: []*discoveryv1.EndpointSlice{nil, slice([]*bool{ptr(true)}, "metrics")}, Now: later},
			wantReason:  diagnosis.ReasonServiceNoReadyEndpoints,
			wantSummary: "None of the 1 pod(s) selected by app=web is Ready (1 Running), so the Service has no ready endpoint",
		},
		{
			name:        "ready pod, empty slices, controller may still follow",
			in:          ServiceInput{Service: service(web, httpNamed), Pods: selected(pod("web-1", true, later.Add(-time.Minute), http8080)), EndpointSlices: []*discoveryv1.EndpointSlice{}, Now: later},
			wantRecheck: later.Add(time.Minute),
		},
		{
			name:        "ready pod, empty slices past the grace period",
			in:          ServiceInput{Service: service(web, httpNamed), Pods: selected(pod("web-1", true, t0, http8080)), EndpointSlices: []*discoveryv1.EndpointSlice{}, Now: later},
			wantReason:  diagnosis.ReasonUnclassified,
			wantSummary: "Abnormal (EndpointSlice): 1 selected pod(s) Ready, but no EndpointSlice lists a ready endpoint with a port of the Service",
		},
		{
			name: "odd input: nil pods and an empty pod",
			in:   ServiceInput{Service: service(web, httpNamed), Pods: []ServicePod{{}, {Pod: pod("web-1", true, t0, http8080)}}, EndpointSlices: []*discoveryv1.EndpointSlice{slice([]*bool{ptr(true)}, "http")}, Now: later},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DiagnoseService(tt.in, diagnosis.DefaultOptions())
			checkResult(t, got, tt.wantReason, tt.wantSummary, tt.wantRecheck)
		})
	}
}

// withInit adds an init container declaring https 8443/TCP.
func withInit(p *corev1.Pod, restart *corev1.ContainerRestartPolicy) *corev1.Pod {
	p.Spec.InitContainers = append(p.Spec.InitContainers, corev1.Container{Name: "tls", RestartPolicy: restart, Ports: []corev1.ContainerPort{cport("https", 8443, "")}})
	return p
}

func checkResult(t *testing.T, got diagnosis.Result, reason diagnosis.Reason, summary string, recheck time.Time) {
	t.Helper()
	if !got.RecheckAt.Equal(recheck) {
		t.Errorf("RecheckAt %v, want %v", got.RecheckAt, recheck)
	}
	if reason == "" {
		if got.Diagnosis != nil {
			t.Fatalf("want healthy, got %s: %s", got.Diagnosis.Reason, got.Diagnosis.Summary)
		}
		return
	}
	if got.Diagnosis == nil {
		t.Fatalf("want %s, got healthy", reason)
	}
	if got.Diagnosis.Reason != reason || got.Diagnosis.Summary != summary {
		t.Errorf("got %s: %q\nwant %s: %q", got.Diagnosis.Reason, got.Diagnosis.Summary, reason, summary)
	}
}

func TestRuleReasons(t *testing.T) {
	want := []diagnosis.Reason{
		diagnosis.ReasonServiceSelectorMatchesNothing, diagnosis.ReasonServiceTargetPortMismatch,
		diagnosis.ReasonServiceNoReadyEndpoints, diagnosis.ReasonUnclassified,
		diagnosis.ReasonIngressClassNotFound, diagnosis.ReasonIngressBackendNotFound,
	}
	if got := RuleReasons(); !slices.Equal(got, want) {
		t.Errorf("RuleReasons() = %v, want %v", got, want)
	}
	for _, r := range want {
		if _, ok := diagnosis.Lookup(r); !ok {
			t.Errorf("%s has no catalog entry", r)
		}
	}
}
