package diagnosis

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

// ruleReadinessProbeFailed: the pod runs but a container's readiness probe
// fails, so the pod is not Ready and the endpoints controller keeps it out of
// every Service that selects it (seed 001: "就绪检查失败会将此 pod ip 从
// service 中摘除"). Crash rules run first: a container that is also restarted
// by its liveness probe is LivenessProbeFailed.
//
// Wording: Unhealthy "Readiness probe failed: HTTP probe failed with
// statuscode: 503", "Readiness probe failed: command timed out: \"...\" timed
// out after 1s", "Readiness probe errored: ...".
var ruleReadinessProbeFailed = Rule{Reason: ReasonReadinessProbeFailed, Check: checkReadinessProbeFailed}

func checkReadinessProbeFailed(c *Context) (Finding, bool) {
	if c.Pod.Status.Phase != corev1.PodRunning {
		return Finding{}, false
	}
	ready, ok := c.Condition(corev1.PodReady)
	if !ok || ready.Status == corev1.ConditionTrue {
		return Finding{}, false
	}
	for _, x := range c.Containers {
		st := x.Status
		if x.Init || st == nil || st.Ready || st.State.Running == nil || x.Spec == nil || x.Spec.ReadinessProbe == nil {
			continue
		}
		started := st.State.Running.StartedAt.Time
		pe := c.probeEventsSince(x, probeReadiness, started.Add(-time.Second))
		p := x.Spec.ReadinessProbe
		notReadySince := firstTime(ready.LastTransitionTime.Time, started)
		f := Finding{
			Vars: Vars{
				"probe":       probeTargetIn(p, x),
				"probeCall":   probeCommand(p, x),
				"timing":      timingOf(p).String(),
				"message":     probeMessage(c, pe),
				"notReadyFor": kubectlAge(c.Now.Sub(notReadySince)),
			},
			Evidence: []string{
				containerLabel(x) + " running since " + started.UTC().Format(time.RFC3339) + ", ready=false",
				"pod condition Ready=" + string(ready.Status) + " " + ready.Reason,
			},
			Since: notReadySince,
		}
		if pe.HasUnhealthy {
			f.Evidence = append(f.Evidence, EventEvidence(pe.Unhealthy))
		}
		f.Evidence = append(f.Evidence, "container "+x.Name+" readinessProbe: "+probeTarget(p)+" "+timingOf(p).String())
		return f.InContainer(x), true
	}
	return Finding{}, false
}
