package diagnosis

// imagePullRateLimitedRule: the registry throttles the node or its NAT address
// ("toomanyrequests", 429). It recovers when the registry's window resets,
// hence Warning; authenticating or a mirror keeps it from coming back.
var imagePullRateLimitedRule = Rule{Reason: ReasonImagePullRateLimited, Check: checkImagePullRateLimited}

func checkImagePullRateLimited(c *Context) (Finding, bool) {
	return checkImageCode(c, ReasonImagePullRateLimited)
}
