package network

import (
	"time"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// ingressContext holds what the Ingress rules share.
type ingressContext struct {
	in       IngressInput
	opts     diagnosis.Options
	ing      *networkingv1.Ingress
	obj      diagnosis.Object
	graceEnd time.Time
}

func newIngressContext(in IngressInput, opts diagnosis.Options) (*ingressContext, bool) {
	ing := in.Ingress
	if ing == nil {
		return nil, false
	}
	return &ingressContext{
		in: in, opts: opts, ing: ing,
		obj:      diagnosis.Object{Kind: "Ingress", Namespace: ing.Namespace, Name: ing.Name, Created: ing.CreationTimestamp.Time},
		graceEnd: ing.CreationTimestamp.Add(opts.GracePeriod),
	}, true
}

func (c *ingressContext) say(t diagnosis.Text, kv ...string) string {
	return diagnosis.Say(c.opts.Lang, t, kv...)
}

// backendRef is one use of a Service as a backend: where (the default
// backend, or a rule's host and path) and which Service port.
type backendRef struct {
	// route is host+path ("web.example.com/api", "*/"); "" for the
	// default backend.
	route string
	svc   *networkingv1.IngressServiceBackend
}

// serviceBackends lists every Service backend in spec order — the default
// backend, then each rule's paths — skipping `resource` backends, which
// are not Services.
func serviceBackends(ing *networkingv1.Ingress) []backendRef {
	var out []backendRef
	if b := ing.Spec.DefaultBackend; b != nil && b.Service != nil {
		out = append(out, backendRef{svc: b.Service})
	}
	for _, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		host := r.Host
		if host == "" {
			host = "*"
		}
		for _, p := range r.HTTP.Paths {
			if p.Backend.Service != nil {
				out = append(out, backendRef{route: host + p.Path, svc: p.Backend.Service})
			}
		}
	}
	return out
}

// routeText names where a backend is used, in the diagnosis language.
func (c *ingressContext) routeText(b backendRef) string {
	if b.route == "" {
		return c.say(phrase.DefaultBackend)
	}
	return b.route
}

// backendText renders a backend as kubectl describe does: "web:80", "web:http".
func backendText(b *networkingv1.IngressServiceBackend) string {
	if b.Port.Name != "" {
		return b.Name + ":" + b.Port.Name
	}
	return b.Name + ":" + itoa(b.Port.Number)
}
