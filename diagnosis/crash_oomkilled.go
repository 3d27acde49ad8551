package diagnosis

import corev1 "k8s.io/api/core/v1"

// ruleOOMKilled: the kernel's cgroup OOM killer ended the container because it
// went over its memory limit (status reason OOMKilled, exit 137). A
// CrashLoopBackOff whose last termination is OOMKilled is OOMKilled: the loop
// is the symptom. Seeds 001/003/004: "State.Last State.Reason = OOMKilled,
// Exit Code=137"; raise the limit or find what grows.
var ruleOOMKilled = Rule{Reason: ReasonOOMKilled, Check: checkOOMKilled}

func checkOOMKilled(c *Context) (Finding, bool) {
	for _, x := range c.Containers {
		r, ok := c.crashRunOf(x)
		if !ok || r.Term.Reason != "OOMKilled" {
			continue
		}
		limit, hasLimit := oomLimit(x)
		f := Finding{
			Vars: Vars{
				"limit":    limit,
				"exitCode": crashItoa(r.Term.ExitCode),
				"restarts": crashRestarts(x),
			},
			Evidence: crashEvidence(r),
			Since:    c.crashSince(r),
		}
		if hasLimit {
			f.Vars["limitFact"] = c.say(phrase.OOMOverLimit, "limit", limit)
			f.Evidence = append(f.Evidence, "container "+x.Name+" resources.limits.memory: "+limit)
		} else {
			f.Vars["limit"] = c.say(phrase.OOMLimitNone)
			f.Vars["limitFact"] = c.say(phrase.OOMNoLimit)
			f.Evidence = append(f.Evidence, "container "+x.Name+" has no resources.limits.memory")
		}
		return f.InContainer(x), true
	}
	return Finding{}, false
}

// oomLimit returns the container's memory limit as written ("512Mi").
func oomLimit(x Container) (string, bool) {
	if x.Spec == nil {
		return "", false
	}
	q, ok := x.Spec.Resources.Limits[corev1.ResourceMemory]
	if !ok || q.IsZero() {
		return "", false
	}
	return q.String(), true
}
