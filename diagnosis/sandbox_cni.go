package diagnosis

// ruleCNIFailure recognises the network plugin failing to set up the pod's
// network (seeds 000/001/003: CNI 网络错误 — 无法配置 Pod 网络). The kubelet
// reports it as FailedCreatePodSandBox wrapping the plugin's error
// (containerd: `failed to setup network for sandbox "id": plugin type="calico"
// failed (add): ...`; dockershim: `NetworkPlugin cni failed to set up pod
// "x_ns" network: ...`; CRI-O: `error adding pod ns_x to CNI network
// "k8s-pod-network": ...`), or as NetworkNotReady before it even tries
// (`network is not ready: container runtime network not ready:
// NetworkReady=false reason:NetworkPluginNotReady message:Network plugin
// returns error: cni plugin not initialized`).
var ruleCNIFailure = Rule{Reason: ReasonCNIFailure, Check: checkCNIFailure}

func checkCNIFailure(c *Context) (Finding, bool) {
	isKind, match := isSandboxFailure, isCNIFailure
	e, ok := findSandboxEvent(c, isKind, match)
	if !ok {
		isKind, match = isNetworkNotReady, anyMessage
		e, ok = findSandboxEvent(c, isKind, match)
	}
	if !ok {
		return Finding{}, false
	}
	f := sandboxFinding(c, e)
	f.Since = firstSeen(c, isKind, match, f.Since)
	f.Vars = Vars{"plugin": cniPlugin(e.Message), "error": cniErrorText(e.Message)}
	return f, true
}

var cniNeedles = []string{
	"failed to setup network for sandbox", "failed to set up sandbox container",
	"NetworkPlugin cni failed", "networkPlugin cni failed",
	"to CNI network", "plugin type=",
	"cni config uninitialized", "cni plugin not initialized", "network plugin is not ready",
	"network is not ready", "NetworkPluginNotReady",
	"failed to find plugin", "/run/flannel/subnet.env",
}

func isCNIFailure(msg string) bool { return containsAny(msg, cniNeedles) }

func isNetworkNotReady(e *Event) bool { return e.Reason == evNetworkNotReady }
