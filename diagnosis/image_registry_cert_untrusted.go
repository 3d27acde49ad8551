package diagnosis

// registryCertUntrustedRule: the TLS certificate of the registry fails
// verification on the node (x509: self-signed or private CA not installed,
// expired, or issued for another name).
var registryCertUntrustedRule = Rule{Reason: ReasonRegistryCertUntrusted, Check: checkRegistryCertUntrusted}

func checkRegistryCertUntrusted(c *Context) (Finding, bool) {
	return checkImageCode(c, ReasonRegistryCertUntrusted)
}
