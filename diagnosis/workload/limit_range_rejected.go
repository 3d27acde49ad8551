package workload

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// ruleLimitRangeRejected: a LimitRange's min / max / ratio refused the pod
// (plugin/pkg/admission/limitranger/admission.go; several violations of
// one LimitRange come aggregated as "[e1, e2]"):
//
//	maximum memory usage per Container is 1Gi, but limit is 2Gi
//	minimum cpu usage per Container is 100m.  No request is specified
//	memory max limit to request ratio per Container is 2, but provided ratio is 4.000000
//
// The template is out of bounds until someone changes it or the
// LimitRange (Critical).
var ruleLimitRangeRejected = rule{Reason: diagnosis.ReasonLimitRangeRejected, Check: func(c *context) (diagnosis.Finding, bool) {
	return c.admission(parseLimitRange)
}}

var (
	limitBoundRe = regexp.MustCompile(`(minimum|maximum) (\S+) usage per (\S+) is ([^,.\s]+(?:\.\d+)?)(?:\.  No (request|limit) is specified|, but (request|limit) is ([^,\]\s]+))`)
	limitRatioRe = regexp.MustCompile(`(\S+) max limit to request ratio per (\S+) is ([^,\s]+), but (?:no (request|limit) is specified or (?:request|limit) is 0|provided ratio is ([0-9.]+))`)
)

func parseLimitRange(c *context, err string) (diagnosis.Finding, bool) {
	if !strings.HasPrefix(err, "minimum ") && !strings.HasPrefix(err, "maximum ") && !strings.HasPrefix(err, "[") && !strings.Contains(err, " max limit to request ratio per ") {
		return diagnosis.Finding{}, false
	}
	var parts []string
	for _, m := range limitBoundRe.FindAllStringSubmatch(err, -1) {
		parts = append(parts, limitBound(c, m))
	}
	for _, m := range limitRatioRe.FindAllStringSubmatch(err, -1) {
		if m[5] == "" {
			parts = append(parts, c.say(phrase.LimitRatioUnset, "resource", m[1], "type", m[2], "bound", m[3], "field", m[4]))
			continue
		}
		parts = append(parts, c.say(phrase.LimitRatio, "resource", m[1], "type", m[2], "bound", m[3], "actual", trimRatio(m[5])))
	}
	if len(parts) == 0 {
		return diagnosis.Finding{}, false
	}
	return diagnosis.Finding{Vars: diagnosis.Vars{"detail": strings.Join(parts, c.say(phrase.Sep))}}, true
}

// limitBound renders one min / max violation.
func limitBound(c *context, m []string) string {
	kv := []string{"resource", m[2], "type", m[3], "bound", m[4]}
	switch {
	case m[1] == "maximum" && m[5] != "":
		return c.say(phrase.LimitMaxUnset, append(kv, "field", m[5])...)
	case m[1] == "maximum":
		return c.say(phrase.LimitMax, append(kv, "field", m[6], "actual", m[7])...)
	case m[5] != "":
		return c.say(phrase.LimitMinUnset, append(kv, "field", m[5])...)
	}
	return c.say(phrase.LimitMin, append(kv, "field", m[6], "actual", m[7])...)
}

// trimRatio prints "4.000000" (Go's %f) as "4".
func trimRatio(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
