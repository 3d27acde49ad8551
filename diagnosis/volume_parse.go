package diagnosis

import (
	"strings"
	"time"
)

// The volume rules and the config rules both read the kubelet's and the
// attach-detach controller's volume events. They are current only while the
// pod is still blocked before its containers start (the kubelet mounts every
// volume before it creates the sandbox) and newer than the last container start.

const (
	evFailedMount            = "FailedMount"
	evFailedAttachVolume     = "FailedAttachVolume"
	evFailedMapVolume        = "FailedMapVolume"
	evSuccessfulAttachVolume = "SuccessfulAttachVolume"
)

func isMountFailure(e *Event) bool {
	if !(e.Reason == evFailedMount || e.Reason == evFailedAttachVolume || e.Reason == evFailedMapVolume || isMountMessage(e)) {
		return false
	}
	return !isRootCANoise(e.Message)
}

// isMountMessage recognises the volume manager's and the attach-detach
// controller's messages under whatever reason a distribution reports them.
func isMountMessage(e *Event) bool {
	return e.Type == "Warning" && (hasPrefixFold(e.Message, "MountVolume.") || hasPrefixFold(e.Message, "MapVolume.") ||
		hasPrefixFold(e.Message, "AttachVolume.") || hasPrefixFold(e.Message, "Unable to attach or mount volumes") ||
		hasPrefixFold(e.Message, "Multi-Attach error"))
}

// isRootCANoise is the kubelet's configmap manager reporting the projected
// kube-root-ca.crt of the service-account volume before it registered the
// pod (`MountVolume.SetUp failed for volume "kube-api-access-x" : object
// "ns"/"kube-root-ca.crt" not registered`, kubernetes/kubernetes#105204):
// transient after a kubelet restart or admission, never what blocks a pod.
func isRootCANoise(msg string) bool {
	return strings.Contains(msg, `"kube-root-ca.crt" not registered`)
}

// mountSince returns the time from which volume failure events are current;
// false when the pod is past the mount phase.
func mountSince(c *Context) (time.Time, bool) {
	return blockedSince(c, isMountFailure)
}

// findMountEvent returns the newest current volume failure event whose message satisfies match.
func findMountEvent(c *Context, match func(string) bool) (Event, bool) {
	since, ok := mountSince(c)
	if !ok {
		return Event{}, false
	}
	return newestEventSince(c, since, isMountFailure, match)
}

// eventVolume names the volume of a volume event: `for volume "data"`, or the
// first of kubelet's `unmounted volumes=[data cache]`.
func eventVolume(msg string) string {
	if v := quoted(msg, `for volume "`); v != "" {
		return v
	}
	if v := quoted(msg, `for volume \"`); v != "" {
		return v
	}
	if i := strings.Index(msg, "unmounted volumes=["); i >= 0 {
		rest := msg[i+len("unmounted volumes=["):]
		if j := strings.IndexAny(rest, " ]"); j > 0 {
			return rest[:j]
		}
	}
	return ""
}
