package diagnosis

// invalidImageNameRule: the kubelet cannot parse the image reference (waiting
// reason InvalidImageName, `Failed to apply default image tag "x": couldn't
// parse image reference "x": invalid reference format`): upper-case letters,
// spaces, an empty tag left by an unset template variable. No pull is tried.
var invalidImageNameRule = Rule{Reason: ReasonInvalidImageName, Check: checkInvalidImageName}

func checkInvalidImageName(c *Context) (Finding, bool) {
	if !imgAnyWaiting(c, "InvalidImageName") {
		return Finding{}, false
	}
	return checkImageCode(c, ReasonInvalidImageName)
}
