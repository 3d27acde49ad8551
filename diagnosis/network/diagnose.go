package network

import (
	"strconv"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// DiagnoseService returns the verdict on one Service: nil Diagnosis for a
// healthy one, an ExternalName one or one without a selector (see the
// package doc for the order of the checks).
func DiagnoseService(in ServiceInput, opts diagnosis.Options) diagnosis.Result {
	c, ok := newServiceContext(in, opts)
	if !ok {
		return diagnosis.Result{}
	}
	return run(serviceRules, c, c.obj, in.Now, opts.Lang)
}

// DiagnoseIngress returns the verdict on one Ingress.
func DiagnoseIngress(in IngressInput, opts diagnosis.Options) diagnosis.Result {
	c, ok := newIngressContext(in, opts)
	if !ok {
		return diagnosis.Result{}
	}
	return run(ingressRules, c, c.obj, in.Now, opts.Lang)
}

// BackendServices names the Services an Ingress sends traffic to (default
// backend and every rule's paths), each once, in order. `resource`
// backends are not Services and are left out.
func BackendServices(ing *networkingv1.Ingress) []string {
	if ing == nil {
		return nil
	}
	var out []string
	for _, b := range serviceBackends(ing) {
		out = appendOnce(out, b.svc.Name)
	}
	return out
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }
