package diagnosis

// imageNeverPullMissingRule: imagePullPolicy is Never and the image is not on
// the node the pod landed on (waiting reason ErrImageNeverPull). Typical of
// images built or loaded on one machine (kind, minikube) and a pod scheduled
// elsewhere.
var imageNeverPullMissingRule = Rule{Reason: ReasonImageNeverPullMissing, Check: checkImageNeverPullMissing}

func checkImageNeverPullMissing(c *Context) (Finding, bool) {
	if !imgAnyWaiting(c, "ErrImageNeverPull") {
		return Finding{}, false
	}
	return checkImageCode(c, ReasonImageNeverPullMissing)
}
