// Package network diagnoses Services and Ingresses (design.md, "Beyond
// pods"): why a Service has no ready endpoint, why an Ingress's backend
// does not answer. Pure: plain API objects and a clock value in, a
// diagnosis.Result out.
//
// Decisions (copied to docs/ by the lead):
//
//   - Never diagnosed: ExternalName Services, Services without a selector
//     (their endpoints are managed by hand), and an Ingress backend that is
//     a `resource` rather than a Service.
//   - A Service is checked in this order, first match wins:
//     ServiceSelectorMatchesNothing (no pod matches while the namespace's
//     pods are known; the nearest label sets — one key or value away — are
//     named), ServiceTargetPortMismatch (a named targetPort no selected pod
//     declares with the port's protocol, or a numeric one no container
//     declares while every container declares other ports — one container
//     declaring no port proves nothing; native sidecars, init containers
//     with restartPolicy: Always, count as containers since Kubernetes 1.32
//     resolves their named ports; judged from the pods whatever the
//     EndpointSlices say), then, when no
//     selected pod is Ready and no EndpointSlice lists a ready endpoint with
//     a port for the Service, the pods' dominant cause with the pods' own
//     code (diagnosis.Dominant), else ServiceNoReadyEndpoints. A selected
//     pod that is Ready while no EndpointSlice lists a ready endpoint for the
//     Service is Unclassified (the EndpointSlice controller is behind or
//     failing; seed 004), never silence, once that pod has been Ready for the
//     grace period. A headless Service without ports is served by any ready
//     endpoint.
//   - An endpoint whose conditions.ready is unset counts as ready, as the
//     discovery/v1 API tells consumers to read it.
//   - Every Service verdict waits the grace period from the Service's
//     creation (a Service created seconds before its Deployment is normal);
//     ServiceNoReadyEndpoints also waits it from the moment the last selected
//     pod stopped being Ready (its Ready condition's lastTransitionTime, else
//     its creation). RecheckAt is when the wait ends.
//   - An Ingress is checked in this order: IngressClassNotFound
//     (spec.ingressClassName names no IngressClass, or there is none and no
//     class is annotated ingressclass.kubernetes.io/is-default-class: "true"
//     and the Ingress has neither the legacy kubernetes.io/ingress.class
//     annotation nor an address in its status — a controller that serves
//     Ingresses without a class, such as ingress-nginx with
//     --watch-ingress-without-class, writes one),
//     IngressBackendNotFound (a backend Service, or its port by name or
//     number, does not exist), then the cause of the first diagnosed backend
//     Service in BackendServices order (diagnosis.FromChild). Every Ingress
//     verdict waits the grace period from the Ingress's creation.
//   - Nothing is concluded from a list that was not read: a nil LabelSets,
//     EndpointSlices, Services or Classes means "not known".
package network

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// ServiceInput is everything the engine looks at for one Service.
type ServiceInput struct {
	Service *corev1.Service
	// Pods are the pods of the namespace the selector matches, with their
	// verdicts. Pod carries at least metadata (name, labels, creation),
	// spec.containers[].name/ports and status.phase/conditions.
	Pods []ServicePod
	// LabelSets are the distinct label sets of the namespace's pods (every
	// pod, selected or not), for naming the nearest ones when the selector
	// matches nothing; nil when the pods are not known.
	LabelSets []map[string]string
	// EndpointSlices are the Service's slices (label
	// kubernetes.io/service-name); nil when not known.
	EndpointSlices []*discoveryv1.EndpointSlice
	// Events are the core/v1 Events about the Service, in any order.
	Events []corev1.Event
	Now    time.Time
}

// ServicePod is a selected pod with the pod engine's verdict (nil: healthy).
type ServicePod struct {
	Pod       *corev1.Pod
	Diagnosis *diagnosis.Diagnosis
}

// IngressInput is everything the engine looks at for one Ingress.
type IngressInput struct {
	Ingress *networkingv1.Ingress
	// Services maps the name of each backend Service of the Ingress to the
	// Service; a name without an entry does not exist. Nil when the
	// namespace's Services are not known.
	Services map[string]*corev1.Service
	// Verdicts maps a backend Service's name to its diagnosis (nil: healthy).
	Verdicts map[string]*diagnosis.Diagnosis
	// Classes are the cluster's IngressClasses; nil when not known.
	Classes []*networkingv1.IngressClass
	Now     time.Time
}
