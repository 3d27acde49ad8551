package network

import (
	"iter"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// checkTargetPortMismatch: a Service port sends traffic to a port the
// selected pods do not declare (seed 002: "Service 的 Port 和 TargetPort
// 配置错误"). A named targetPort resolves only through the pods' declared
// port names (and protocol) — of the containers and, since Kubernetes 1.32,
// of native sidecars (init containers with restartPolicy: Always) — so when
// none declares it the EndpointSlice carries no port and every connection
// fails. A numeric targetPort is
// listed in the EndpointSlice whether or not anything listens on it, so it
// is judged from the declared ports too: wrong only when every container
// declares ports and none declares this one (a container that declares no
// port may well listen on it).
func checkTargetPortMismatch(c *serviceContext) (verdict, bool) {
	if len(c.in.Pods) == 0 {
		return verdict{}, false
	}
	for i, p := range c.svc.Spec.Ports {
		tp, named := targetOf(p)
		if c.declares(p, tp) {
			continue
		}
		declared := c.declaredPorts()
		detail := phrase.TargetNamedMissing
		if !named {
			if len(declared) == 0 || !c.allDeclare() {
				continue
			}
			detail = phrase.TargetNumberMissing
		}
		shown := joinCapped(declared)
		if len(declared) == 0 {
			shown = c.say(phrase.PortsNone)
		}
		ev := []string{"spec.ports[" + strconv.Itoa(i) + "]: " + portLabel(p) + " → targetPort " + tp.String()}
		ev = append(ev, c.podPortsEvidence()...)
		ev = append(ev, c.slicesEvidence()...)
		return verdict{
			finding: diagnosis.Finding{
				Vars: diagnosis.Vars{
					"port": portLabel(p), "target": tp.String(),
					"detail": c.say(detail, "target", tp.String(), "declared", shown),
				},
				Evidence: ev,
			},
			due: c.graceEnd,
		}, true
	}
	return verdict{}, false
}

// targetOf is the port's targetPort, the API default (the port itself)
// when unset; named reports a port name rather than a number.
func targetOf(p corev1.ServicePort) (intstr.IntOrString, bool) {
	tp := p.TargetPort
	if tp.Type == intstr.String && tp.StrVal != "" {
		return tp, true
	}
	if tp.IntVal == 0 {
		return intstr.FromInt32(p.Port), false
	}
	return tp, false
}

// declares reports whether some selected pod declares the target: by name
// and protocol, as the EndpointSlice controller resolves a named port, or
// by number.
func (c *serviceContext) declares(p corev1.ServicePort, tp intstr.IntOrString) bool {
	for _, sp := range c.in.Pods {
		if sp.Pod == nil {
			continue
		}
		for ctr := range servingContainers(sp.Pod) {
			for _, cp := range ctr.Ports {
				if tp.Type == intstr.String && cp.Name == tp.StrVal && protocolOf(cp.Protocol) == protocolOf(p.Protocol) {
					return true
				}
				if tp.Type == intstr.Int && cp.ContainerPort == tp.IntVal {
					return true
				}
			}
		}
	}
	return false
}

// allDeclare reports whether every container of the selected pods declares
// at least one port: only then does an undeclared number mean something.
func (c *serviceContext) allDeclare() bool {
	for _, sp := range c.in.Pods {
		if sp.Pod == nil {
			continue
		}
		for ctr := range servingContainers(sp.Pod) {
			if len(ctr.Ports) == 0 {
				return false
			}
		}
	}
	return true
}

// declaredPorts are the distinct ports the selected pods declare:
// "web 8080/TCP", "9090/TCP".
func (c *serviceContext) declaredPorts() []string {
	var out []string
	for _, sp := range c.in.Pods {
		if sp.Pod == nil {
			continue
		}
		for ctr := range servingContainers(sp.Pod) {
			for _, cp := range ctr.Ports {
				out = appendOnce(out, containerPortLabel(cp))
			}
		}
	}
	return out
}

// servingContainers are the pod's containers that can receive traffic:
// the containers and the native sidecars (restartable init containers),
// whose named ports EndpointSlices resolve since Kubernetes 1.32
// (kubernetes#127976, #128850). Other init containers have exited.
func servingContainers(p *corev1.Pod) iter.Seq[*corev1.Container] {
	return func(yield func(*corev1.Container) bool) {
		for i := range p.Spec.Containers {
			if !yield(&p.Spec.Containers[i]) {
				return
			}
		}
		for i := range p.Spec.InitContainers {
			c := &p.Spec.InitContainers[i]
			if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways && !yield(c) {
				return
			}
		}
	}
}

func containerPortLabel(cp corev1.ContainerPort) string {
	s := strconv.Itoa(int(cp.ContainerPort)) + "/" + string(protocolOf(cp.Protocol))
	if cp.Name == "" {
		return s
	}
	return cp.Name + " " + s
}

// podPortsEvidence says what each selected pod declares, one line a pod:
// "pod web-1: container web declares web 8080/TCP".
func (c *serviceContext) podPortsEvidence() []string {
	var out []string
	for _, sp := range c.in.Pods {
		if sp.Pod == nil || len(out) == maxListed {
			continue
		}
		var parts []string
		for ctr := range servingContainers(sp.Pod) {
			ports := make([]string, 0, len(ctr.Ports))
			for _, cp := range ctr.Ports {
				ports = append(ports, containerPortLabel(cp))
			}
			if len(ports) == 0 {
				parts = append(parts, "container "+ctr.Name+" declares no port")
				continue
			}
			parts = append(parts, "container "+ctr.Name+" declares "+strings.Join(ports, ", "))
		}
		out = append(out, "pod "+sp.Pod.Name+": "+strings.Join(parts, "; "))
	}
	return out
}
