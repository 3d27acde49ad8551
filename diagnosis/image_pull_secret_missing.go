package diagnosis

import "time"

// imagePullSecretMissingRule: the pod names an imagePullSecret that does not
// exist in its namespace (kubelet 1.28+ event FailedToRetrieveImagePullSecret
// `Unable to retrieve some image pull secrets (regcred); attempting to pull the
// image may not succeed.`) and a pull is failing in a way a missing credential
// explains. The kubelet writes that event on every sync, also for pods whose
// public images pull fine, so the event alone is no diagnosis.
var imagePullSecretMissingRule = Rule{Reason: imgSecretMissing, Check: checkImagePullSecretMissing}

// secretEventSlack is how much older than the pod's latest failed pull the
// secret event may be and still be current: the kubelet writes both in the
// same sync, the secret event first.
const secretEventSlack = time.Minute

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
func missingSecretExplains(code string) bool {
	return code == "" || code == imgUnauthorized || code == imgNotFound
}
