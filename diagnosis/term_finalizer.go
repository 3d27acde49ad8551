package diagnosis

import "strings"

// ruleFinalizerBlocking: deletion was requested, the grace period is over,
// the containers have stopped, yet the pod stays because metadata.finalizers
// still lists entries. Only the controller that added a finalizer removes it
// after its clean-up (seed 001: "比如 Rancher 创建的一些资源就会写入
// finalizers 标识 ... kubectl edit 手动编辑资源定义，删掉 finalizers"). Removing it
// by hand skips that clean-up, so the hint says to check the controller first.
//
// Order: after NodeLost (a pod on a lost node cannot be confirmed stopped: fix
// or remove the node first, then finalizers are what remains), before
// TerminationStuck (with containers still running the kubelet is the blocker,
// so this rule requires that none runs).
var ruleFinalizerBlocking = Rule{Reason: ReasonFinalizerBlocking, Check: checkFinalizerBlocking}

func checkFinalizerBlocking(c *Context) (Finding, bool) {
	pod := c.Pod
	if pod.DeletionTimestamp == nil || len(pod.Finalizers) == 0 || c.termContainersAlive() {
		return Finding{}, false
	}
	requested, ago, delEv := termDeletion(c)
	list := strings.Join(pod.Finalizers, ", ")
	f := Finding{
		Vars: Vars{
			"finalizers": list,
			"ago":        ago,
			"owner":      termOwnerText(c),
		},
		Evidence: []string{
			"metadata.finalizers: [" + list + "]",
			delEv,
			termStatusEvidence(pod),
		},
		Since: requested,
	}
	if o := termOwner(pod); o != nil {
		f.Evidence = append(f.Evidence, "owner "+o.Kind+"/"+o.Name)
	}
	if cond, ok := c.termDisruption(); ok {
		f.Evidence = append(f.Evidence, termConditionEvidence(cond))
	}
	return f, true
}
