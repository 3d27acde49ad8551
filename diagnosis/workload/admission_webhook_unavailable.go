package workload

import (
	"regexp"
	"strings"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// ruleAdmissionWebhookUnavailable: a webhook with failurePolicy Fail could
// not be called, so every pod is refused (apiserver
// pkg/util/webhook/error.go, admission/plugin/webhook/*/dispatcher.go):
//
//	Internal error occurred: failed calling webhook "pod-policy.example.io": failed to call webhook:
//	Post "https://pod-policy.webhooks.svc:443/validate?timeout=5s": <cause>
//
// with cause `no endpoints available for service "x"` (aggregator
// routing), `dial tcp ...: connect: connection refused` / `no route to
// host` (no endpoints behind the ClusterIP), `context deadline exceeded`,
// `service "x" not found`, `x509: ...`. Common after the webhook's own
// pods fail; it heals when they come back (Warning).
var ruleAdmissionWebhookUnavailable = rule{Reason: diagnosis.ReasonAdmissionWebhookUnavailable, Check: func(c *context) (diagnosis.Finding, bool) {
	return c.admission(parseWebhookUnavailable)
}}

var (
	webhookCallRe = regexp.MustCompile(`^failed calling webhook "([^"]+)"(?:: (.*)|; no further details available)?$`)
	// The URL of a Service reference: https://<svc>.<ns>.svc:<port><path>
	// (pkg/util/webhook/client.go).
	webhookURLRe   = regexp.MustCompile(`"https://([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?::\d+)?[^"]*": (.*)$`)
	webhookCauseRe = regexp.MustCompile(`^failed to call webhook: (?:\S+ "[^"]*": )?(.*)$`)
)

func parseWebhookUnavailable(c *context, err string) (diagnosis.Finding, bool) {
	if !strings.HasPrefix(err, "failed calling webhook ") {
		return diagnosis.Finding{}, false
	}
	m := webhookCallRe.FindStringSubmatch(err)
	if m == nil {
		return diagnosis.Finding{}, false
	}
	cause := m[2]
	if cm := webhookCauseRe.FindStringSubmatch(cause); cm != nil {
		cause = cm[1]
	}
	if cause == "" {
		cause = c.say(phrase.WebhookNoDetails)
	}
	f := diagnosis.Finding{Vars: diagnosis.Vars{"webhook": m[1], "cause": diagnosis.Truncate(cause, 200)}}
	if u := webhookURLRe.FindStringSubmatch(m[2]); u != nil {
		f.Vars["service"] = c.say(phrase.WebhookService, "svcns", u[2], "svc", u[1])
		f.Vars["check"] = c.say(phrase.WebhookCheckService, "svcns", u[2], "svc", u[1])
	} else {
		f.Vars["service"] = ""
		f.Vars["check"] = c.say(phrase.WebhookCheckURL)
	}
	return f, true
}
