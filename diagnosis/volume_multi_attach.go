package diagnosis

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// ruleVolumeMultiAttach recognises a ReadWriteOnce volume the attach-detach
// controller will not attach here because it is still attached to another
// node. Seed 001 (Pod 漂移没有正常解挂之前的磁盘): after a node dies, its pods
// are recreated elsewhere but the dead kubelet never unmounts, so the disk
// stays attached until the controller force-detaches it (6 minutes) — slow,
// but it usually recovers. When the message names pods still using the
// volume, two pods share one RWO volume and nothing will resolve it.
//
// Wordings: ≤1.35 `Multi-Attach error for volume "pvc-..." Volume is already
// exclusively attached to one node and can't be attached to another` and
// `... Volume is already used by pod(s) web-0`; since kubernetes#138837 (1.33+
// backports) `Waiting for detach for volume "pvc-..." Volume is already
// exclusively attached to one node, waiting on detach before it can be
// attached to another node`. The controller reports it once per volume, so
// the event is current until a later SuccessfulAttachVolume, not only within
// the window of the kubelet's repeated FailedMount.
var ruleVolumeMultiAttach = Rule{Reason: ReasonVolumeMultiAttach, Check: checkVolumeMultiAttach}

func checkVolumeMultiAttach(c *Context) (Finding, bool) {
	if !sandboxBlocked(c) {
		return Finding{}, false
	}
	since := c.RunningSince()
	for i := range c.Events {
		e := &c.Events[i]
		if !since.IsZero() && e.Last.Before(since) {
			break
		}
		if e.Reason == evSuccessfulAttachVolume {
			return Finding{}, false // attached since: whatever blocks now is not this
		}
		if e.Reason == evFailedAttachVolume && isMultiAttach(e.Message) {
			return multiAttachFinding(c, *e), true
		}
	}
	return Finding{}, false
}

var multiAttachNeedles = []string{"Multi-Attach error", "Volume is already exclusively attached", "Volume is already used by"}

func isMultiAttach(msg string) bool { return containsAny(msg, multiAttachNeedles) }

func multiAttachFinding(c *Context, e Event) Finding {
	f := Finding{Since: e.First, Evidence: []string{EventEvidence(e)}}
	if m, ok := c.FindEvent(e.Last, []string{evFailedMount}); ok {
		f.Evidence = append(f.Evidence, EventEvidence(m))
	}
	detail := "Volume is already exclusively attached to one node"
	fix := c.say(phrase.MultiAttachNodeFix, "node", c.Pod.Spec.NodeName, "pod", c.Pod.Name, "ns", c.Pod.Namespace)
	if i := strings.Index(e.Message, "Volume is already used by"); i >= 0 {
		detail = e.Message[i:]
		f.Severity = SeverityCritical // another pod holds it: nothing will detach it
		if !c.anyNodeNotReady() {
			// Every node is healthy: not a pod stranded on a dead node, but
			// two live pods sharing one ReadWriteOnce volume.
			pods := strings.TrimSpace(strings.TrimPrefix(detail, "Volume is already used by pod(s)"))
			fix = c.say(phrase.MultiAttachSharedFix, "pods", Truncate(pods, 120), "pod", c.Pod.Name, "ns", c.Pod.Namespace)
		}
	}
	f.Vars = Vars{"volume": orDefault(eventVolume(e.Message), "?"), "detail": Truncate(detail, 160), "fix": fix}
	return f
}

// anyNodeNotReady reports whether the pod's node or any listed node is known
// to be NotReady or Unknown.
func (c *Context) anyNodeNotReady() bool {
	if st, _ := c.NodeReady(); st != "" && st != corev1.ConditionTrue {
		return true
	}
	for _, n := range c.In.Nodes {
		if n != nil && !nodeIsReady(n) {
			return true
		}
	}
	return false
}

func nodeIsReady(n *corev1.Node) bool {
	for _, cond := range n.Status.Conditions {
		if cond.Type == corev1.NodeReady {
			return cond.Status == corev1.ConditionTrue
		}
	}
	return false
}
