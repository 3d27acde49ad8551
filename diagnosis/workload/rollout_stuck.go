package workload

import (
	"strconv"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// ruleRolloutStuck: a rollout stopped with no pod cause and no creation
// failure found (those rules come first). A Deployment says so itself:
// Progressing=False, reason ProgressDeadlineExceeded, "ReplicaSet "x" has
// timed out progressing." (pkg/controller/deployment/progress.go). A
// StatefulSet or DaemonSet has no such condition: its update counts as
// stuck when fewer pods run the new revision than should (minus a
// StatefulSet's partition; OnDelete strategies wait for a person by
// design) and nothing about it has happened for the grace period — no
// event, measured from its creation when it has none. It may resume by
// itself (Warning).
var ruleRolloutStuck = rule{Reason: diagnosis.ReasonRolloutStuck, Check: checkRolloutStuck}

func checkRolloutStuck(c *context) (diagnosis.Finding, bool) {
	if x := c.v.deadline; x != nil {
		return diagnosis.Finding{
			Vars: diagnosis.Vars{"detail": c.say(phrase.RolloutDeadline,
				"deadline", strconv.Itoa(int(c.v.deadlineSeconds)), "message", diagnosis.OneLine(x.message))},
			Evidence: append([]string{"condition Progressing=False (" + x.reason + "): " + diagnosis.OneLine(x.message)}, c.statusEvidence()...),
			Since:    x.since,
		}, true
	}
	u := c.v.update
	if u == nil {
		return diagnosis.Finding{}, false
	}
	start := latest(c.obj.Created, c.newestEvent())
	if !c.due(start) {
		return diagnosis.Finding{}, false
	}
	f := diagnosis.Finding{Since: start}
	if u.revised != "" {
		f.Vars = diagnosis.Vars{"detail": c.say(phrase.RolloutRevision, "updated", itoa(u.updated), "target", itoa(u.target),
			"revision", u.revised, "current", u.current)}
		f.Evidence = []string{"status: updatedReplicas " + itoa(u.updated) + " of " + itoa(u.target) + ", currentRevision " + u.current + ", updateRevision " + u.revised}
	} else {
		f.Vars = diagnosis.Vars{"detail": c.say(phrase.RolloutNodes, "updated", itoa(u.updated), "target", itoa(u.target))}
		f.Evidence = []string{"status: updatedNumberScheduled " + itoa(u.updated) + " of desiredNumberScheduled " + itoa(u.target)}
	}
	if len(c.events) > 0 {
		f.Evidence = append(f.Evidence, diagnosis.EventEvidence(c.events[0]))
	}
	return f, true
}
