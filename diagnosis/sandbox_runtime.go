package diagnosis

// ruleContainerRuntimeError recognises the container runtime itself failing:
// the kubelet cannot reach it, or the runtime cannot reach its shims. Seed
// 001 (安装 docker 没删干净旧版本): `Error response from daemon: ttrpc: client
// shutting down: read unix @->@/containerd-shim/moby/.../shim.sock read:
// connection reset by peer: unknown`; also dockershim's `Cannot connect to the
// Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?`
// and a stopped containerd: `rpc error: code = Unavailable desc = connection
// error: desc = "transport: Error while dialing dial unix
// /run/containerd/containerd.sock: connect: connection refused"`.
// It runs after the specific causes (disk, memory, network) that also surface
// through the runtime, and before SandboxCreateTimeout.
var ruleContainerRuntimeError = Rule{Reason: ReasonContainerRuntimeError, Check: checkContainerRuntimeError}

func checkContainerRuntimeError(c *Context) (Finding, bool) {
	f, msg, ok := runtimeCauseIn(c, isSandboxTimeoutEvent, isRuntimeFailure)
	if !ok {
		return Finding{}, false
	}
	f.Vars = Vars{"error": runtimeErrorText(msg)}
	return f, true
}

var runtimeNeedles = []string{
	"Cannot connect to the Docker daemon", "Is the docker daemon running",
	"ttrpc: client shutting down", "ttrpc: closed",
	"transport is closing",
	"code = Unavailable",
	".sock: connect: connection refused", ".sock: connect: no such file or directory",
	"failed to start shim", "shim disconnected", "containerd-shim",
	"container runtime is down", "container runtime not ready", "runtime not ready",
}

func isRuntimeFailure(msg string) bool { return containsAny(msg, runtimeNeedles) }
