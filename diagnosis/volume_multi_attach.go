package diagnosis

import "strings"

// ruleVolumeMultiAttach recognises a ReadWriteOnce volume the attach-detach
// controller will not attach here because it is still attached to another
// node. Seed 001 (Pod 漂移没有正常解挂之前的磁盘): after a node dies, its pods
// are recreated elsewhere but the dead kubelet never unmounts, so the disk
// stays attached until the controller force-detaches it (6 minutes) — slow,
// but it usually recovers. When the message names pods still using the
// volume, two pods share one RWO volume and nothing will resolve it.
//
// Wordings: ≤1.35 `Multi-Attach error for volume "pvc-..." Volume is already
// exclusively attached to one node and can't be attached to another` and
// `... Volume is already used by pod(s) web-0`; since kubernetes#138837 (1.33+
// backports) `Waiting for detach for volume "pvc-..." Volume is already
// exclusively attached to one node, waiting on detach before it can be
// attached to another node`. The controller reports it once per volume, so
// the event is current until a later SuccessfulAttachVolume, not only within
// the window of the kubelet's repeated FailedMount.
var ruleVolumeMultiAttach = Rule{Reason: ReasonVolumeMultiAttach, Check: checkVolumeMultiAttach}

func checkVolumeMultiAttach(c *Context) (Finding, bool) {
	if !sandboxBlocked(c) {
		return Finding{}, false
	}
	since := c.RunningSince()
	for i := range c.Events {
		e := &c.Events[i]
		if !since.IsZero() && e.Last.Before(since) {
			break
		}
		if e.Reason == evSuccessfulAttachVolume {
			return Finding{}, false // attached since: whatever blocks now is not this
		}
		if e.Reason == evFailedAttachVolume && isMultiAttach(e.Message) {
			return multiAttachFinding(c, *e), true
		}
	}
	return Finding{}, false
}

var multiAttachNeedles = []string{"Multi-Attach error", "Volume is already exclusively attached", "Volume is already used by"}

func isMultiAttach(msg string) bool { return containsAny(msg, multiAttachNeedles) }

func multiAttachFinding(c *Context, e Event) Finding {
	f := Finding{Since: e.First, Evidence: []string{EventEvidence(e)}}
	if m, ok := c.FindEvent(e.Last, []string{evFailedMount}); ok {
		f.Evidence = append(f.Evidence, EventEvidence(m))
	}
	detail := "Volume is already exclusively attached to one node"
	if i := strings.Index(e.Message, "Volume is already used by"); i >= 0 {
		detail = e.Message[i:]
		f.Severity = SeverityCritical // another pod holds it: nothing will detach it
	}
	f.Vars = Vars{"volume": orDefault(eventVolume(e.Message), "?"), "detail": Truncate(detail, 160)}
	return f
}
