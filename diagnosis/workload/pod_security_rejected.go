package workload

import (
	"regexp"
	"strings"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// rulePodSecurityRejected: Pod Security admission refused the pod
// (staging/src/k8s.io/pod-security-admission/admission/admission.go,
// policy/checks.go ForbiddenDetail: each failed check as "reason (detail)",
// joined by ", ", baseline checks first):
//
//	violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set
//	securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (...), runAsNonRoot != true (...), seccompProfile (...)
//
// The summary names each check with the securityContext field that
// satisfies it; the template must change (Critical), or the namespace's
// enforce label, which is a security decision.
var rulePodSecurityRejected = rule{Reason: diagnosis.ReasonPodSecurityRejected, Check: func(c *context) (diagnosis.Finding, bool) {
	return c.admission(parsePodSecurity)
}}

var podSecurityRe = regexp.MustCompile(`^violates PodSecurity "([^"]+)": (.*)$`)

func parsePodSecurity(c *context, err string) (diagnosis.Finding, bool) {
	if !strings.HasPrefix(err, "violates PodSecurity ") {
		return diagnosis.Finding{}, false
	}
	m := podSecurityRe.FindStringSubmatch(err)
	if m == nil {
		return diagnosis.Finding{}, false
	}
	var fixes []string
	for _, ch := range podSecurityChecks(m[2]) {
		if t, ok := psaFixes[ch.reason]; ok {
			fixes = append(fixes, c.say(t))
			continue
		}
		fixes = append(fixes, c.say(phrase.PSAUnknownCheck, "check", ch.reason, "detail", ch.detail))
	}
	return diagnosis.Finding{Vars: diagnosis.Vars{"level": m[1], "checks": strings.Join(fixes, c.say(phrase.Sep))}}, true
}

// psaCheck is one failed check of a ForbiddenDetail.
type psaCheck struct{ reason, detail string }

// podSecurityChecks splits "a (x, y), b, c (z)" into its checks: a
// detail may hold ", " itself ("hostNetwork=true, hostPID=true"), so the
// split follows the parentheses.
func podSecurityChecks(s string) []psaCheck {
	var out []psaCheck
	for s != "" {
		open, sep := strings.Index(s, " ("), strings.Index(s, ", ")
		if open < 0 || (sep >= 0 && sep < open) {
			if sep < 0 {
				return append(out, psaCheck{reason: s})
			}
			out, s = append(out, psaCheck{reason: s[:sep]}), s[sep+2:]
			continue
		}
		end := matchParen(s, open+1)
		if end < 0 {
			return append(out, psaCheck{reason: s[:open], detail: s[open+2:]})
		}
		out = append(out, psaCheck{reason: s[:open], detail: s[open+2 : end]})
		s = strings.TrimPrefix(s[end+1:], ", ")
	}
	return out
}

// matchParen returns the index of the ")" closing the "(" at i, -1 if none.
func matchParen(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}
