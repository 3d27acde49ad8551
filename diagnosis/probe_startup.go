package diagnosis

// ruleStartupProbeFailed: the startup probe never passed within
// failureThreshold × periodSeconds, so the kubelet killed the container
// ("Container web failed startup probe, will be restarted"). Liveness and
// readiness do not run until it passes, so it runs before the liveness rule.
var ruleStartupProbeFailed = Rule{Reason: ReasonStartupProbeFailed, Check: checkStartupProbeFailed}

func checkStartupProbeFailed(c *Context) (Finding, bool) {
	r, pe, ok := c.probeKilledRun(probeStartup)
	if !ok {
		return Finding{}, false
	}
	p := probeSpec(r.X, probeStartup)
	t := timingOf(p)
	f := Finding{
		Vars: Vars{
			"probe":    orDefault(probeTargetIn(p, r.X), "startupProbe"),
			"timing":   t.String(),
			"budget":   kubectlAge(t.Budget()),
			"message":  probeMessage(c, pe),
			"restarts": crashRestarts(r.X),
			"exitCode": crashItoa(r.Term.ExitCode),
		},
		Evidence: probeFindingEvidence(r, pe),
		Since:    c.crashSince(r),
	}
	return f.InContainer(r.X), true
}
