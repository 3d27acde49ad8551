package diagnosis

// ruleNodeMemoryAllocationFailed recognises ENOMEM from the runtime or the
// kubelet while creating the sandbox, the pod cgroup or a container. Seed 001
// (节点内存碎片化): with memory fragmented the kernel cannot hand out the
// contiguous pages a fork or a cgroup needs although `free` shows plenty; on
// 3.10 kernels leaked memory cgroups give the same ENOMEM, or ENOSPC, from
// `mkdir /sys/fs/cgroup/memory/kubepods/...`. Either way it is the node's
// kernel memory, not the pod's limit (MemoryLimitTooLow runs first for that).
var ruleNodeMemoryAllocationFailed = Rule{Reason: ReasonNodeMemoryAllocationFailed, Check: checkNodeMemoryAllocationFailed}

func checkNodeMemoryAllocationFailed(c *Context) (Finding, bool) {
	f, msg, ok := runtimeCause(c, isMemoryAllocationFailure)
	if !ok {
		return Finding{}, false
	}
	f.Vars = Vars{"error": runtimeErrorText(msg)}
	return f, true
}

func isMemoryAllocationFailure(msg string) bool {
	return containsFold(msg, "cannot allocate memory") || (containsFold(msg, "no space left on device") && isCgroupPath(msg))
}
