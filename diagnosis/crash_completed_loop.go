package diagnosis

import corev1 "k8s.io/api/core/v1"

// ruleCompletedInRestartLoop: the program ends successfully (exit 0) but the
// pod's restartPolicy is Always, as in every Deployment, StatefulSet and
// DaemonSet, so the kubelet starts it again and backs off: CrashLoopBackOff
// for a program that did nothing wrong. It belongs in a Job, or its command
// backgrounds the real server and returns.
var ruleCompletedInRestartLoop = Rule{Reason: ReasonCompletedInRestartLoop, Check: checkCompletedInRestartLoop}

func checkCompletedInRestartLoop(c *Context) (Finding, bool) {
	for _, x := range c.Containers {
		r, ok := c.crashRunOf(x)
		if !ok || r.Term.ExitCode != 0 || !crashRestartsAlways(c.Pod, x) {
			continue
		}
		owner := termOwnerText(c)
		policy := string(c.Pod.Spec.RestartPolicy)
		if x.Init {
			policy = "Always"
		}
		f := Finding{
			Vars: Vars{
				"restarts": crashRestarts(x),
				"policy":   orDefault(policy, string(corev1.RestartPolicyAlways)),
				"owner":    owner,
			},
			Evidence: crashEvidence(r),
			Since:    c.crashSince(r),
		}
		f.Evidence = append(f.Evidence, "pod restartPolicy: "+orDefault(string(c.Pod.Spec.RestartPolicy), "Always (default)"))
		return f.InContainer(x), true
	}
	return Finding{}, false
}
