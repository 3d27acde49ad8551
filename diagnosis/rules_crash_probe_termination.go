package diagnosis

// terminationRules run first of all groups: a pod whose node is gone, or that
// is being deleted, evicted, preempted or refused by its node, is that before
// anything its containers show.
//
// Order, and why:
//  1. NodeLost — with the kubelet gone nothing else about the pod is current;
//     a deletion cannot complete until the node returns or is removed, and
//     this is the diagnosis that warns against force-deleting StatefulSet pods.
//     A pod that has finalizers on a lost node is NodeLost: removing the
//     finalizers would not remove it (no kubelet confirms its containers
//     stopped), fixing or deleting the node does, and then FinalizerBlocking
//     shows if finalizers are still what holds it.
//  2. FinalizerBlocking — containers stopped, only metadata.finalizers hold it.
//  3. TerminationStuck — the kubelet answers but cannot kill or remove the
//     containers; it steps aside for 4-6 when the pod carries its own reason
//     for going away and nothing shows a kill failure.
//  4. NodeShutdown, 5. Evicted, 6. Preempted, 7. NodeAdmissionRejected —
//     terminal pods that failed for a reason of their node or scheduler; their
//     status reasons exclude each other, except that the kubelet refuses pods
//     while its node shuts down through its admission path ("Pod was
//     rejected: ..."), so NodeShutdown must come before NodeAdmissionRejected.
var terminationRules = []Rule{
	ruleNodeLost,
	ruleFinalizerBlocking,
	ruleTerminationStuck,
	ruleNodeShutdown,
	ruleEvicted,
	rulePreempted,
	ruleNodeAdmissionRejected,
}

// crashRules: the cause before the symptom. A failed postStart hook kills
// the container it started (so it outranks the crash it causes); the kernel
// OOM reason is explicit; probe kills are recorded by the kubelet; a DNS
// failure is a specific reading of an exit 1; a bare SIGKILL comes after
// those that explain it; exit 0 under Always is not a failure of the program;
// AppCrash is whatever non-zero exit remains. InitContainerStuck is last: a
// running init container that never exits crashes nothing, and any crash or
// restart of the pod is the more precise fact.
var crashRules = []Rule{
	ruleLifecycleHookFailed,
	ruleOOMKilled,
	ruleStartupProbeFailed,
	ruleLivenessProbeFailed,
	ruleDNSResolutionFailed,
	ruleContainerKilled,
	ruleCompletedInRestartLoop,
	ruleAppCrash,
	ruleInitContainerStuck,
}

// probeRules: readiness comes last of all; a pod that crashes is a crash.
var probeRules = []Rule{
	ruleReadinessProbeFailed,
}
