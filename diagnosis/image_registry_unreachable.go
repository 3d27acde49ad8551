package diagnosis

// registryUnreachableRule: the node never got an answer from the registry:
// DNS lookup, TCP connect, route, proxy or TLS handshake failed, or the
// reference could not be resolved before a deadline (see classifyPullError for
// the line drawn against ImagePullTimeout). Also the kubelet's own
// RegistryUnavailable waiting reason. It may recover with the network, hence
// Warning.
var registryUnreachableRule = Rule{Reason: ReasonRegistryUnreachable, Check: checkRegistryUnreachable}

func checkRegistryUnreachable(c *Context) (Finding, bool) {
	return checkImageCode(c, ReasonRegistryUnreachable)
}
