package network

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// checkBackendNotFound: a backend Service, or the port the Ingress names
// on it, does not exist. API validation checks only the syntax of a
// backend and core Kubernetes records nothing; `kubectl describe ingress`
// shows `<error: endpoints "x" not found>` (seed 002) and the controller
// answers 404 / 503 (seed 004).
func checkBackendNotFound(c *ingressContext) (verdict, bool) {
	if c.in.Services == nil {
		return verdict{}, false
	}
	var first backendRef
	var detail string
	var ev []string
	broken := 0
	for _, b := range serviceBackends(c.ing) {
		d, line, ok := c.backendProblem(b.svc)
		if !ok {
			continue
		}
		broken++
		if broken == 1 {
			first, detail = b, d
		}
		if len(ev) < maxListed {
			ev = append(ev, c.routeEvidence(b)+" → "+backendText(b.svc)+": "+line)
		}
	}
	if broken == 0 {
		return verdict{}, false
	}
	more := ""
	if broken > 1 {
		more = c.say(phrase.MoreBackends, "n", strconv.Itoa(broken-1))
	}
	return verdict{
		finding: diagnosis.Finding{
			Vars: diagnosis.Vars{
				"backend": backendText(first.svc), "route": c.routeText(first),
				"detail": detail, "more": more,
			},
			Evidence: ev,
		},
		due: c.graceEnd,
	}, true
}

// backendProblem says what is wrong with one backend: the detail for the
// summary (in the diagnosis language) and the evidence line (the API's
// own words). ok is false for a backend that exists.
func (c *ingressContext) backendProblem(b *networkingv1.IngressServiceBackend) (detail, line string, ok bool) {
	s := c.in.Services[b.Name]
	if s == nil {
		return c.say(phrase.BackendMissing, "service", b.Name, "ns", c.ing.Namespace),
			`services "` + b.Name + `" not found`, true
	}
	// An ExternalName Service has no ports of its own to check against.
	if s.Spec.Type == corev1.ServiceTypeExternalName || hasPort(s, b.Port) {
		return "", "", false
	}
	ports := make([]string, 0, len(s.Spec.Ports))
	for _, p := range s.Spec.Ports {
		ports = append(ports, portLabel(p))
	}
	shown := joinCapped(ports)
	if len(ports) == 0 {
		shown = c.say(phrase.PortsNone)
	}
	port := b.Port.Name
	if port == "" {
		port = itoa(b.Port.Number)
	}
	return c.say(phrase.BackendPortMissing, "service", b.Name, "port", port, "ports", shown),
		"service " + b.Name + " has no port " + port + " (ports: " + joinCapped(ports) + ")", true
}

// hasPort reports whether the Service has the port by name or number; a
// backend naming neither is left to API validation.
func hasPort(s *corev1.Service, p networkingv1.ServiceBackendPort) bool {
	if p.Name == "" && p.Number == 0 {
		return true
	}
	for _, sp := range s.Spec.Ports {
		if p.Name != "" && sp.Name == p.Name || p.Name == "" && sp.Port == p.Number {
			return true
		}
	}
	return false
}

// routeEvidence names a backend's use in evidence, always in English.
func (c *ingressContext) routeEvidence(b backendRef) string {
	if b.route == "" {
		return "defaultBackend"
	}
	return "rule " + b.route
}
