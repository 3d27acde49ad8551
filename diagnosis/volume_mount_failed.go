package diagnosis

import "strings"

// ruleVolumeMountFailed recognises any other failure to attach or mount a
// volume, and keeps the message: NFS `mount failed: exit status 32`, a CSI
// driver not registered on the node (`driver name x not found in the list of
// registered CSI drivers`), an attach error from the cloud, or only the
// kubelet's `Unable to attach or mount volumes: unmounted volumes=[data],
// unattached volumes=[...]: timed out waiting for the condition`. The specific
// message is preferred over that generic timeout, which only says *that* it
// failed. A mount that fails because a ConfigMap or Secret (or a key in it) is
// missing is left to the config rules, which run later: the fix is the object,
// not the storage.
var ruleVolumeMountFailed = Rule{Reason: ReasonVolumeMountFailed, Check: checkVolumeMountFailed}

func checkVolumeMountFailed(c *Context) (Finding, bool) {
	if _, ok := findMountEvent(c, isConfigMountFailure); ok {
		return Finding{}, false
	}
	e, ok := findMountEvent(c, isSpecificMountFailure)
	if !ok {
		if e, ok = findMountEvent(c, anyMessage); !ok {
			return Finding{}, false
		}
	}
	f := Finding{Since: e.First, Evidence: []string{EventEvidence(e)}}
	if g, ok := findMountEvent(c, isGenericMountTimeout); ok && g.Message != e.Message {
		f.Evidence = append(f.Evidence, EventEvidence(g))
		f.Since = earliest(f.Since, g.First) // the same volume failing, first reported by the timeout
	}
	f.Vars = Vars{"volume": orDefault(eventVolume(e.Message), "?"), "error": mountErrorText(e.Message), "fix": mountFix(c, e.Message)}
	return f, true
}

// mountFix is the first thing to do: a CSI driver missing from the node's
// registered drivers (`driver name ebs.csi.aws.com not found in the list of
// registered CSI drivers`, pkg/volume/csi) means its node plugin is not
// running there, whatever the volume; anything else starts with the storage.
func mountFix(c *Context, msg string) string {
	node, pod, ns := c.Pod.Spec.NodeName, c.Pod.Name, c.Pod.Namespace
	if d := csiDriverNotRegistered(msg); d != "" {
		return c.say(phrase.MountFixCSIDriver, "driver", d, "node", node, "pod", pod, "ns", ns)
	}
	return c.say(phrase.MountFixStorage, "node", node, "pod", pod, "ns", ns)
}

// csiDriverNotRegistered returns X of "driver name X not found in the list of registered CSI drivers".
func csiDriverNotRegistered(msg string) string {
	const head, tail = "driver name ", " not found in the list of registered CSI drivers"
	end := strings.Index(msg, tail)
	if end < 0 {
		return ""
	}
	start := strings.LastIndex(msg[:end], head)
	if start < 0 {
		return ""
	}
	return msg[start+len(head) : end]
}

func isGenericMountTimeout(msg string) bool {
	return strings.HasPrefix(msg, "Unable to attach or mount volumes") || strings.HasPrefix(msg, "Unable to mount volumes")
}

func isSpecificMountFailure(msg string) bool { return !isGenericMountTimeout(msg) }

// mountErrorText drops the operation prefix the volume manager puts before
// the plugin's error (`MountVolume.SetUp failed for volume "nfs" : `).
func mountErrorText(msg string) string {
	s := oneLine(msg)
	if isGenericMountTimeout(s) {
		// The kubelet's own timeout reads left to right: what timed out, then
		// which volumes. Drop only the "Unable to ... for pod "x":" head.
		if i := strings.Index(s, `)": `); i >= 0 && strings.HasPrefix(s, "Unable to mount volumes for pod") {
			s = s[i+len(`)": `):]
		}
		s = strings.TrimPrefix(s, "Unable to attach or mount volumes: ")
		return Truncate(s, 160)
	}
	if i := strings.Index(s, `" : `); i >= 0 && i < 120 {
		s = s[i+len(`" : `):]
	}
	return errorText(s)
}
