package diagnosis

// ruleNodeDiskIOError recognises EIO while the runtime creates the sandbox or
// a container: the node's disk (or the file system on it) is failing — seed
// 003: "Failed create pod sandbox ... 原因可能是磁盘坏道（input/output error）".
// Retrying on the same node will not help; the node needs its disk checked.
// Image pulls that cannot write their layers count too (see pullDiskCause).
var ruleNodeDiskIOError = Rule{Reason: ReasonNodeDiskIOError, Check: checkNodeDiskIOError}

func checkNodeDiskIOError(c *Context) (Finding, bool) {
	if f, msg, ok := runtimeCause(c, isDiskIOError); ok {
		f.Vars = Vars{"error": runtimeErrorText(msg)}
		return f, true
	}
	f, _, ok := pullDiskCause(c, isPullDiskIOError)
	return f, ok
}

// isDiskIOError: EIO, or a read-only file system under the runtime's or the
// kubelet's own directories (the kernel remounts a file system read-only
// after I/O errors, errors=remount-ro). A read-only file system elsewhere is
// the pod's own doing (readOnlyRootFilesystem, a read-only volume mount).
func isDiskIOError(msg string) bool {
	return containsFold(msg, "input/output error") ||
		containsFold(msg, "read-only file system") && containsAny(msg, nodeStorageDirs)
}

// isPullDiskIOError: a pull writes only to the node's storage, so a read-only
// file system there needs no path check.
func isPullDiskIOError(msg string) bool {
	return containsFold(msg, "input/output error") || containsFold(msg, "read-only file system")
}

// nodeStorageDirs are where the runtimes and the kubelet keep their state.
var nodeStorageDirs = []string{"/var/lib/containerd", "/var/lib/docker", "/var/lib/kubelet", "/var/lib/containers",
	"/run/containerd", "/var/run/containerd", "/var/lib/rancher", "/var/lib/k0s"}
