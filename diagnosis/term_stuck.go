package diagnosis

import (
	"strconv"
	"strings"
	"time"
)

// ruleTerminationStuck: deletion was requested, the grace period plus the
// margin has passed, the node answers, no finalizer holds the pod (those are
// the rules before it), and still the kubelet has not finished: killing or
// removing the containers fails. Seed 001 names the usual blockers: the
// runtime's data disk is full ("Killing container with id
// docker://apigateway:Need to kill Pod" repeated 735 times), or a file in the
// container carries the immutable attribute so removing it fails with
// "operation not permitted" (chattr -i clears it). Seed 004 adds runtime bugs
// (docker 18.06 / dockershim) and a broken kube-controller-manager.
//
// Event wording: Warning FailedKillPod "error killing pod: [failed to
// \"KillContainer\" for \"web\" with KillContainerError: \"rpc error: ...\""
// (pkg/kubelet), FailedSync "error killing pod: ..." (<=1.12), Normal
// Killing repeated.
//
// It runs after Evicted, Preempted and NodeAdmissionRejected only in this
// sense: a pod that carries its own departure reason and shows no kill or
// remove failure is named by those rules; with a failure, this rule wins.
var ruleTerminationStuck = Rule{Reason: "TerminationStuck", Check: checkTerminationStuck}

// stuckBlockers map an error text to what it means, most specific first.
var stuckBlockers = []struct {
	needles []string
	text    Text
}{
	{[]string{"operation not permitted"}, Text{
		EN: "removing the container's files fails with \"operation not permitted\": a file carries the immutable attribute (chattr +i)",
		ZH: "删除容器文件时报 \"operation not permitted\"：有文件带有 i 属性（chattr +i），无法删除"}},
	{[]string{"no space left on device"}, Text{
		EN: "the container runtime's disk is full (no space left on device), so it can neither stop nor delete containers",
		ZH: "容器运行时的数据盘已满（no space left on device），既停不掉也删不掉容器"}},
	{[]string{"device or resource busy"}, Text{
		EN: "a mount of the container is still busy (device or resource busy)",
		ZH: "容器的挂载点仍被占用（device or resource busy）"}},
	{[]string{"deadline exceeded", "DeadlineExceeded", "connection is unavailable", "connection refused", "Cannot connect to the Docker daemon", "transport is closing"}, Text{
		EN: "the container runtime does not answer the kubelet (timeouts or broken connections)",
		ZH: "容器运行时不响应 kubelet（超时或连接中断）"}},
}

func checkTerminationStuck(c *Context) (Finding, bool) {
	pod := c.Pod
	if pod.DeletionTimestamp == nil || pod.Spec.NodeName == "" {
		return Finding{}, false
	}
	n := c.termNode()
	if n.Missing || (n.Known && !n.Healthy()) {
		return Finding{}, false // NodeLost's case
	}
	requested, ago, delEv := termDeletion(c)
	graceEnd := pod.DeletionTimestamp.Time

	var ev []string
	var errMsg string
	var kills int32
	var since time.Time
	for _, e := range c.Events {
		if e.Last.Before(requested) {
			break
		}
		switch e.Reason {
		case "FailedPreStopHook":
			ev = append(ev, EventEvidence(e))
		case "FailedKillPod", "FailedSync":
			if e.Reason == "FailedSync" && !crashHasFold(e.Message, "killing pod") {
				continue
			}
			if errMsg == "" {
				errMsg = e.Message
			}
			ev = append(ev, EventEvidence(e))
			since = firstTime(since, e.First)
		case "Killing":
			kills += e.Count
			ev = append(ev, EventEvidence(e))
		}
	}
	alive := c.termContainersAlive()
	repeated := kills > 1
	if errMsg == "" && !alive && !repeated && c.termHasDeparture() {
		return Finding{}, false // let Evicted / Preempted / NodeAdmissionRejected name it
	}
	f := Finding{
		Vars:  Vars{"ago": ago, "message": ""},
		Since: firstTime(since, graceEnd),
	}
	f.Evidence = append(f.Evidence, delEv)
	if n.Cond != nil {
		f.Evidence = append(f.Evidence, "node "+pod.Spec.NodeName+" Ready="+string(n.Cond.Status))
	}
	for _, x := range c.Containers {
		switch {
		case x.Status == nil:
		case x.Status.State.Running != nil:
			f.Evidence = append(f.Evidence, containerLabel(x)+" still running since "+x.Status.State.Running.StartedAt.UTC().Format(time.RFC3339))
		case x.Status.State.Terminated != nil:
			f.Evidence = append(f.Evidence, TerminatedEvidence(x, "state", x.Status.State.Terminated))
		}
	}
	f.Evidence = append(f.Evidence, ev...)
	if cond, ok := c.termDisruption(); ok {
		f.Evidence = append(f.Evidence, termConditionEvidence(cond))
	}
	if len(pod.Finalizers) > 0 {
		f.Evidence = append(f.Evidence, "metadata.finalizers: ["+strings.Join(pod.Finalizers, ", ")+"]")
	}
	f.Vars["blocker"] = stuckBlocker(c, errMsg, alive, kills)
	if errMsg != "" {
		f.Vars["message"] = crashPick(c, " (last error: ", "（最近错误：") + Truncate(stuckErrorTail(errMsg), 160) + crashPick(c, ")", "）")
	}
	return f, true
}

func stuckBlocker(c *Context, errMsg string, alive bool, kills int32) string {
	for _, b := range stuckBlockers {
		if errMsg != "" && crashHasAnyFold(errMsg, b.needles) {
			return b.text.In(c.Opts.Lang)
		}
	}
	switch {
	case errMsg != "":
		return crashPick(c, "the kubelet fails to kill the pod", "kubelet 杀不掉这个 Pod")
	case alive && kills > 1:
		n := strconv.Itoa(int(kills))
		return crashPick(c,
			"the kubelet has tried to kill the containers "+n+" times but they keep running: the runtime does not act (a full runtime disk is the usual cause)",
			"kubelet 已尝试杀容器 "+n+" 次，但容器仍在运行：运行时没有响应（常见原因是运行时数据盘已满）")
	case alive:
		return crashPick(c,
			"its containers are still running past the grace period",
			"宽限期已过，容器仍在运行")
	}
	return crashPick(c,
		"the containers have stopped but the kubelet has not finished removing them; its log usually shows why (a file with the immutable attribute: \"operation not permitted\", or a full disk)",
		"容器已停止，但 kubelet 未能完成清理；kubelet 日志通常会说明原因（文件被设置了 i 属性（chattr +i）时报 \"operation not permitted\"，或磁盘已满）")
}

// stuckErrorTail keeps the innermost error of a kubelet kill failure: the
// runtime's own words after the last "desc = " ("grpc: the connection is
// unavailable"), not the wrapping that names the pod and container again.
func stuckErrorTail(msg string) string {
	msg = oneLine(msg)
	if i := strings.LastIndex(msg, "desc = "); i >= 0 {
		msg = msg[i+len("desc = "):]
	} else {
		msg = strings.TrimPrefix(msg, "error killing pod: ")
	}
	return strings.TrimRight(strings.TrimSpace(msg), "\"],")
}
