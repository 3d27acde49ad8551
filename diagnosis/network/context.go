package network

import (
	"slices"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// serviceContext holds what the Service rules share, computed once.
type serviceContext struct {
	in   ServiceInput
	opts diagnosis.Options
	svc  *corev1.Service
	obj  diagnosis.Object
	// selector is the selector as kubectl prints it: "app=web,tier=front".
	selector string
	// graceEnd is when the grace period from the Service's creation ends.
	graceEnd time.Time
	// readyPods counts the selected pods whose Ready condition is True.
	readyPods int
}

// newServiceContext returns false for a Service that is never diagnosed:
// ExternalName (no endpoints at all) and one without a selector (endpoints
// managed by hand, nothing to compare them with).
func newServiceContext(in ServiceInput, opts diagnosis.Options) (*serviceContext, bool) {
	s := in.Service
	if s == nil || s.Spec.Type == corev1.ServiceTypeExternalName || len(s.Spec.Selector) == 0 {
		return nil, false
	}
	c := &serviceContext{
		in: in, opts: opts, svc: s,
		obj:      diagnosis.Object{Kind: "Service", Namespace: s.Namespace, Name: s.Name, Created: s.CreationTimestamp.Time},
		selector: labels.Set(s.Spec.Selector).String(),
		graceEnd: s.CreationTimestamp.Add(opts.GracePeriod),
	}
	for _, p := range in.Pods {
		if p.Pod != nil && podReady(p.Pod) {
			c.readyPods++
		}
	}
	return c, true
}

// podReady reports the pod's Ready condition.
func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// readyChanged is when the pod's readiness last changed: its Ready
// condition's transition, else its creation (it never had one).
func readyChanged(p *corev1.Pod) time.Time {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady && !c.LastTransitionTime.IsZero() {
			return c.LastTransitionTime.Time
		}
	}
	return p.CreationTimestamp.Time
}

// portLabel renders a Service port as "http (80/TCP)", or "80/TCP" unnamed.
func portLabel(p corev1.ServicePort) string {
	s := strconv.Itoa(int(p.Port)) + "/" + string(protocolOf(p.Protocol))
	if p.Name == "" {
		return s
	}
	return p.Name + " (" + s + ")"
}

// protocolOf is the API default for an empty protocol.
func protocolOf(p corev1.Protocol) corev1.Protocol {
	if p == "" {
		return corev1.ProtocolTCP
	}
	return p
}

// maxListed bounds the items a summary or evidence line lists.
const maxListed = 5

// joinCapped joins at most maxListed items and says how many were left out.
func joinCapped(items []string) string {
	if len(items) <= maxListed {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:maxListed], ", ") + " (+" + strconv.Itoa(len(items)-maxListed) + " more)"
}

// appendOnce appends s unless the list already holds it.
func appendOnce(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// say renders one of this package's phrases in the diagnosis language.
func (c *serviceContext) say(t diagnosis.Text, kv ...string) string {
	return diagnosis.Say(c.opts.Lang, t, kv...)
}
