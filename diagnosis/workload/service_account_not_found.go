package workload

import (
	"regexp"
	"strings"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// ruleServiceAccountNotFound: the ServiceAccount admission plugin found no
// ServiceAccount of the name the template gives
// (plugin/pkg/admission/serviceaccount/admission.go; seed 004's "the
// ServiceAccount does not exist"):
//
//	error looking up service account shop/builder: serviceaccount "builder" not found
//
// Nothing creates it by itself (Critical). Another lookup error (an API
// server hiccup) is not this cause and falls to PodCreateFailed.
var ruleServiceAccountNotFound = rule{Reason: diagnosis.ReasonServiceAccountNotFound, Check: func(c *context) (diagnosis.Finding, bool) {
	return c.admission(parseServiceAccount)
}}

var serviceAccountRe = regexp.MustCompile(`^error looking up service account ([^/\s]+)/([^:\s]+): serviceaccounts? "[^"]*" not found`)

func parseServiceAccount(_ *context, err string) (diagnosis.Finding, bool) {
	if !strings.HasPrefix(err, "error looking up service account ") {
		return diagnosis.Finding{}, false
	}
	m := serviceAccountRe.FindStringSubmatch(err)
	if m == nil {
		return diagnosis.Finding{}, false
	}
	return diagnosis.Finding{Vars: diagnosis.Vars{"sans": m[1], "sa": m[2]}}, true
}
