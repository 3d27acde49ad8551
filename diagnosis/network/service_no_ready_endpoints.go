package network

import (
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// checkNoReadyEndpoints: pods are selected, none is Ready and none has a
// diagnosis of its own — pods that completed (a Service selecting a Job's
// pods), or pods still within their own grace period while the Service is
// past its. Due once the last pod to lose readiness has been not Ready for
// the grace period.
func checkNoReadyEndpoints(c *serviceContext) (verdict, bool) {
	if !c.unserved() {
		return verdict{}, false
	}
	var last time.Time
	ev := []string{"spec.selector: " + c.selector}
	for _, p := range c.in.Pods {
		if p.Pod == nil {
			continue
		}
		since := readyChanged(p.Pod)
		if since.After(last) {
			last = since
		}
		if len(ev) <= maxListed {
			ev = append(ev, podReadyEvidence(p.Pod, since))
		}
	}
	ev = append(ev, c.slicesEvidence()...)
	due := c.graceEnd
	if end := last.Add(c.opts.GracePeriod); end.After(due) {
		due = end
	}
	return verdict{
		finding: diagnosis.Finding{
			Vars:     diagnosis.Vars{"n": strconv.Itoa(len(c.in.Pods)), "selector": c.selector, "states": c.phases()},
			Evidence: ev,
			Since:    last,
		},
		due: due,
	}, true
}

// phases counts the selected pods by phase: "2 Running, 1 Succeeded".
func (c *serviceContext) phases() string {
	var order []corev1.PodPhase
	count := map[corev1.PodPhase]int{}
	for _, p := range c.in.Pods {
		if p.Pod == nil {
			continue
		}
		ph := p.Pod.Status.Phase
		if ph == "" {
			ph = corev1.PodUnknown
		}
		if count[ph] == 0 {
			order = append(order, ph)
		}
		count[ph]++
	}
	parts := make([]string, 0, len(order))
	for _, ph := range order {
		parts = append(parts, strconv.Itoa(count[ph])+" "+string(ph))
	}
	return strings.Join(parts, ", ")
}

// podReadyEvidence: "pod web-1: phase Running, Ready=False
// (ContainersNotReady: containers with unready status: [web]) since …".
func podReadyEvidence(p *corev1.Pod, since time.Time) string {
	s := "pod " + p.Name + ": phase " + string(p.Status.Phase) + ", "
	for _, c := range p.Status.Conditions {
		if c.Type != corev1.PodReady {
			continue
		}
		s += "Ready=" + string(c.Status)
		if c.Reason != "" {
			s += " (" + c.Reason
			if c.Message != "" {
				s += ": " + diagnosis.Truncate(diagnosis.OneLine(c.Message), 200)
			}
			s += ")"
		}
		return s + " since " + since.UTC().Format(time.RFC3339)
	}
	return s + "no Ready condition, created " + since.UTC().Format(time.RFC3339)
}
