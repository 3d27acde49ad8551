package diagnosis

// sandboxRules recognise why the pod's sandbox (pause container, network,
// pod cgroup) or a container cannot be created or started by the runtime.
// Order, specific before generic:
//  1. the node's disk or its kernel memory (disk full, disk I/O error) — the
//     deepest cause, which other errors merely wrap;
//  2. MemoryLimitTooLow — evidence from the spec, and it must precede
//     NodeMemoryAllocationFailed because a tiny cgroup also yields ENOMEM;
//  3. NodeMemoryAllocationFailed;
//  4. PodIPExhausted before CNIFailure: same wrapper, different fix;
//  5. ContainerNameConflict — seed 001 shows it after a timeout and names it;
//  6. SandboxImagePullFailed — the pause image;
//  7. CNIFailure — any other network plugin failure;
//  8. ContainerRuntimeError — the runtime or its shims unreachable;
//  9. SandboxCreateTimeout — a bare deadline, the least specific.
var sandboxRules = []Rule{
	ruleNodeDiskFull,
	ruleNodeDiskIOError,
	ruleMemoryLimitTooLow,
	ruleNodeMemoryAllocationFailed,
	rulePodIPExhausted,
	ruleContainerNameConflict,
	ruleSandboxImagePullFailed,
	ruleCNIFailure,
	ruleContainerRuntimeError,
	ruleSandboxCreateTimeout,
}

// volumeRules: a volume the controller will not attach here outranks any
// other mount failure (the FailedMount timeouts it causes are its symptom).
// Mount failures caused by a missing ConfigMap / Secret / key are left to
// configRules.
var volumeRules = []Rule{
	ruleVolumeMultiAttach,
	ruleVolumeMountFailed,
}

// configRules: missing objects first (the container cannot even be
// configured), then keys, the security check, and the command itself.
var configRules = []Rule{
	ruleConfigMapNotFound,
	ruleSecretNotFound,
	ruleConfigKeyNotFound,
	ruleRunAsNonRootViolation,
	ruleCommandNotFound,
	ruleCommandNotExecutable,
}
