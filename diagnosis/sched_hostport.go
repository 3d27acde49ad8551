package diagnosis

import (
	"strconv"
	"strings"
)

var ruleHostPortConflict = Rule{Reason: ReasonHostPortConflict, Check: checkHostPortConflict}

// checkHostPortConflict: the hostPort the pod asks for is already bound on
// every node it could use (seeds 000, 003, 004: "HostPort 已被占用，通常推荐使用
// Service 对外开放服务端口"). Typical: more replicas than nodes, a rolling
// update whose new pod waits for the old one's port, or a DaemonSet whose port
// another pod (k3s servicelb, an ingress controller) already holds.
func checkHostPortConflict(c *Context) (Finding, bool) {
	if !c.unscheduled() {
		return Finding{}, false
	}
	s := c.Scheduling()
	if s.Primary != ReasonHostPortConflict {
		return Finding{}, false
	}
	ports := schedHostPorts(c)
	f := c.schedNodeFinding(s, Vars{"ports": ports, "portNode": c.say(phrase.NodeNamePlaceholder)})
	f.Evidence = append(f.Evidence, "requested host ports: "+ports)
	for _, n := range c.In.Nodes {
		// The port is taken on every node the pod could use: any of them shows who holds it.
		if n != nil && schedNodeMatches(c.Pod, n) {
			f.Vars["portNode"] = n.Name
			break
		}
	}
	return f, true
}

// schedHostPorts renders the host ports the pod binds: "80/TCP, 443/TCP".
// With hostNetwork every container port is a host port.
func schedHostPorts(c *Context) string {
	var parts []string
	for _, x := range c.Containers {
		if x.Spec == nil {
			continue
		}
		for _, p := range x.Spec.Ports {
			port := p.HostPort
			if port == 0 && c.Pod.Spec.HostNetwork {
				port = p.ContainerPort
			}
			if port == 0 {
				continue
			}
			proto := string(p.Protocol)
			if proto == "" {
				proto = "TCP"
			}
			s := strconv.Itoa(int(port)) + "/" + proto
			if p.HostIP != "" {
				s = p.HostIP + ":" + s
			}
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "?"
	}
	return strings.Join(parts, ", ")
}
