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
var ruleContainerKilled = Rule{Reason: "ContainerKilled", Check: checkContainerKilled}

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
			Since:    r.Term.FinishedAt.Time,
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
		return crashPick(c,
			"the runtime lost the container (node reboot, runtime restart, or containers removed by hand such as docker system prune)",
			"容器运行时找不到该容器了（节点重启、运行时重启，或手工清理了容器，例如 docker system prune）")
	}
	if n := c.In.Node; n != nil {
		for i := range n.Status.Conditions {
			cond := &n.Status.Conditions[i]
			if cond.Type == corev1.NodeMemoryPressure && cond.Status == corev1.ConditionTrue {
				f.Evidence = append(f.Evidence, "node "+n.Name+" MemoryPressure=True: "+cond.Message)
				return crashPick(c,
					"node "+n.Name+" reports MemoryPressure, so the kernel or the kubelet killed processes to free memory",
					"节点 "+n.Name+" 处于 MemoryPressure，内核或 kubelet 为释放内存杀掉了进程")
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
			return crashPick(c, "the kubelet stopped it: "+e.Message, "kubelet 主动停止了它："+e.Message)
		}
	}
	if r.X.Spec != nil && r.X.Spec.LivenessProbe != nil && len(c.Events) == 0 {
		return crashPick(c,
			"no event is left to tell who; the container has a liveness probe, the most common sender of SIGKILL, so check it first, then the node's kernel log for \"Out of memory: Kill process\"",
			"已没有事件可查；该容器配置了存活探针，这是 SIGKILL 最常见的来源，请先检查它，再查节点内核日志中的 \"Out of memory: Kill process\"")
	}
	return crashPick(c,
		"not its own memory limit and not a probe: most likely the system OOM killer on a node short of memory (kernel log \"Out of memory: Kill process\"), or a process outside the container",
		"既不是超出自身内存 limit，也不是探针：最可能是节点内存不足触发了系统 OOM（内核日志 \"Out of memory: Kill process\"），或容器外的进程发出的 kill")
}
