package network

import (
	"strconv"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// legacyClassAnnotation is the pre-1.18 way to pick a controller
// (metadata.annotations); controllers match its value against their own
// flag, not against an IngressClass, so nothing can be checked.
const legacyClassAnnotation = "kubernetes.io/ingress.class"

// checkClassNotFound: no ingress controller reads the Ingress, so nothing
// routes its traffic and its status stays empty — the only trace, since
// core Kubernetes records no event for it. Either spec.ingressClassName
// names a class that does not exist, or it is unset and no class is the
// default (the DefaultIngressClass admission plugin fills it in on create
// when one is).
func checkClassNotFound(c *ingressContext) (verdict, bool) {
	if c.in.Classes == nil {
		return verdict{}, false
	}
	classes := make([]string, 0, len(c.in.Classes))
	ev := make([]string, 0, 3+maxListed)
	name := ""
	if c.ing.Spec.IngressClassName != nil {
		name = *c.ing.Spec.IngressClassName
	}
	for _, ic := range c.in.Classes {
		if ic == nil {
			continue
		}
		if name != "" && ic.Name == name || name == "" && isDefault(ic) {
			return verdict{}, false
		}
		classes = append(classes, ic.Name)
		if len(classes) <= maxListed {
			ev = append(ev, "IngressClass "+ic.Name+": controller "+ic.Spec.Controller)
		}
	}
	if name == "" && (c.ing.Annotations[legacyClassAnnotation] != "" || len(c.ing.Status.LoadBalancer.Ingress) > 0) {
		// The legacy annotation picks a controller by its own flag; an
		// address in the status proves some controller took the Ingress
		// anyway (ingress-nginx --watch-ingress-without-class).
		return verdict{}, false
	}
	shown := joinCapped(classes)
	if len(classes) == 0 {
		shown = c.say(phrase.ClassesNone)
	}
	detail := c.say(phrase.ClassMissing, "class", name, "classes", shown)
	first := "spec.ingressClassName: " + name
	if name == "" {
		detail = c.say(phrase.ClassNoDefault, "classes", shown)
		first = "spec.ingressClassName: not set, no " + legacyClassAnnotation + " annotation; no IngressClass is annotated " + networkingv1.AnnotationIsDefaultIngressClass + "=true"
	}
	ev = append([]string{first, strconv.Itoa(len(classes)) + " IngressClass(es) in the cluster"}, ev...)
	if len(c.ing.Status.LoadBalancer.Ingress) == 0 {
		ev = append(ev, "status.loadBalancer: no address (no controller has taken the Ingress)")
	}
	return verdict{
		finding: diagnosis.Finding{Vars: diagnosis.Vars{"detail": detail}, Evidence: ev},
		due:     c.graceEnd,
	}, true
}

// isDefault reports the default-class annotation, which must be exactly "true".
func isDefault(ic *networkingv1.IngressClass) bool {
	return ic.Annotations[networkingv1.AnnotationIsDefaultIngressClass] == "true"
}
