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
// "java.net.UnknownHostException: kafka", Go when the DNS server does not
// answer "lookup db on 10.96.0.10:53: read udp ...: i/o timeout", libpq
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
	// A URL on the failing line: kombu "Cannot connect to amqp://guest:**@rabbitmq:5672//: [Errno -2] Name or service not known."
	regexp.MustCompile(`://(?:[^@/\s]*@)?([a-zA-Z0-9][a-zA-Z0-9._-]*)[^\n]*(?:Name or service not known|Temporary failure in name resolution|Name does not resolve)`),
}

func checkDNSResolutionFailed(c *Context) (Finding, bool) {
	for _, x := range c.Containers {
		r, ok := c.crashRunOf(x)
		if !ok || r.Term.ExitCode == 0 || r.Term.ExitCode == 137 || r.Term.Message == "" {
			continue
		}
		if !isDNSFailure(r.Term.Message) {
			continue
		}
		host := dnsHost(r.Term.Message)
		if host == "" {
			host = c.say(phrase.HostPlaceholder)
		}
		f := Finding{
			Vars: Vars{
				"host":     host,
				"exitCode": crashItoa(r.Term.ExitCode),
				"message":  dnsLine(r.Term.Message),
				"restarts": crashRestarts(x),
			},
			Evidence: crashEvidence(r),
			Since:    c.crashSince(r),
		}
		return f.InContainer(x), true
	}
	return Finding{}, false
}

// isDNSFailure: a resolver's own words, or Go's lookup error whose cause is
// the DNS server being unreachable rather than the name being unknown.
func isDNSFailure(msg string) bool {
	if crashHasAnyFold(msg, dnsNeedles) {
		return true
	}
	_, _, ok := goLookupFailure(msg)
	return ok
}

// goLookupNetErrors are the network errors Go's resolver reports when it got
// no answer from the DNS server (net.DNSError wraps the dial / read error).
var goLookupNetErrors = []string{"i/o timeout", "connection refused", "network is unreachable",
	"no route to host", "connection reset by peer"}

// goLookupFailure finds Go's net.DNSError text, "lookup NAME on SERVER: ERR"
// or "dial tcp: lookup NAME: ERR", whose ERR is a network failure reaching the DNS
// server (`lookup db on 10.96.0.10:53: read udp 10.244.1.5:38123->10.96.0.10:53:
// i/o timeout`, `... dial udp 10.96.0.10:53: connect: network is unreachable`),
// and returns NAME and the error text from "lookup" to the end of its line.
func goLookupFailure(msg string) (host, text string, ok bool) {
	for rest := msg; ; {
		i := strings.Index(rest, "lookup ")
		if i < 0 {
			return "", "", false
		}
		start, before := rest[i:], rest[:i]
		rest = rest[i+len("lookup "):]
		end := strings.IndexAny(rest, " :\n")
		if end <= 0 {
			continue
		}
		host, tail := rest[:end], rest[end:]
		switch {
		case strings.HasPrefix(tail, " on "):
			j := strings.Index(tail, ": ")
			if j < 0 {
				continue
			}
			tail = tail[j+2:]
		case strings.HasPrefix(tail, ": ") && strings.HasSuffix(before, "dial tcp: "):
			// Without the server, only the dialer's own lookup: "lookup" is
			// too common a word ("table lookup failed: i/o timeout").
			tail = tail[2:]
		default:
			continue
		}
		if nl := strings.IndexByte(tail, '\n'); nl >= 0 {
			tail = tail[:nl]
		}
		if crashHasAnyFold(tail, goLookupNetErrors) {
			text = start
			if nl := strings.IndexByte(text, '\n'); nl >= 0 {
				text = text[:nl]
			}
			return host, strings.TrimRight(text, ")"), true
		}
	}
}

func dnsHost(msg string) string {
	if h, _, ok := goLookupFailure(msg); ok {
		return strings.TrimRight(h, ".")
	}
	for _, re := range dnsHostPatterns {
		if m := re.FindStringSubmatch(msg); m != nil {
			return strings.TrimRight(m[1], ".:'\"")
		}
	}
	return ""
}

// dnsLine is the line of the message that carries the lookup failure.
func dnsLine(msg string) string {
	if _, text, ok := goLookupFailure(msg); ok {
		return truncateMiddle(text, 200) // the network error is at its end
	}
	for _, line := range strings.Split(msg, "\n") {
		if isDNSFailure(line) {
			return Truncate(strings.TrimSpace(line), 200)
		}
	}
	return crashLastLine(msg)
}
