package diagnosis

// ruleNodeDiskIOError recognises EIO while the runtime creates the sandbox or
// a container: the node's disk (or the file system on it) is failing — seed
// 003: "Failed create pod sandbox ... 原因可能是磁盘坏道（input/output error）".
// Retrying on the same node will not help; the node needs its disk checked.
var ruleNodeDiskIOError = Rule{Reason: ReasonNodeDiskIOError, Check: checkNodeDiskIOError}

func checkNodeDiskIOError(c *Context) (Finding, bool) {
	f, msg, ok := runtimeCause(c, isDiskIOError)
	if !ok {
		return Finding{}, false
	}
	f.Vars = Vars{"error": runtimeErrorText(msg)}
	return f, true
}

var diskIONeedles = []string{"input/output error", "Input/output error"}

func isDiskIOError(msg string) bool { return containsAny(msg, diskIONeedles) }
