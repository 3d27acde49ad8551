package diagnosis

import "strings"

// ruleRunAsNonRootViolation recognises the kubelet refusing to start a
// container whose securityContext sets runAsNonRoot while the image's user is
// root or cannot be checked (pkg/kubelet/kuberuntime/security_context_others.go):
// `container has runAsNonRoot and image will run as root (pod: "ns/name(uid)",
// container: app)`, `container has runAsNonRoot and image has non-numeric user
// (nginx), cannot verify user is non-root (...)`, and `... image has an invalid
// user id (N)`. Typical of Pod Security "restricted" namespaces and images like
// nginx that start as root.
var ruleRunAsNonRootViolation = Rule{Reason: ReasonRunAsNonRootViolation, Check: checkRunAsNonRootViolation}

func checkRunAsNonRootViolation(c *Context) (Finding, bool) {
	x, msg, ok := configErrorContainer(c, isRunAsNonRoot)
	if !ok {
		return Finding{}, false
	}
	f := configErrorFinding(c, x)
	image := ""
	if x.Spec != nil {
		image = x.Spec.Image
	}
	f.Vars = Vars{"image": image, "user": nonRootUser(msg)}
	return f, true
}

func isRunAsNonRoot(msg string) bool { return strings.Contains(msg, "runAsNonRoot and image") }

// nonRootUser is the image's user as the kubelet saw it.
func nonRootUser(msg string) string {
	for _, m := range []string{"non-numeric user (", "invalid user id ("} {
		if i := strings.Index(msg, m); i >= 0 {
			rest := msg[i+len(m):]
			if j := strings.IndexByte(rest, ')'); j >= 0 {
				return rest[:j]
			}
		}
	}
	return "root (UID 0)"
}
