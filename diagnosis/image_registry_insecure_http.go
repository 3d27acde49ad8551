package diagnosis

// registryInsecureHTTPRule: the registry speaks plain HTTP and the runtime
// talks HTTPS to it ("server gave HTTP response to HTTPS client"), because the
// registry is not declared insecure in the runtime's configuration on the node.
var registryInsecureHTTPRule = Rule{Reason: ReasonRegistryInsecureHTTP, Check: checkRegistryInsecureHTTP}

func checkRegistryInsecureHTTP(c *Context) (Finding, bool) {
	return checkImageCode(c, ReasonRegistryInsecureHTTP)
}
