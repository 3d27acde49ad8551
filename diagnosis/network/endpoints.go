package network

import (
	"strconv"
	"strings"

	discoveryv1 "k8s.io/api/discovery/v1"
)

// unserved reports the Service's symptom (seed 004: "Service 對應的 Pods
// 全部都 NotReady，導致 endpoints 為空" → 503 at the Ingress): pods are
// selected, none is Ready, and — when the slices are known — no ready
// endpoint serves a Service port. A ready endpoint of a not-Ready pod
// (publishNotReadyAddresses) does serve traffic, so the slices have the
// last word when they are known.
func (c *serviceContext) unserved() bool {
	if len(c.in.Pods) == 0 || c.readyPods > 0 {
		return false
	}
	return c.in.EndpointSlices == nil || c.servingEndpoints() == 0
}

// servesService reports whether a slice has a port for one of the
// Service's ports: the EndpointSlice controller names each slice port after
// the Service port and leaves it out when the pods do not resolve a named
// targetPort (ports: null), so a ready endpoint without it serves nothing.
// A headless Service without ports (DNS records only) is served by any
// ready endpoint.
func (c *serviceContext) servesService(s *discoveryv1.EndpointSlice) bool {
	if len(c.svc.Spec.Ports) == 0 {
		return true
	}
	for _, sp := range s.Ports {
		if sp.Port == nil {
			continue
		}
		name := ""
		if sp.Name != nil {
			name = *sp.Name
		}
		for _, p := range c.svc.Spec.Ports {
			if p.Name == name {
				return true
			}
		}
	}
	return false
}

// servingEndpoints counts the ready endpoints that serve a Service port.
// An unset conditions.ready counts as ready, as the discovery/v1 API asks
// consumers to read it.
func (c *serviceContext) servingEndpoints() int {
	n := 0
	for _, s := range c.in.EndpointSlices {
		if s == nil || !c.servesService(s) {
			continue
		}
		for _, e := range s.Endpoints {
			if e.Conditions.Ready == nil || *e.Conditions.Ready {
				n++
			}
		}
	}
	return n
}

// sliceEvidence renders a slice as its facts: "EndpointSlice web-sn9mf:
// 1 endpoint, 1 ready; ports: none".
func sliceEvidence(s *discoveryv1.EndpointSlice) string {
	ready := 0
	for _, e := range s.Endpoints {
		if e.Conditions.Ready == nil || *e.Conditions.Ready {
			ready++
		}
	}
	var b strings.Builder
	b.WriteString("EndpointSlice " + s.Name + ": ")
	b.WriteString(strconv.Itoa(len(s.Endpoints)) + " endpoint(s), " + strconv.Itoa(ready) + " ready; ports: ")
	if len(s.Ports) == 0 {
		b.WriteString("none")
		return b.String()
	}
	for i, p := range s.Ports {
		if i > 0 {
			b.WriteString(", ")
		}
		if p.Name != nil && *p.Name != "" {
			b.WriteString(*p.Name + " ")
		}
		if p.Port != nil {
			b.WriteString(strconv.Itoa(int(*p.Port)))
		}
		if p.Protocol != nil {
			b.WriteString("/" + string(*p.Protocol))
		}
	}
	return b.String()
}

// slicesEvidence renders every slice of the Service, or says there is
// none when the slices are known.
func (c *serviceContext) slicesEvidence() []string {
	if c.in.EndpointSlices == nil {
		return nil
	}
	if len(c.in.EndpointSlices) == 0 {
		return []string{"no EndpointSlice for service " + c.svc.Name}
	}
	out := make([]string, 0, len(c.in.EndpointSlices))
	for _, s := range c.in.EndpointSlices {
		if s != nil {
			out = append(out, sliceEvidence(s))
		}
	}
	return out
}
