package diagnosis

// schedulingRules recognise why a pod is not bound to a node. Order:
//   - a gated pod is held on purpose, before any scheduling attempt, so the
//     gate is the answer whatever else is true;
//   - pod-level causes next (design.md rule 1): a missing or unbound claim, or
//     no nodes at all, block every node alike;
//   - then the per-node causes; Scheduling.Primary has already picked exactly
//     one of them (design.md rules 2 and 3), so their relative order only
//     documents the ranking;
//   - no attempt at all (scheduler down, or a schedulerName nothing serves) last.
var schedulingRules = []Rule{
	ruleSchedulingGated,
	rulePVCNotBound,
	ruleNoNodesAvailable,
	ruleInsufficientResources,
	ruleHostPortConflict,
	ruleVolumeNodeAffinityConflict,
	ruleNodeSelectorMismatch,
	rulePodAffinityUnsatisfied,
	ruleTopologySpreadUnsatisfied,
	ruleUntoleratedTaint,
	ruleNodeUnschedulable,
	ruleSchedulerNotRunning,
}

// Scheduling is the scheduler's latest verdict on an unbound pod, parsed once
// per pod (Context.Scheduling) from the PodScheduled condition or the newest
// FailedScheduling event, with the primary cause already chosen.
type Scheduling struct {
	// Message is the verdict parsed: the PodScheduled=False condition's
	// message when there is one (it is rewritten on every attempt, so it is
	// current), else the newest FailedScheduling event's.
	Message string
	// FromCondition says Message came from the PodScheduled condition.
	FromCondition bool
	// Event is the newest FailedScheduling event; HasEvent says there is one.
	Event    Event
	HasEvent bool
	// Total is N of "0/N nodes are available", -1 when the message has none.
	Total int
	// Causes are the reasons in message order: "2 Insufficient cpu" is
	// {Nodes: 2, Text: "Insufficient cpu"}; a pod-level reason has Nodes 0.
	Causes []SchedCause
	// Primary is the catalog code of the one cause to fix first, "" when no
	// recognised cause is present.
	Primary Reason
	// Matching is how many known nodes satisfy the pod's nodeSelector and
	// required node affinity; -1 when nodes are unknown or the pod has none.
	Matching int
	// Cordoned and Tainted count the matching nodes that are cordoned or carry
	// a taint the pod does not tolerate (-1 when unknown).
	Cordoned, Tainted int

	buf [10]SchedCause
}

// SchedCause is one reason of a FailedScheduling message.
type SchedCause struct {
	Nodes int
	Text  string
	Code  Reason
	Kind  SchedKind
	// Sub is the detail the rules name: the resource of "Insufficient cpu",
	// the taint of "had untolerated taint {k: v}", the claim of
	// `persistentvolumeclaim "x" not found`, or the variant ("zone", "anti").
	Sub string
}

// SchedKind is a cause's rank in design.md's "choosing the primary cause".
type SchedKind uint8

// The ranks, lowest first.
const (
	// SchedUnknown is a reason no rule knows: kept in the breakdown, never primary.
	SchedUnknown SchedKind = iota
	// SchedIgnore are nodes excluded by design, e.g. a DaemonSet pod's
	// "node is filtered out by the prefilter result": not a cause.
	SchedIgnore
	// SchedPlacement: the pod's own constraints or node state exclude the node
	// (selector, taint, cordon, pod (anti-)affinity, topology spread).
	SchedPlacement
	// SchedFit: the node could take the pod but lacks room (resources, host
	// port, volume zone / node affinity).
	SchedFit
	// SchedPod: a pod-level cause that blocks every node alike.
	SchedPod
)
