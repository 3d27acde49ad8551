package workload

import (
	"regexp"
	"strings"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// ruleQuotaExceeded: the ResourceQuota admission plugin refused the pod
// (staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go):
//
//	exceeded quota: compute-quota, requested: limits.memory=512Mi,requests.memory=256Mi, used: ..., limited: ...
//	failed quota: compute-quota: must specify limits.cpu for: app; requests.cpu for: app
//	failed quota: compute-quota: must specify limits.cpu,limits.memory       (releases before the "for:" lists)
//	status unknown for quota: compute-quota, resources: pods
//	insufficient quota to consume: ... / insufficient quota to match these scopes: ...
//
// An exhausted quota frees up when other pods go (Warning); a quota that
// demands requests or limits the template lacks never does (Critical).
var ruleQuotaExceeded = rule{Reason: diagnosis.ReasonQuotaExceeded, Check: func(c *context) (diagnosis.Finding, bool) {
	return c.admission(parseQuota)
}}

var (
	quotaExceededRe = regexp.MustCompile(`^exceeded quota: ([^,]+), requested: (\S+), used: (\S+), limited: (\S+)`)
	quotaSpecifyRe  = regexp.MustCompile(`^failed quota: ([^:]+): must specify (.+)$`)
	quotaUnknownRe  = regexp.MustCompile(`^status unknown for quota: ([^,]+), resources: (.+)$`)
)

func parseQuota(c *context, err string) (diagnosis.Finding, bool) {
	f := diagnosis.Finding{Vars: diagnosis.Vars{}}
	// Each text starts with its own words: test them before any regexp.
	switch {
	case strings.HasPrefix(err, "exceeded quota: "):
		m := quotaExceededRe.FindStringSubmatch(err)
		if m == nil {
			break
		}
		res := quotaKeys(m[2])
		f.Vars["quota"], f.Vars["quotaresource"] = m[1], res
		f.Vars["detail"] = c.say(phrase.QuotaExhausted, "quota", m[1], "resources", res,
			"requested", m[2], "used", m[3], "limited", m[4])
		return f, true
	case strings.HasPrefix(err, "failed quota: "):
		m := quotaSpecifyRe.FindStringSubmatch(err)
		if m == nil {
			break
		}
		res, ctrs := quotaMissing(m[2])
		f.Vars["quota"], f.Vars["quotaresource"] = m[1], res
		f.Vars["detail"] = c.say(phrase.QuotaMustSpecify, "quota", m[1], "resources", res, "containers", ctrs)
		f.Severity = diagnosis.SeverityCritical // only a template change helps
		return f, true
	case strings.HasPrefix(err, "status unknown for quota: "):
		m := quotaUnknownRe.FindStringSubmatch(err)
		if m == nil {
			break
		}
		f.Vars["quota"], f.Vars["quotaresource"] = m[1], m[2]
		f.Vars["detail"] = c.say(phrase.QuotaStatusUnknown, "quota", m[1], "resources", m[2])
		return f, true
	case !strings.HasPrefix(err, "insufficient quota to "):
		return f, false
	}
	f.Vars = diagnosis.Vars{"detail": c.say(phrase.QuotaOther, "message", diagnosis.Truncate(err, 200))}
	return f, true
}

// quotaKeys lists the resource names of a prettyPrint list
// ("limits.memory=512Mi,requests.memory=256Mi" → "limits.memory, requests.memory").
func quotaKeys(list string) string {
	parts := strings.Split(list, ",")
	for i, p := range parts {
		parts[i], _, _ = strings.Cut(p, "=")
	}
	return strings.Join(parts, ", ")
}

// quotaMissing splits "limits.cpu for: app,side; requests.cpu for: app"
// into the resources and the containers that lack them.
func quotaMissing(s string) (resources, containers string) {
	var res, ctrs []string
	seen := map[string]bool{}
	for _, item := range strings.Split(s, "; ") {
		r, cs, _ := strings.Cut(item, " for: ")
		res = append(res, strings.Split(r, ",")...)
		for _, ctr := range strings.Split(cs, ",") {
			if ctr != "" && !seen[ctr] {
				seen[ctr] = true
				ctrs = append(ctrs, ctr)
			}
		}
	}
	if len(ctrs) == 0 {
		return strings.Join(res, ", "), "-"
	}
	return strings.Join(res, ", "), strings.Join(ctrs, ", ")
}
