package diagnosis

import (
	"regexp"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// ruleEvicted: the kubelet evicted the pod to protect its node (phase Failed,
// status reason Evicted). The status message says which resource ran short
// (pkg/kubelet/eviction/helpers.go):
//
//	"The node was low on resource: memory. Threshold quantity: 100Mi, available: 91868Ki. Container web was using 1514000Ki, request is 0, has larger consumption of memory. "
//	(before ~1.23: "Container web was using 1514000Ki, which exceeds its request of 0. ")
//	"The node was low on resource: ephemeral-storage. ..." (seed 004), older "nodefs" / "imagefs" / "nodefsInodes"
//	"The node had condition: [DiskPressure]. " (admission while the node is under pressure)
//	"Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. "
//	"Usage of EmptyDir volume \"cache\" exceeds the limit \"1Gi\". "
//	"Container web exceeded its local ephemeral storage limit \"500Mi\". "
//
// The controller has already made a replacement; the Failed pod stays as a
// record until someone deletes it (seed 004: "批量清理 Evicted 记录").
var ruleEvicted = Rule{Reason: ReasonEvicted, Check: checkEvicted}

var (
	evictLowRe       = regexp.MustCompile(`The node was low on resource: ([^.\s]+)\.`)
	evictThresholdRe = regexp.MustCompile(`Threshold quantity: ([^,]+), available: ([^\s.]+)`)
	evictUsageRe     = regexp.MustCompile(`Container (\S+) was using (\S+), (?:request is (\S+?),|which exceeds its request of (\S+?)\.)`)
	evictConditionRe = regexp.MustCompile(`The node had condition: \[([^\]]+)\]`)
	evictPodLimitRe  = regexp.MustCompile(`Pod ephemeral local storage usage exceeds the total limit of containers (\S+?)\.?\s*$`)
	evictEmptyDirRe  = regexp.MustCompile(`Usage of EmptyDir volume "([^"]+)" exceeds the limit "([^"]+)"`)
	evictCtrLimitRe  = regexp.MustCompile(`Container (\S+) exceeded its local ephemeral storage limit "([^"]+)"`)
)

func checkEvicted(c *Context) (Finding, bool) {
	pod := c.Pod
	if pod.Status.Phase != corev1.PodFailed || pod.Status.Reason != "Evicted" {
		return Finding{}, false
	}
	msg := oneLine(pod.Status.Message)
	resource, cause := evictionCause(c, msg)
	repl, owned := termReplacement(c)
	f := Finding{
		Vars: Vars{
			"resource":    resource,
			"cause":       cause,
			"replacement": repl,
		},
		Evidence: []string{termStatusEvidence(pod)},
		Since:    c.failedAt(),
	}
	if cond, ok := c.termDisruption(); ok {
		f.Evidence = append(f.Evidence, termConditionEvidence(cond))
	}
	if e, ok := c.LatestEvent(time.Time{}, "Evicted"); ok {
		f.Evidence = append(f.Evidence, EventEvidence(e))
	}
	if n := c.In.Node; n != nil {
		for _, cond := range n.Status.Conditions {
			if cond.Type != corev1.NodeReady && cond.Status == corev1.ConditionTrue {
				f.Evidence = append(f.Evidence, "node "+n.Name+" "+string(cond.Type)+"=True: "+cond.Message)
			}
		}
	}
	if !owned {
		f.Severity = SeverityCritical
	}
	return f, true
}

// evictionCause names the resource and says, in the diagnosis language, what
// the kubelet's message reports.
func evictionCause(c *Context, msg string) (resource, cause string) {
	if m := evictEmptyDirRe.FindStringSubmatch(msg); m != nil {
		return "ephemeral-storage", c.say(phrase.EvictEmptyDir, "volume", m[1], "limit", m[2])
	}
	if m := evictCtrLimitRe.FindStringSubmatch(msg); m != nil {
		return "ephemeral-storage", c.say(phrase.EvictContainerLimit, "container", m[1], "limit", m[2])
	}
	if m := evictPodLimitRe.FindStringSubmatch(msg); m != nil {
		return "ephemeral-storage", c.say(phrase.EvictPodLimit, "limit", m[1])
	}
	if m := evictConditionRe.FindStringSubmatch(msg); m != nil {
		return m[1], c.say(phrase.EvictNodeCondition, "condition", m[1])
	}
	if m := evictLowRe.FindStringSubmatch(msg); m != nil {
		res := m[1]
		cause := c.say(phrase.EvictNodeLow, "resource", res)
		if t := evictThresholdRe.FindStringSubmatch(msg); t != nil {
			cause += c.say(phrase.EvictThreshold, "threshold", t[1], "available", t[2])
		}
		if u := evictUsageRe.FindStringSubmatch(msg); u != nil {
			req := u[3]
			if req == "" {
				req = u[4]
			}
			cause += c.say(phrase.EvictUsage, "container", u[1], "usage", u[2], "request", req)
		}
		return res, cause
	}
	if msg == "" {
		msg = c.say(phrase.EvictNoMessage)
	}
	return c.say(phrase.EvictNodeResource), Truncate(msg, 200)
}
