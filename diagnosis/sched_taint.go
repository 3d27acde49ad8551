package diagnosis

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

var ruleUntoleratedTaint = Rule{Reason: ReasonUntoleratedTaint, Check: checkUntoleratedTaint}

// checkUntoleratedTaint: nodes carry NoSchedule / NoExecute taints the pod
// does not tolerate (seed 001: "Node 存在 Pod 没有容忍的污点"). Taints added
// from node conditions (not-ready, unreachable, *-pressure,
// network-unavailable, the cloud provider's uninitialized) say the node is
// unwell: fix the node, and the pod may recover by itself (Warning). A taint
// someone put there on purpose (control-plane, dedicated pools) needs a
// toleration or a different node (Critical).
func checkUntoleratedTaint(c *Context) (Finding, bool) {
	if !c.unscheduled() {
		return Finding{}, false
	}
	s := c.Scheduling()
	if s.Primary != ReasonUntoleratedTaint {
		return Finding{}, false
	}
	keys, texts := schedTaintsOf(c, s)
	// Evidence keeps every taint; the summary leaves out the control-plane
	// taint when a worker's taint is also in the way: the pod was never meant
	// for the control plane, the worker is what to fix.
	allTexts := strings.Join(texts, ", ")
	keys, texts = schedDropControlPlane(keys, texts)
	f := c.schedNodeFinding(s, Vars{})
	allAuto := len(keys) > 0
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(texts[i])
		m, known := schedTaintInfo(k)
		if known {
			sayTo(&b, c.Opts.Lang, phrase.TaintMeaning, "meaning", c.say(m.text))
		}
		allAuto = allAuto && known && m.auto
	}
	taints := b.String()
	if taints == "" {
		taints = c.say(phrase.TaintsUnnamed)
	} else {
		f.Evidence = append(f.Evidence, "untolerated taints: "+allTexts)
	}
	if allAuto {
		f.Severity = SeverityWarning
	}
	f.Vars["taints"] = taints
	f.Vars["taintNode"], f.Vars["taintKey"] = c.say(phrase.NodeNamePlaceholder), c.say(phrase.TaintKeyPlaceholder)
	if len(keys) > 0 {
		f.Vars["taintKey"] = keys[0]
		if n := schedNodeWithTaint(c, keys[0]); n != "" {
			f.Vars["taintNode"] = n
		}
	}
	return f, true
}

// schedNodeWithTaint names a node the pod could use that carries the
// untolerated taint key, "" when the nodes are not known.
func schedNodeWithTaint(c *Context, key string) string {
	for _, n := range c.In.Nodes {
		if n == nil || !schedNodeMatches(c.Pod, n) {
			continue
		}
		if t, ok := schedUntoleratedTaint(c.Pod, n); ok && t.Key == key {
			return n.Name
		}
	}
	return ""
}

// schedTaintsOf names the untolerated taints: from the Node objects when known
// (they carry the effect and are current), else from the message's braces.
// keys[i] is the taint key of texts[i] ("special=true:NoSchedule").
func schedTaintsOf(c *Context, s *Scheduling) (keys, texts []string) {
	for _, n := range c.In.Nodes {
		if n == nil || !schedNodeMatches(c.Pod, n) {
			continue
		}
		if t, ok := schedUntoleratedTaint(c.Pod, n); ok && schedIndexOf(keys, t.Key) < 0 {
			keys = append(keys, t.Key)
			texts = append(texts, schedTaintText(t))
		}
	}
	if len(keys) > 0 {
		return keys, texts
	}
	for _, sc := range s.Causes {
		if sc.Code != ReasonUntoleratedTaint || sc.Sub == "" {
			continue
		}
		for _, kv := range strings.Split(sc.Sub, ", ") {
			k, v, _ := strings.Cut(kv, ":")
			t := corev1.Taint{Key: strings.TrimSpace(k), Value: strings.TrimSpace(v)}
			if t.Key == "" || schedIndexOf(keys, t.Key) >= 0 {
				continue
			}
			keys = append(keys, t.Key)
			texts = append(texts, schedTaintText(&t))
		}
	}
	return keys, texts
}

// schedDropControlPlane removes the control-plane role taints when other
// taints remain.
func schedDropControlPlane(keys, texts []string) ([]string, []string) {
	isCP := func(k string) bool {
		return k == "node-role.kubernetes.io/control-plane" || k == "node-role.kubernetes.io/master"
	}
	other := false
	for _, k := range keys {
		other = other || !isCP(k)
	}
	if !other {
		return keys, texts
	}
	var ks, ts []string
	for i, k := range keys {
		if !isCP(k) {
			ks, ts = append(ks, k), append(ts, texts[i])
		}
	}
	return ks, ts
}
