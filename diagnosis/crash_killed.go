package diagnosis

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

// ruleContainerKilled: exit 137 (SIGKILL) that is neither the container's own
// memory limit (OOMKilled, earlier) nor a probe (earlier): the kernel's
// system OOM killer on a node short of memory, the kubelet under node
// pressure, or an external kill. Seed 001 ("系统OOM ... 退出状态码是 137 ...
// 内核会报错: Out of memory: Kill process") and seed 004 ("Exit Code=137 ...
// 節點資源不足，內核強制關閉了進程以釋放資源"). Also the status the kubelet
// writes when the runtime lost the container (reason ContainerStatusUnknown,
// "The container could not be located when the pod was terminated", exit
// 137), which seed 004 traces to a manual `docker system prune`.
var ruleContainerKilled = Rule{Reason: ReasonContainerKilled, Check: checkContainerKilled}

func checkContainerKilled(c *Context) (Finding, bool) {
	for _, x := range c.Containers {
		r, ok := c.crashRunOf(x)
		if !ok || r.Term.Reason == "OOMKilled" {
			continue
		}
		if r.Term.ExitCode != 137 && r.Term.Signal != 9 {
			continue
		}
		f := Finding{
			Vars: Vars{
				"exitCode": crashItoa(r.Term.ExitCode),
				"restarts": crashRestarts(x),
			},
			Evidence: crashEvidence(r),
			Since:    c.crashSince(r),
		}
		f.Vars["cause"] = killedCause(c, r, &f)
		return f.InContainer(x), true
	}
	return Finding{}, false
}

// killedCause names the most likely sender of the SIGKILL from what the API
// shows, adding the facts it rests on to the evidence.
func killedCause(c *Context, r crashRun, f *Finding) string {
	if r.Term.Reason == "ContainerStatusUnknown" {
		return c.say(phrase.KilledRuntimeLost)
	}
	if n := c.In.Node; n != nil {
		for i := range n.Status.Conditions {
			cond := &n.Status.Conditions[i]
			if cond.Type == corev1.NodeMemoryPressure && cond.Status == corev1.ConditionTrue {
				f.Evidence = append(f.Evidence, "node "+n.Name+" MemoryPressure=True: "+cond.Message)
				return c.say(phrase.KilledMemoryPressure, "node", n.Name)
			}
		}
	}
	since := r.Term.StartedAt.Add(-time.Second)
	for _, e := range c.Events {
		if e.Last.Before(since) {
			break
		}
		if e.Reason == "Killing" && crashEventFor(e, r.X) {
			f.Evidence = append(f.Evidence, EventEvidence(e))
			return c.say(phrase.KilledByKubelet, "message", e.Message)
		}
	}
	if r.X.Spec != nil && r.X.Spec.LivenessProbe != nil && len(c.Events) == 0 {
		return c.say(phrase.KilledLivenessProbe)
	}
	return c.say(phrase.KilledUnexplained)
}
