package diagnosis

import (
	"strconv"
	"strings"
	"time"
)

// ruleTerminationStuck: deletion was requested, the grace period plus the
// margin has passed, the node answers, no finalizer holds the pod (those are
// the rules before it), and still the kubelet has not finished: killing or
// removing the containers fails. Seed 001 names the usual blockers: the
// runtime's data disk is full ("Killing container with id
// docker://apigateway:Need to kill Pod" repeated 735 times), or a file in the
// container carries the immutable attribute so removing it fails with
// "operation not permitted" (chattr -i clears it). Seed 004 adds runtime bugs
// (docker 18.06 / dockershim) and a broken kube-controller-manager.
//
// Event wording: Warning FailedKillPod "error killing pod: [failed to
// \"KillContainer\" for \"web\" with KillContainerError: \"rpc error: ...\""
// (pkg/kubelet), FailedSync "error killing pod: ..." (<=1.12), Normal
// Killing repeated.
//
// It runs after Evicted, Preempted and NodeAdmissionRejected only in this
// sense: a pod that carries its own departure reason and shows no kill or
// remove failure is named by those rules; with a failure, this rule wins.
var ruleTerminationStuck = Rule{Reason: ReasonTerminationStuck, Check: checkTerminationStuck}

func checkTerminationStuck(c *Context) (Finding, bool) {
	pod := c.Pod
	if pod.DeletionTimestamp == nil || pod.Spec.NodeName == "" {
		return Finding{}, false
	}
	n := c.termNode()
	if n.Missing || (n.Known && !n.Healthy()) {
		return Finding{}, false // NodeLost's case
	}
	requested := requestedAt(pod)
	graceEnd := pod.DeletionTimestamp.Time
	errMsg, kills, since := stuckSignals(c, requested)
	alive := c.termContainersAlive()
	repeated := kills > 1
	if errMsg == "" && !alive && !repeated && c.termHasDeparture() {
		return Finding{}, false // let Evicted / Preempted / NodeAdmissionRejected name it
	}
	_, ago, delEv := termDeletion(c)
	ev := stuckEvents(c, requested)
	f := Finding{
		Vars:  Vars{"ago": ago, "message": ""},
		Since: firstTime(since, graceEnd),
	}
	f.Evidence = append(f.Evidence, delEv)
	if n.Cond != nil {
		f.Evidence = append(f.Evidence, "node "+pod.Spec.NodeName+" Ready="+string(n.Cond.Status))
	}
	for _, x := range c.Containers {
		switch {
		case x.Status == nil:
		case x.Status.State.Running != nil:
			f.Evidence = append(f.Evidence, containerLabel(x)+" still running since "+x.Status.State.Running.StartedAt.UTC().Format(time.RFC3339))
		case x.Status.State.Terminated != nil:
			f.Evidence = append(f.Evidence, TerminatedEvidence(x, "state", x.Status.State.Terminated))
		}
	}
	f.Evidence = append(f.Evidence, ev...)
	if cond, ok := c.termDisruption(); ok {
		f.Evidence = append(f.Evidence, termConditionEvidence(cond))
	}
	if len(pod.Finalizers) > 0 {
		f.Evidence = append(f.Evidence, "metadata.finalizers: ["+strings.Join(pod.Finalizers, ", ")+"]")
	}
	f.Vars["blocker"] = stuckBlocker(c, errMsg, alive, kills)
	if errMsg != "" {
		f.Vars["message"] = c.say(phrase.StuckLastError, "error", Truncate(stuckErrorTail(errMsg), 160))
	}
	return f, true
}

// stuckSignals reads the events since deletion was requested: the first kill
// error, how many kills were attempted, and since when hooks and kills fail.
// It builds no strings, so a pod this rule leaves to another costs nothing.
func stuckSignals(c *Context, requested time.Time) (errMsg string, kills int32, since time.Time) {
	for _, e := range c.Events {
		if e.Last.Before(requested) {
			break
		}
		switch {
		case stuckKillError(e):
			if errMsg == "" {
				errMsg = e.Message
			}
			since = firstTime(since, e.First)
		case e.Reason == "Killing":
			kills += e.Count
		}
	}
	return errMsg, kills, since
}

// stuckEvents is the evidence: failed hooks, kill errors and kills since deletion.
func stuckEvents(c *Context, requested time.Time) []string {
	var ev []string
	for _, e := range c.Events {
		if e.Last.Before(requested) {
			break
		}
		if e.Reason == "FailedPreStopHook" || e.Reason == "Killing" || stuckKillError(e) {
			ev = append(ev, EventEvidence(e))
		}
	}
	return ev
}

// stuckKillError: the kubelet failed to kill the pod's containers.
func stuckKillError(e Event) bool {
	return e.Reason == "FailedKillPod" || (e.Reason == "FailedSync" && crashHasFold(e.Message, "killing pod"))
}

func stuckBlocker(c *Context, errMsg string, alive bool, kills int32) string {
	for _, b := range stuckBlockers {
		if errMsg != "" && crashHasAnyFold(errMsg, b.needles) {
			return c.say(b.text)
		}
	}
	switch {
	case errMsg != "":
		return c.say(phrase.StuckKillFails)
	case alive && kills > 1:
		return c.say(phrase.StuckKillRepeated, "kills", strconv.Itoa(int(kills)))
	case alive:
		return c.say(phrase.StuckRunning)
	}
	return c.say(phrase.StuckCleanupFails)
}

// stuckErrorTail keeps the innermost error of a kubelet kill failure: the
// runtime's own words after the last "desc = " ("grpc: the connection is
// unavailable"), not the wrapping that names the pod and container again.
func stuckErrorTail(msg string) string {
	msg = oneLine(msg)
	if i := strings.LastIndex(msg, "desc = "); i >= 0 {
		msg = msg[i+len("desc = "):]
	} else {
		msg = strings.TrimPrefix(msg, "error killing pod: ")
	}
	return strings.TrimRight(strings.TrimSpace(msg), "\"],")
}
