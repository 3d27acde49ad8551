package diagnosis

// imageRules are the image group's rules in precedence order.
//
// ImagePullSecretMissing comes first: a pod whose imagePullSecret does not
// exist usually fails with "unauthorized" or "not found" (a private repository
// looks absent to an anonymous client), and the thing to fix first is the
// missing Secret, not its symptom.
//
// The others read the same classified failure (imageFailure), so a failing
// container matches exactly one of them and their order does not change the
// verdict; precedence between their causes lives in classifyPullError. They are
// listed cheapest and most common first, because every rule before the one
// that matches pays for a classification.
var imageRules = []Rule{
	imagePullSecretMissingRule,
	invalidImageNameRule,
	imageNeverPullMissingRule,
	imageNotFoundRule,
	imagePullUnauthorizedRule,
	registryUnreachableRule,
	imagePullTimeoutRule,
	imagePullRateLimitedRule,
	registryCertUntrustedRule,
	registryInsecureHTTPRule,
	imageCorruptRule,
}
