package workload

import (
	"regexp"
	"strings"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// ruleAdmissionWebhookDenied: a validating or mutating webhook, or a
// ValidatingAdmissionPolicy, said no:
//
//	admission webhook "vpod.example.com" denied the request: images must come from registry.example.com
//	admission webhook "vpod.example.com" denied the request without explanation
//	ValidatingAdmissionPolicy 'require-team' with binding 'require-team-binding' denied request: failed expression: ...
//
// (apiserver admission/plugin/webhook/errors/statuserror.go;
// admission/plugin/policy/validating/dispatcher.go). The policy will say
// no again until the template or the policy changes (Critical).
var ruleAdmissionWebhookDenied = rule{Reason: diagnosis.ReasonAdmissionWebhookDenied, Check: func(c *context) (diagnosis.Finding, bool) {
	return c.admission(parseWebhookDenied)
}}

var (
	webhookDeniedRe = regexp.MustCompile(`^admission webhook "([^"]+)" denied the request(?:: (.*)| without explanation)?$`)
	policyDeniedRe  = regexp.MustCompile(`^ValidatingAdmissionPolicy '([^']+)'(?: with binding '([^']+)')? denied request: (.*)$`)
)

func parseWebhookDenied(c *context, err string) (diagnosis.Finding, bool) {
	if !strings.HasPrefix(err, "admission webhook ") && !strings.HasPrefix(err, "ValidatingAdmissionPolicy ") {
		return diagnosis.Finding{}, false
	}
	if m := webhookDeniedRe.FindStringSubmatch(err); m != nil {
		msg := m[2]
		if msg == "" {
			msg = c.say(phrase.DeniedNoMessage)
		}
		return diagnosis.Finding{Vars: diagnosis.Vars{
			"denier":  c.say(phrase.DenierWebhook, "webhook", m[1]),
			"message": diagnosis.Truncate(msg, 300),
			"lookup":  "kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o custom-columns=NAME:.metadata.name,WEBHOOKS:.webhooks[*].name",
		}}, true
	}
	if m := policyDeniedRe.FindStringSubmatch(err); m != nil {
		denier := c.say(phrase.DenierPolicy, "policy", m[1])
		if m[2] != "" {
			denier = c.say(phrase.DenierPolicyBinding, "policy", m[1], "binding", m[2])
		}
		return diagnosis.Finding{Vars: diagnosis.Vars{
			"denier":  denier,
			"message": diagnosis.Truncate(m[3], 300),
			"lookup":  "kubectl get validatingadmissionpolicy " + m[1] + " -o yaml",
		}}, true
	}
	return diagnosis.Finding{}, false
}
