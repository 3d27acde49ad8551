package diagnosis

import (
	"strconv"
	"time"
)

// ruleLivenessProbeFailed: the liveness probe failed failureThreshold times in
// a row and the kubelet restarted the container ("Container web failed
// liveness probe, will be restarted"; the exit is then 143 if the app honours
// SIGTERM, 137 if it had to be killed). Seed 001 lists the causes a person
// should check: initialDelaySeconds too short for a slow start, a node so
// loaded that probes time out, a port that stopped listening. Seed 004: exit
// 137 "最有可能的原因是，存活探针(livenessProbe)检查失败".
//
// When every run dies about as soon as the probe can fail, the app never got
// to answer: the advice is a startupProbe or a longer initialDelaySeconds,
// not a fix of the endpoint.
var ruleLivenessProbeFailed = Rule{Reason: ReasonLivenessProbeFailed, Check: checkLivenessProbeFailed}

func checkLivenessProbeFailed(c *Context) (Finding, bool) {
	r, pe, ok := c.probeKilledRun(probeLiveness)
	if !ok {
		return Finding{}, false
	}
	p := probeSpec(r.X, probeLiveness)
	t := timingOf(p)
	runFor := livenessRunLength(r, pe)
	f := Finding{
		Vars: Vars{
			"probe":    orDefault(probeTargetIn(p, r.X), "livenessProbe"),
			"timing":   t.String(),
			"message":  probeMessage(c, pe),
			"restarts": crashRestarts(r.X),
			"exitCode": crashItoa(r.Term.ExitCode),
			"runFor":   kubectlAge(runFor),
		},
		Evidence: probeFindingEvidence(r, pe),
		Since:    c.crashSince(r),
	}
	if p != nil {
		f.Evidence = append(f.Evidence, "container "+r.X.Name+" livenessProbe: "+probeTarget(p)+" "+t.String())
	}
	f.Vars["advice"] = livenessAdvice(c, r, pe, t, runFor)
	return f.InContainer(r.X), true
}

// livenessRunLength is how long the killed run lived before the kubelet
// decided to kill it (the Killing event), else until it exited.
func livenessRunLength(r crashRun, pe probeEvidence) time.Duration {
	end := r.Term.FinishedAt.Time
	if pe.HasKill && !pe.Kill.Last.Before(r.Term.StartedAt.Time) && pe.Kill.Last.Before(end) {
		end = pe.Kill.Last
	}
	return end.Sub(r.Term.StartedAt.Time)
}

// livenessEarly reports whether failures start right after start-up: the run
// was killed within the probe's own budget (delay + failureThreshold periods,
// plus one period and the timeouts of slack), or the first failure came at the
// very first probe of the run.
func livenessEarly(r crashRun, pe probeEvidence, t probeTiming, runFor time.Duration) bool {
	slack := time.Duration(t.Period+t.Timeout*t.Failure)*time.Second + 5*time.Second
	if runFor <= t.Budget()+slack {
		return true
	}
	if pe.HasUnhealthy {
		start := r.Term.StartedAt.Time
		first := pe.Unhealthy.First
		return !first.Before(start) && first.Sub(start) <= time.Duration(t.Delay+t.Period)*time.Second+slack
	}
	return false
}

func livenessAdvice(c *Context, r crashRun, pe probeEvidence, t probeTiming, runFor time.Duration) string {
	if livenessEarly(r, pe, t, runFor) {
		delay := strconv.Itoa(int(t.Delay)) + "s"
		if r.X.Spec != nil && r.X.Spec.StartupProbe != nil {
			return c.say(phrase.LivenessEarlyStartup, "ran", kubectlAge(runFor))
		}
		return c.say(phrase.LivenessEarly, "ran", kubectlAge(runFor), "delay", delay)
	}
	return c.say(phrase.LivenessLate, "ran", kubectlAge(runFor))
}
