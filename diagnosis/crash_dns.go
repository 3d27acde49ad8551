package diagnosis

import (
	"regexp"
	"strings"
)

// ruleDNSResolutionFailed: the program exits at start-up because a name
// lookup fails (seed 001: "DNS 无法解析" — the cluster network cannot reach
// the DNS service, the DNS service is down, or the Service / domain name is
// wrong). The only place the API shows the program's own words is the
// termination message: the file at terminationMessagePath, or the log tail
// when terminationMessagePolicy is FallbackToLogsOnError.
//
// Wordings: Go "dial tcp: lookup db on 10.96.0.10:53: no such host",
// glibc "Temporary failure in name resolution", "Name or service not known",
// curl "Could not resolve host: api.example.com", Node.js
// "getaddrinfo ENOTFOUND redis" / "getaddrinfo EAI_AGAIN redis", Java
// "java.net.UnknownHostException: kafka", libpq
// "could not translate host name \"postgres\" to address".
var ruleDNSResolutionFailed = Rule{Reason: ReasonDNSResolutionFailed, Check: checkDNSResolutionFailed}

var dnsNeedles = []string{
	"no such host",
	"Temporary failure in name resolution",
	"Name or service not known",
	"could not resolve host",
	"getaddrinfo ENOTFOUND",
	"getaddrinfo EAI_AGAIN",
	"UnknownHostException",
	"could not translate host name",
	"nodename nor servname provided",
	"Name does not resolve",
	"server misbehaving",
}

// dnsHostPatterns pull the name that failed out of the message, most specific first.
var dnsHostPatterns = []*regexp.Regexp{
	regexp.MustCompile(`lookup ([^\s:]+)(?: on [^\s]+)?: (?:no such host|server misbehaving|Temporary failure)`),
	regexp.MustCompile(`getaddrinfo (?:ENOTFOUND|EAI_AGAIN) ([^\s,]+)`),
	regexp.MustCompile(`(?i)could not resolve host:? ([^\s;,]+)`),
	regexp.MustCompile(`UnknownHostException: ([^\s:]+)`),
	regexp.MustCompile(`could not translate host name "([^"]+)"`),
	regexp.MustCompile(`connecting to ([a-zA-Z0-9][a-zA-Z0-9._-]*):\d+\. (?:Temporary failure in name resolution|Name or service not known)`),
	regexp.MustCompile(`(?i)(?:host|hostname|server)[ =:]+"?([a-zA-Z0-9][a-zA-Z0-9._-]*)"?[^\n]*(?:Name or service not known|Temporary failure in name resolution|Name does not resolve)`),
}

func checkDNSResolutionFailed(c *Context) (Finding, bool) {
	for _, x := range c.Containers {
		r, ok := c.crashRunOf(x)
		if !ok || r.Term.ExitCode == 0 || r.Term.ExitCode == 137 || r.Term.Message == "" {
			continue
		}
		if !crashHasAnyFold(r.Term.Message, dnsNeedles) {
			continue
		}
		host := dnsHost(r.Term.Message)
		if host == "" {
			host = "<host>"
		}
		f := Finding{
			Vars: Vars{
				"host":     host,
				"exitCode": crashItoa(r.Term.ExitCode),
				"message":  dnsLine(r.Term.Message),
				"restarts": crashRestarts(x),
			},
			Evidence: crashEvidence(r),
			Since:    r.Term.FinishedAt.Time,
		}
		return f.InContainer(x), true
	}
	return Finding{}, false
}

func dnsHost(msg string) string {
	for _, re := range dnsHostPatterns {
		if m := re.FindStringSubmatch(msg); m != nil {
			return strings.TrimRight(m[1], ".:'\"")
		}
	}
	return ""
}

// dnsLine is the line of the message that carries the lookup failure.
func dnsLine(msg string) string {
	for _, line := range strings.Split(msg, "\n") {
		if crashHasAnyFold(line, dnsNeedles) {
			return Truncate(strings.TrimSpace(line), 200)
		}
	}
	return crashLastLine(msg)
}
