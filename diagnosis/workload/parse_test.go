package workload

import (
	"reflect"
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

func TestCoreError(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Error creating: pods "web-7d4f8b9c6d-" is forbidden: error looking up service account shop/builder: serviceaccount "builder" not found`,
			`error looking up service account shop/builder: serviceaccount "builder" not found`},
		{`(combined from similar events): Error creating: pods "web-998cdbc68-zt529" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1`,
			`exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1`},
		{`Create Pod db-0 in StatefulSet db failed error: pods "db-0" is forbidden: violates PodSecurity "restricted:latest": runAsUser=0 (pod must not set runAsUser=0)`,
			`violates PodSecurity "restricted:latest": runAsUser=0 (pod must not set runAsUser=0)`},
		{`create Claim data-db-0 for Pod db-0 in StatefulSet db failed error: persistentvolumeclaims "data-db-0" is forbidden: exceeded quota: storage, requested: requests.storage=10Gi, used: requests.storage=20Gi, limited: requests.storage=20Gi`,
			`exceeded quota: storage, requested: requests.storage=10Gi, used: requests.storage=20Gi, limited: requests.storage=20Gi`},
		{`Error creating job: jobs.batch "nightly-29412345" is forbidden: exceeded quota: objects, requested: count/jobs.batch=1, used: count/jobs.batch=5, limited: count/jobs.batch=5`,
			`exceeded quota: objects, requested: count/jobs.batch=1, used: count/jobs.batch=5, limited: count/jobs.batch=5`},
		{`Error creating: Internal error occurred: failed calling webhook "w.example.io": failed to call webhook: Post "https://w.hooks.svc:443/v?timeout=10s": context deadline exceeded`,
			`failed calling webhook "w.example.io": failed to call webhook: Post "https://w.hooks.svc:443/v?timeout=10s": context deadline exceeded`},
		{`admission webhook "v.example.io" denied the request: no`, `admission webhook "v.example.io" denied the request: no`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := coreError(tt.in); got != tt.want {
			t.Errorf("coreError(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestPodSecurityChecks(t *testing.T) {
	tests := []struct {
		in   string
		want []psaCheck
	}{
		{`host namespaces (hostNetwork=true, hostPID=true), hostPath volumes (volume "proc"), privileged (container "a" must not set securityContext.privileged=true)`,
			[]psaCheck{{"host namespaces", "hostNetwork=true, hostPID=true"}, {"hostPath volumes", `volume "proc"`}, {"privileged", `container "a" must not set securityContext.privileged=true`}}},
		{`forbidden sysctls, runAsUser=0 (pod must not set runAsUser=0)`,
			[]psaCheck{{"forbidden sysctls", ""}, {"runAsUser=0", "pod must not set runAsUser=0"}}},
		{`seccompProfile (pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
			[]psaCheck{{"seccompProfile", `pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`}}},
		{`privileged (container "a" must not`, []psaCheck{{"privileged", `container "a" must not`}}},
		{`hostPort`, []psaCheck{{"hostPort", ""}}},
	}
	for _, tt := range tests {
		if got := podSecurityChecks(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("podSecurityChecks(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestParsers runs every admission parser on every error text: exactly
// the expected one accepts it, with these summary variables.
func TestParsers(t *testing.T) {
	type parser struct {
		reason diagnosis.Reason
		parse  func(*context, string) (diagnosis.Finding, bool)
	}
	parsers := []parser{
		{diagnosis.ReasonQuotaExceeded, parseQuota}, {diagnosis.ReasonServiceAccountNotFound, parseServiceAccount},
		{diagnosis.ReasonPodSecurityRejected, parsePodSecurity}, {diagnosis.ReasonLimitRangeRejected, parseLimitRange},
		{diagnosis.ReasonAdmissionWebhookDenied, parseWebhookDenied}, {diagnosis.ReasonAdmissionWebhookUnavailable, parseWebhookUnavailable},
	}
	tests := []struct {
		err    string
		reason diagnosis.Reason // "" : no parser accepts it (PodCreateFailed)
		vars   diagnosis.Vars
		sev    diagnosis.Severity
	}{
		{err: `exceeded quota: compute-quota, requested: limits.memory=512Mi,requests.memory=256Mi, used: limits.memory=1792Mi,requests.memory=896Mi, limited: limits.memory=2Gi,requests.memory=1Gi`,
			reason: diagnosis.ReasonQuotaExceeded, vars: diagnosis.Vars{"quota": "compute-quota", "quotaresource": "limits.memory, requests.memory",
				"detail": "ResourceQuota compute-quota has no room for limits.memory, requests.memory (requested limits.memory=512Mi,requests.memory=256Mi, used limits.memory=1792Mi,requests.memory=896Mi, limited limits.memory=2Gi,requests.memory=1Gi)"}},
		{err: `failed quota: compute: must specify limits.cpu for: app,sidecar; requests.cpu for: app`, reason: diagnosis.ReasonQuotaExceeded, sev: diagnosis.SeverityCritical,
			vars: diagnosis.Vars{"quota": "compute", "quotaresource": "limits.cpu, requests.cpu",
				"detail": "ResourceQuota compute requires limits.cpu, requests.cpu, which the pod template does not set (containers: app, sidecar)"}},
		{err: `failed quota: q: must specify limits.cpu,limits.memory`, reason: diagnosis.ReasonQuotaExceeded, sev: diagnosis.SeverityCritical,
			vars: diagnosis.Vars{"quota": "q", "quotaresource": "limits.cpu, limits.memory",
				"detail": "ResourceQuota q requires limits.cpu, limits.memory, which the pod template does not set (containers: -)"}},
		{err: `status unknown for quota: fresh, resources: pods`, reason: diagnosis.ReasonQuotaExceeded,
			vars: diagnosis.Vars{"quota": "fresh", "quotaresource": "pods", "detail": "ResourceQuota fresh has no usage recorded yet for pods (the quota controller has not synced it)"}},
		{err: `insufficient quota to match these scopes: [{PriorityClass In [high]}]`, reason: diagnosis.ReasonQuotaExceeded,
			vars: diagnosis.Vars{"detail": "a ResourceQuota refuses them: insufficient quota to match these scopes: [{PriorityClass In [high]}]"}},
		{err: `error looking up service account shop/builder: serviceaccount "builder" not found`, reason: diagnosis.ReasonServiceAccountNotFound,
			vars: diagnosis.Vars{"sans": "shop", "sa": "builder"}},
		{err: `error looking up service account shop/builder: Get "https://10.0.0.1/api": dial tcp: i/o timeout`},
		{err: `violates PodSecurity "restricted:v1.30": runAsUser=0 (pod must not set runAsUser=0), weird check (x)`, reason: diagnosis.ReasonPodSecurityRejected,
			vars: diagnosis.Vars{"level": "restricted:v1.30", "checks": "runAsUser=0 → securityContext.runAsUser=<non-zero UID>; weird check (x)"}},
		{err: `maximum memory usage per Container is 1Gi, but limit is 2Gi`, reason: diagnosis.ReasonLimitRangeRejected,
			vars: diagnosis.Vars{"detail": "memory limit 2Gi is above the maximum 1Gi per Container"}},
		{err: `minimum cpu usage per Pod is 200m.  No request is specified`, reason: diagnosis.ReasonLimitRangeRejected,
			vars: diagnosis.Vars{"detail": "cpu request is not set, but a minimum of 200m per Pod applies"}},
		{err: `[maximum cpu usage per Container is 2.  No limit is specified, cpu max limit to request ratio per Container is 4, but no request is specified or request is 0]`,
			reason: diagnosis.ReasonLimitRangeRejected,
			vars:   diagnosis.Vars{"detail": "cpu limit is not set, but a maximum of 2 per Container applies; cpu request is not set or 0, but the limit/request ratio per Container is capped at 4"}},
		{err: `admission webhook "v.example.io" denied the request without explanation`, reason: diagnosis.ReasonAdmissionWebhookDenied,
			vars: diagnosis.Vars{"denier": `admission webhook "v.example.io"`, "message": "no reason given",
				"lookup": "kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o custom-columns=NAME:.metadata.name,WEBHOOKS:.webhooks[*].name"}},
		{err: `ValidatingAdmissionPolicy 'no-latest' denied request: failed expression: !object.spec.containers.exists(c, c.image.endsWith(':latest'))`,
			reason: diagnosis.ReasonAdmissionWebhookDenied,
			vars: diagnosis.Vars{"denier": `ValidatingAdmissionPolicy "no-latest"`, "message": "failed expression: !object.spec.containers.exists(c, c.image.endsWith(':latest'))",
				"lookup": "kubectl get validatingadmissionpolicy no-latest -o yaml"}},
		{err: `failed calling webhook "w.example.io": failed to call webhook: Post "https://hook.sec.svc:443/v?timeout=10s": service "hook" not found`,
			reason: diagnosis.ReasonAdmissionWebhookUnavailable,
			vars: diagnosis.Vars{"webhook": "w.example.io", "cause": `service "hook" not found`, "service": "; its Service is sec/hook",
				"check": "check that its Service has ready endpoints: kubectl get endpointslices -n sec -l kubernetes.io/service-name=hook"}},
		{err: `failed calling webhook "w.example.io"; no further details available`, reason: diagnosis.ReasonAdmissionWebhookUnavailable,
			vars: diagnosis.Vars{"webhook": "w.example.io", "cause": "no further details", "service": "",
				"check": "check that its URL answers from the API server: kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o yaml"}},
		{err: `pod rejected: RuntimeClass "gvisor" not found`},
		{err: ``},
	}
	c := &context{opts: diagnosis.DefaultOptions()}
	for _, tt := range tests {
		for _, p := range parsers {
			f, ok := p.parse(c, tt.err)
			if ok != (p.reason == tt.reason) {
				t.Errorf("%s parser on %q: ok=%v", p.reason, tt.err, ok)
				continue
			}
			if ok && (!reflect.DeepEqual(f.Vars, tt.vars) || f.Severity != tt.sev) {
				t.Errorf("%s on %q:\n got %q %q\nwant %q %q", p.reason, tt.err, f.Vars, f.Severity, tt.vars, tt.sev)
			}
		}
	}
}
