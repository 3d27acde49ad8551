package network

import (
	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// rollupBackends: the Ingress carries the cause of its first diagnosed
// backend Service, with that Service's code (design.md: an Ingress rolls up
// from its backend Services); the evidence starts with the Service.
func rollupBackends(c *ingressContext) (verdict, bool) {
	for _, name := range BackendServices(c.ing) {
		d := c.in.Verdicts[name]
		if d == nil {
			continue
		}
		child := diagnosis.Object{Kind: "Service", Namespace: c.ing.Namespace, Name: name}
		if s := c.in.Services[name]; s != nil {
			child.Created = s.CreationTimestamp.Time
		}
		return verdict{carried: diagnosis.FromChild(child, d), due: c.graceEnd}, true
	}
	return verdict{}, false
}
