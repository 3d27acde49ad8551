package network

import (
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// endpointSliceKind is what the Unclassified summary names as the raw
// reason when no Warning event on the Service says more.
const endpointSliceKind = "EndpointSlice"

// checkEndpointsMissing: a selected pod is Ready, its ports resolve, and
// still no EndpointSlice lists a ready endpoint serving the Service — the
// EndpointSlice controller is behind or failing (its Warning events, e.g.
// FailedToUpdateEndpointSlices, are on the Service). No code names this;
// the fallback keeps the facts instead of staying silent. Due once the
// first pod has been Ready for the grace period: the controller normally
// follows within seconds.
func checkEndpointsMissing(c *serviceContext) (verdict, bool) {
	if c.readyPods == 0 || c.in.EndpointSlices == nil || c.servingEndpoints() > 0 {
		return verdict{}, false
	}
	var first time.Time
	ev := []string{"spec.selector: " + c.selector}
	for _, p := range c.in.Pods {
		if p.Pod == nil || !podReady(p.Pod) {
			continue
		}
		since := readyChanged(p.Pod)
		if first.IsZero() || since.Before(first) {
			first = since
		}
		if len(ev) <= maxListed {
			ev = append(ev, podReadyEvidence(p.Pod, since))
		}
	}
	ev = append(ev, c.slicesEvidence()...)
	reason := endpointSliceKind
	message := c.say(phrase.EndpointsMissing, "n", strconv.Itoa(c.readyPods))
	for _, e := range diagnosis.NormalizeEvents(c.in.Events) {
		if e.Type == corev1.EventTypeWarning {
			reason, message = e.Reason, diagnosis.OneLine(e.Message)
			ev = append(ev, diagnosis.EventEvidence(e))
			break
		}
	}
	due := c.graceEnd
	if end := first.Add(c.opts.GracePeriod); end.After(due) {
		due = end
	}
	return verdict{
		finding: diagnosis.Finding{Vars: diagnosis.Vars{"reason": reason, "message": message}, Evidence: ev, Since: first},
		due:     due,
	}, true
}
