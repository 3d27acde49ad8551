package diagnosis

import "time"

// imagePullSecretMissingRule: the pod names an imagePullSecret that does not
// exist in its namespace (kubelet 1.28+ event FailedToRetrieveImagePullSecret
// `Unable to retrieve some image pull secrets (regcred); attempting to pull the
// image may not succeed.`) and a pull is failing in a way a missing credential
// explains. The kubelet writes that event on every sync, also for pods whose
// public images pull fine, so the event alone is no diagnosis.
var imagePullSecretMissingRule = Rule{Reason: ReasonImagePullSecretMissing, Check: checkImagePullSecretMissing}

// secretEventSlack is how much older than the pod's latest failed pull the
// secret event may be and still be current. The kubelet writes both in the
// same attempt, but they are rate-limited in different buckets of its event
// spam filter (the secret event is about the pod, the pull failure about the
// container; one event per 5 minutes each once a burst is spent), so on a
// real kubelet they drift apart by minutes (seen: 87 s). Once the Secret
// exists, the image back-off (at most 5 minutes) brings a pull without a
// secret event within that time, so 5 minutes is the honest bound.
const secretEventSlack = 5 * time.Minute

func checkImagePullSecretMissing(c *Context) (Finding, bool) {
	ev, ok := c.LatestEvent(time.Time{}, secretEventReason)
	if !ok {
		return Finding{}, false
	}
	f, ok := c.imageFailure()
	if !ok || !missingSecretExplains(f.Code) || ev.Last.Before(imgLastRunEnd(f.X)) {
		return Finding{}, false
	}
	// Once the Secret is created the secret events stop while failed pulls
	// (now for another reason) go on: an event older than the latest failed
	// pull is history.
	if last, ok := c.imgLastPullFailure(f.X); ok && ev.Last.Before(last.Add(-secretEventSlack)) {
		return Finding{}, false
	}
	all, first := imgSecretNames(ev.Message, c.Pod)
	out := f.finding(c)
	out.Vars["secrets"], out.Vars["secret"] = all, first
	out.Evidence = append([]string{EventEvidence(ev)}, out.Evidence...)
	out.Since = ev.First
	return out, true
}

// missingSecretExplains: the pull failures a missing credential produces.
// Network, TLS, rate-limit, corruption and name errors happen with or without
// credentials, so they keep their own code.
func missingSecretExplains(code Reason) bool {
	return code == "" || code == ReasonImagePullUnauthorized || code == ReasonImageNotFound
}
