package diagnosis

import "strings"

// rulePodIPExhausted recognises a CNI IPAM that has no address left for the
// pod (seeds 000/001/003: 无法分配 Pod IP; seed 004: "ip 地址溢出"). It runs
// before CNIFailure because the message is wrapped in the same "failed to
// setup network for sandbox" as every other CNI error, but the fix differs:
// free or add addresses, not repair the plugin.
var rulePodIPExhausted = Rule{Reason: ReasonPodIPExhausted, Check: checkPodIPExhausted}

func checkPodIPExhausted(c *Context) (Finding, bool) {
	e, ok := findSandboxEvent(c, isSandboxFailure, isIPExhausted)
	if !ok {
		return Finding{}, false
	}
	f := sandboxFinding(c, e)
	f.Since = firstSeen(c, isSandboxFailure, isIPExhausted, f.Since)
	f.Vars = Vars{"plugin": cniPlugin(e.Message), "error": cniErrorText(e.Message)}
	return f, true
}

// ipExhaustedNeedles are the IPAM plugins' own words for "no address left":
//   - host-local (plugins/ipam/host-local/backend/allocator): "failed to
//     allocate for range 0: no IP addresses available in range set: A-B";
//   - calico-ipam ≥ 3.20: "failed to request IPv4 addresses: Assigned 0 out of
//     1 requested IPv4 addresses; No more free affine blocks and strict affinity
//     enabled", older: "failed to request 1 IPv4 addresses. IPAM allocated only 0",
//     and "cannot allocate new block due to per host block limit";
//   - amazon-vpc-cni: "add cmd: failed to assign an IP address to container";
//   - cilium: "unable to allocate IP via local cilium agent: ... range is full".
var ipExhaustedNeedles = []string{
	"no IP addresses available in range set",
	"failed to allocate for range",
	"requested IPv4 addresses", "requested IPv6 addresses",
	"IPAM allocated only",
	"No more free affine blocks", "no more free affine blocks",
	"per host block limit",
	"pools are likely exhausted",
	"failed to assign an IP address to container",
	"range is full",
}

func isIPExhausted(msg string) bool { return containsAny(msg, ipExhaustedNeedles) }

// cniPlugin names the plugin from libcni's `plugin type="calico"` wrapper
// (containerd, CRI-O), or from wording only one plugin uses (dockershim
// dropped the type), or says "CNI".
func cniPlugin(msg string) string {
	if p := quoted(msg, `plugin type="`); p != "" {
		return p
	}
	if p := quoted(msg, `plugin type=\"`); p != "" {
		return p
	}
	switch {
	case strings.Contains(msg, "in range set"):
		return "host-local"
	case strings.Contains(msg, "affine blocks") || strings.Contains(msg, "IPAM allocated only") || strings.Contains(msg, "calico"):
		return "calico"
	case strings.Contains(msg, "failed to assign an IP address to container"):
		return "aws-cni"
	case strings.Contains(msg, "cilium"):
		return "cilium"
	case strings.Contains(msg, "flannel"):
		return "flannel"
	}
	return "CNI"
}

// cniErrorText keeps the plugin's own error: what follows libcni's
// `failed (add): `, or dockershim's `network: `, else the runtime's text.
func cniErrorText(msg string) string {
	s := oneLine(msg)
	if i := strings.LastIndex(s, "failed (add): "); i >= 0 {
		return errorText(s[i+len("failed (add): "):])
	}
	if i := strings.LastIndex(s, `" network: `); i >= 0 {
		return errorText(s[i+len(`" network: `):])
	}
	return runtimeErrorText(s)
}
