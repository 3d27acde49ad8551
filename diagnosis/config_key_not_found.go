package diagnosis

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// ruleConfigKeyNotFound recognises a ConfigMap or Secret that exists but lacks
// the key the pod asks for: env `couldn't find key LOG_LEVEL in ConfigMap
// ns/app-config` (CreateContainerConfigError), or a volume's items
// `configmap references non-existent config key: app.yaml` / `references
// non-existent secret key: tls.crt` (FailedMount). Typical after a rename of
// the key on one side only, or a Secret created from a file with another name.
var ruleConfigKeyNotFound = Rule{Reason: ReasonConfigKeyNotFound, Check: checkConfigKeyNotFound}

func checkConfigKeyNotFound(c *Context) (Finding, bool) {
	if x, msg, ok := configErrorContainer(c, isConfigKeyNotFound); ok {
		key, kindWord, name := parseMissingKey(msg)
		kind := refConfigMap
		if kindWord == "Secret" {
			kind = refSecret
		}
		f := configErrorFinding(c, x)
		f.Vars = Vars{"key": key, "kind": kindWord, "name": name, "ref": refOrDefault(keyRef(x, kind, name, key))}
		return f, true
	}
	e, ok := findMountEvent(c, isConfigKeyNotFound)
	if !ok {
		return Finding{}, false
	}
	key := strings.TrimSpace(afterColon(e.Message, "non-existent config key:", "non-existent secret key:"))
	vol := eventVolume(e.Message)
	kindWord, name := volumeObject(c, vol, key)
	return Finding{Since: e.First, Evidence: []string{EventEvidence(e)},
		Vars: Vars{"key": key, "kind": kindWord, "name": name, "ref": refOrDefault("volume " + vol)}}, true
}

// parseMissingKey reads `couldn't find key K in ConfigMap ns/name`.
func parseMissingKey(msg string) (key, kind, name string) {
	i := indexFold(msg, "couldn't find key ")
	if i < 0 {
		return "?", "ConfigMap", "?"
	}
	rest := msg[i+len("couldn't find key "):]
	j := strings.Index(rest, " in ")
	if j < 0 {
		return rest, "ConfigMap", "?"
	}
	key, rest = rest[:j], rest[j+len(" in "):]
	kind, obj, _ := strings.Cut(rest, " ")
	if k := strings.IndexByte(obj, '/'); k >= 0 {
		obj = obj[k+1:]
	}
	return key, kind, strings.TrimRight(obj, `".:;`)
}

// keyRef names the env var whose keyRef asks for name/key in container x.
func keyRef(x Container, kind refKind, name, key string) string {
	if x.Spec == nil {
		return ""
	}
	for _, ev := range x.Spec.Env {
		if ev.ValueFrom == nil {
			continue
		}
		if r := ev.ValueFrom.ConfigMapKeyRef; kind == refConfigMap && r != nil && r.Name == name && r.Key == key {
			return "env " + ev.Name
		}
		if r := ev.ValueFrom.SecretKeyRef; kind == refSecret && r != nil && r.Name == name && r.Key == key {
			return "env " + ev.Name
		}
	}
	return ""
}

// volumeObject returns the kind and name of the object behind volume vol
// (for a projected volume, the source whose items name key).
func volumeObject(c *Context, vol, key string) (kind, name string) {
	for i := range c.Pod.Spec.Volumes {
		v := &c.Pod.Spec.Volumes[i]
		if v.Name != vol {
			continue
		}
		switch {
		case v.ConfigMap != nil:
			return "ConfigMap", v.ConfigMap.Name
		case v.Secret != nil:
			return "Secret", v.Secret.SecretName
		case v.Projected != nil:
			for _, s := range v.Projected.Sources {
				if s.ConfigMap != nil && hasKeyItem(s.ConfigMap.Items, key) {
					return "ConfigMap", s.ConfigMap.Name
				}
				if s.Secret != nil && hasKeyItem(s.Secret.Items, key) {
					return "Secret", s.Secret.Name
				}
			}
		}
	}
	return "ConfigMap", "?"
}

func hasKeyItem(items []corev1.KeyToPath, key string) bool {
	for _, it := range items {
		if it.Key == key {
			return true
		}
	}
	return false
}

// afterColon returns what follows the first marker found in s.
func afterColon(s string, markers ...string) string {
	for _, m := range markers {
		if i := strings.Index(s, m); i >= 0 {
			return s[i+len(m):]
		}
	}
	return ""
}
