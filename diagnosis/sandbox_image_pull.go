package diagnosis

// ruleSandboxImagePullFailed recognises a node that cannot get its pause
// (sandbox) image: every pod on it stays ContainerCreating although the pod's
// own images are fine (seed 001: 默认 pause 镜像在 gcr.io 上，国内环境访问需要特殊处理).
// containerd: `failed to get sandbox image "registry.k8s.io/pause:3.9": failed
// to pull image ...`; dockershim: `failed pulling image "k8s.gcr.io/pause:3.1":
// Error response from daemon: ...` and `failed to inspect sandbox image`.
// Only pod-level sandbox events count: a container's own pull failure is the
// image group's.
var ruleSandboxImagePullFailed = Rule{Reason: ReasonSandboxImagePullFailed, Check: checkSandboxImagePullFailed}

func checkSandboxImagePullFailed(c *Context) (Finding, bool) {
	e, ok := findSandboxEvent(c, isSandboxFailure, isSandboxImageFailure)
	if !ok {
		return Finding{}, false
	}
	f := sandboxFinding(c, e)
	f.Since = firstSeen(c, isSandboxFailure, isSandboxImageFailure, f.Since)
	image := sandboxImage(e.Message)
	detail := runtimeErrorBody(e.Message)
	f.Vars = Vars{"image": image, "error": shortPullError(detail), "fix": sandboxImageFix(c, image, detail)}
	return f, true
}

// sandboxImageFix is the first thing to do. A registry that answers "does
// not exist" or "needs a login" is reached fine, so a mirror is no help: the
// reference is wrong, or the runtime needs credentials of its own (it pulls
// the sandbox image with no pod's imagePullSecrets). Anything else (timeouts,
// DNS, blocked registries) is about reaching the registry.
func sandboxImageFix(c *Context, image, detail string) string {
	kv := []string{"image", image, "host", imageHost(image), "node", c.Pod.Spec.NodeName, "pod", c.Pod.Name, "ns", c.Pod.Namespace}
	switch classifyPullError(detail) {
	case ReasonImageNotFound, ReasonImagePullUnauthorized:
		return c.say(phrase.SandboxImageAccess, kv...)
	}
	return c.say(phrase.SandboxImageMirror, kv...)
}

var sandboxImageNeedles = []string{"failed to get sandbox image", "failed to inspect sandbox image", "failed pulling image", "pause image"}

func isSandboxImageFailure(msg string) bool { return containsAny(msg, sandboxImageNeedles) }

func sandboxImage(msg string) string {
	for _, m := range []string{`sandbox image "`, `failed pulling image "`, `pull image "`, `image "`} {
		if s := quoted(msg, m); s != "" {
			return s
		}
	}
	return "pause"
}
