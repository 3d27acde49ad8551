package diagnosis

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

// ruleNodeLost: the pod's node stopped answering (Ready Unknown: "Kubelet
// stopped posting node status.") or reports NotReady. Nothing the API shows
// about the pod can be trusted any more: its phase turns Unknown, a deletion
// stays Terminating because no kubelet confirms the containers stopped (seeds
// 000 and 003: "从 v1.5 开始，Kubernetes 不会因为 Node 失联而删除其上正在运行
// 的 Pod，而是将其标记为 Terminating 或 Unknown 状态"). Seed 001 lists the
// causes: node overloaded, down, powered off, network cut.
//
// Events the node controller leaves on the pod (pkg/controller/nodelifecycle,
// pkg/controller/tainteviction): Warning NodeNotReady "Node is not ready";
// Normal TaintManagerEviction "Marking for deletion Pod ns/name". Older
// controllers set pod status.reason "NodeLost", message "Node x which was
// running pod y is unresponsive" (pkg/util/node).
//
// A terminal pod (Evicted, Completed ...) that is not being deleted is past
// caring about its node; its own reason explains it.
var ruleNodeLost = Rule{Reason: ReasonNodeLost, Check: checkNodeLost}

func checkNodeLost(c *Context) (Finding, bool) {
	pod := c.Pod
	if pod.Spec.NodeName == "" {
		return Finding{}, false
	}
	deleting := pod.DeletionTimestamp != nil
	terminal := pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed
	if terminal && !deleting && pod.Status.Reason != "NodeLost" {
		return Finding{}, false
	}
	n := c.termNode()
	var ready, nodeMsg string
	var since time.Time
	switch {
	case n.Known && n.Ready != corev1.ConditionTrue:
		ready = string(n.Ready)
		if n.Cond != nil {
			nodeMsg = n.Cond.Reason
			if n.Cond.Message != "" {
				nodeMsg += ": " + n.Cond.Message
			}
			since = n.Cond.LastTransitionTime.Time
		}
	case n.Missing:
		ready = c.say(phrase.NodeGone)
		nodeMsg = c.say(phrase.NodeObjectDeleted)
	case !n.Known && (pod.Status.Phase == corev1.PodUnknown || pod.Status.Reason == "NodeLost"):
		ready = c.say(phrase.NodeReadyUnknown)
		nodeMsg = orDefault(oneLine(pod.Status.Message), c.say(phrase.NodePodPhaseUnknown))
		if e, ok := c.LatestEvent(time.Time{}, "NodeNotReady"); ok {
			since = e.First
		}
	case !n.Known && deleting:
		e, ok := c.LatestEvent(time.Time{}, "NodeNotReady", "TaintManagerEviction")
		if !ok {
			return Finding{}, false
		}
		ready = c.say(phrase.NodeReadyUnknown)
		nodeMsg = e.Message
		since = e.First
	default:
		return Finding{}, false
	}
	f := Finding{
		Vars:  Vars{"ready": ready, "nodeMsg": Truncate(oneLine(nodeMsg), 120)},
		Since: since,
	}
	if since.IsZero() {
		f.Vars["lostFor"] = c.say(phrase.NodeLostForUnknown)
	} else {
		f.Vars["lostFor"] = c.say(phrase.NodeLostFor, "age", kubectlAge(c.Now.Sub(since)))
	}
	if n.Cond != nil {
		f.Evidence = append(f.Evidence, nodeReadyEvidence(pod.Spec.NodeName, n.Cond))
	} else if n.Missing {
		f.Evidence = append(f.Evidence, "node "+pod.Spec.NodeName+" is not in the node list")
	}
	if pod.Status.Phase == corev1.PodUnknown || pod.Status.Reason != "" {
		f.Evidence = append(f.Evidence, termStatusEvidence(pod))
	}
	switch {
	case deleting:
		_, ago, ev := termDeletion(c)
		f.Evidence = append(f.Evidence, ev)
		f.Vars["podState"] = c.say(phrase.NodePodTerminating, "ago", ago)
	case pod.Status.Phase == corev1.PodUnknown:
		f.Vars["podState"] = c.say(phrase.NodePodUnknown)
	default:
		f.Vars["podState"] = c.say(phrase.NodePodStale)
	}
	for _, e := range c.EventsFor("NodeNotReady", "TaintManagerEviction") {
		f.Evidence = append(f.Evidence, EventEvidence(e))
		if len(f.Evidence) > 6 {
			break
		}
	}
	if cond, ok := c.termDisruption(); ok {
		f.Evidence = append(f.Evidence, termConditionEvidence(cond))
	}
	f.Vars["ownerNote"] = ""
	if o := termOwner(pod); o != nil && o.Kind == "StatefulSet" {
		f.Vars["ownerNote"] = c.say(phrase.NodeStatefulSetNoForce, "name", o.Name)
		f.Evidence = append(f.Evidence, "owner StatefulSet/"+o.Name)
	}
	return f, true
}
