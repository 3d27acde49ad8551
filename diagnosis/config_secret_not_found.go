package diagnosis

// ruleSecretNotFound recognises a Secret the pod references (env, envFrom or
// volume) that does not exist: CreateContainerConfigError `secret "db-creds"
// not found`, or FailedMount `MountVolume.SetUp failed for volume "certs" :
// secret "tls" not found`. A missing imagePullSecret is not this: the kubelet
// only warns about it and pulls anonymously (ImagePullSecretMissing).
var ruleSecretNotFound = Rule{Reason: ReasonSecretNotFound, Check: checkSecretNotFound}

func checkSecretNotFound(c *Context) (Finding, bool) {
	return notFoundFinding(c, refSecret, isSecretNotFound, "secret")
}
