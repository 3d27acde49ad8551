package diagnosis

import (
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Shared helpers of the termination, node and eviction rules.

// termOwner returns the pod's controlling owner reference, or nil for a bare pod.
func termOwner(pod *corev1.Pod) *metav1.OwnerReference {
	refs := pod.OwnerReferences
	for i := range refs {
		if refs[i].Controller != nil && *refs[i].Controller {
			return &refs[i]
		}
	}
	if len(refs) > 0 {
		return &refs[0]
	}
	return nil
}

// termOwnerText names the owner as "StatefulSet/mysql", or says it is a bare pod.
func termOwnerText(c *Context) string {
	if o := termOwner(c.Pod); o != nil {
		return o.Kind + "/" + o.Name
	}
	return c.say(phrase.OwnerBarePod)
}

// termReplacement says who brings the workload back after this pod failed:
// its controller creates a replacement, a bare pod must be recreated by hand.
func termReplacement(c *Context) (string, bool) {
	if o := termOwner(c.Pod); o != nil {
		return c.say(phrase.ReplacementByOwner, "kind", o.Kind), true
	}
	return c.say(phrase.ReplacementBarePod), false
}

// termDeletion describes a requested deletion: when it was asked for and how
// long ago, as evidence.
func termDeletion(c *Context) (requested time.Time, ago string, evidence string) {
	pod := c.Pod
	requested = requestedAt(pod)
	ago = kubectlAge(c.Now.Sub(requested))
	evidence = "deletionTimestamp " + pod.DeletionTimestamp.UTC().Format(time.RFC3339)
	if g := pod.DeletionGracePeriodSeconds; g != nil {
		evidence += " (grace period " + crashItoa(int32(*g)) + "s, requested " + ago + " ago)"
	}
	return requested, ago, evidence
}

// termNodeState is what is known about the pod's node.
type termNodeState struct {
	Known   bool // the Node object was given
	Missing bool // the node list was given and has no such node
	Ready   corev1.ConditionStatus
	Cond    *corev1.NodeCondition
}

func (c *Context) termNode() termNodeState {
	st, cond := c.NodeReady()
	ns := termNodeState{Known: c.In.Node != nil, Ready: st, Cond: cond}
	if c.In.Node == nil && c.In.Nodes != nil && c.Pod.Spec.NodeName != "" {
		ns.Missing = true
		for _, n := range c.In.Nodes {
			if n != nil && n.Name == c.Pod.Spec.NodeName {
				ns.Missing = false
				break
			}
		}
	}
	return ns
}

// Healthy reports a node known to be Ready.
func (n termNodeState) Healthy() bool { return n.Known && n.Ready == corev1.ConditionTrue }

// termContainersAlive reports whether any container still runs.
func (c *Context) termContainersAlive() bool {
	for _, x := range c.Containers {
		if x.Status != nil && x.Status.State.Running != nil {
			return true
		}
	}
	return false
}

// termDisruption returns the pod's DisruptionTarget condition (why it is being
// removed: PreemptionByScheduler, TerminationByKubelet, DeletionByTaintManager,
// EvictionByEvictionAPI, ...).
func (c *Context) termDisruption() (corev1.PodCondition, bool) {
	cond, ok := c.Condition(corev1.DisruptionTarget)
	if !ok || cond.Status != corev1.ConditionTrue {
		return corev1.PodCondition{}, false
	}
	return cond, true
}

// termConditionEvidence renders a pod condition.
func termConditionEvidence(cond corev1.PodCondition) string {
	s := "pod condition " + string(cond.Type) + "=" + string(cond.Status)
	if cond.Reason != "" {
		s += " " + cond.Reason
	}
	if cond.Message != "" {
		s += ": " + oneLine(cond.Message)
	}
	return s
}

// termStatusEvidence renders the pod's phase, reason and message.
func termStatusEvidence(pod *corev1.Pod) string {
	s := "pod phase " + string(pod.Status.Phase)
	if pod.Status.Reason != "" {
		s += ", reason " + pod.Status.Reason
	}
	if pod.Status.Message != "" {
		s += ": " + strings.TrimSpace(oneLine(pod.Status.Message))
	}
	return s
}

// termHasDeparture reports whether the pod carries its own explanation for
// going away (evicted, preempted, rejected by the kubelet): the eviction and
// node rules name it when nothing blocks the deletion.
func (c *Context) termHasDeparture() bool {
	if c.Pod.Status.Phase == corev1.PodFailed && (c.Pod.Status.Reason == "Evicted" || c.Pod.Status.Reason == "Preempting" || admissionReason(c.Pod)) {
		return true
	}
	if _, shutdown := nodeShutdownStatus(c.Pod.Status.Reason, c.Pod.Status.Message); shutdown && c.Pod.Status.Phase == corev1.PodFailed {
		return true
	}
	if cond, ok := c.termDisruption(); ok && cond.Reason == "PreemptionByScheduler" {
		return true
	}
	return false
}

// nodeReadyEvidence renders the node's Ready condition with its transition
// and last heartbeat, the facts that date a node failure.
func nodeReadyEvidence(node string, cond *corev1.NodeCondition) string {
	return "node " + node + " Ready=" + string(cond.Status) + " " + cond.Reason + ": " + cond.Message +
		" (since " + cond.LastTransitionTime.UTC().Format(time.RFC3339) + ", last heartbeat " + cond.LastHeartbeatTime.UTC().Format(time.RFC3339) + ")"
}

// ownerEvidence names the pod's controller, or says it has none.
func ownerEvidence(pod *corev1.Pod) string {
	if o := termOwner(pod); o != nil {
		return "owner " + o.Kind + "/" + o.Name
	}
	return "no ownerReferences: bare pod"
}
