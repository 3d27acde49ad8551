package diagnosis

// imagePullUnauthorizedRule: the registry refused to serve the image to the
// credentials the node presented, or to none (401 / 403, "pull access
// denied", "no basic auth credentials", "authentication required"). When the
// pod names an imagePullSecret that does not exist, ImagePullSecretMissing
// wins instead (it is the cause of this symptom).
var imagePullUnauthorizedRule = Rule{Reason: ReasonImagePullUnauthorized, Check: checkImagePullUnauthorized}

func checkImagePullUnauthorized(c *Context) (Finding, bool) {
	return checkImageCode(c, ReasonImagePullUnauthorized)
}
