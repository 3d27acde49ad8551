package diagnosis

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// What the config rules share: reading the kubelet's CreateContainerConfigError
// and FailedMount messages, and finding in the spec which reference (env,
// envFrom, volume) names the missing object so the summary says where to look.
//
// The kubelet's wordings (pkg/kubelet/kubelet_pods.go, pkg/volume/configmap,
// pkg/volume/secret, 1.20 through 1.37):
//   - env / envFrom:  `configmap "app-config" not found`, `secret "db" not found`
//     (the configmap / secret managers' NotFound; `configmaps "x" not found`
//     when it comes straight from the API server);
//   - env key:        `couldn't find key LOG_LEVEL in ConfigMap ns/app-config`
//     (before 1.14: `Couldn't find key ...`),
//     `couldn't find key password in Secret ns/db`;
//   - volume:         `MountVolume.SetUp failed for volume "cfg" : configmap
//     "app-config" not found`, `... : configmap references non-existent config
//     key: app.yaml`, `... : references non-existent secret key: tls.crt`.

const waitingConfigError = "CreateContainerConfigError"

// configErrorContainer returns the first container (init first) waiting in
// CreateContainerConfigError whose message satisfies match.
func configErrorContainer(c *Context, match func(string) bool) (Container, string, bool) {
	for _, x := range c.Containers {
		if r, m := x.Waiting(); r == waitingConfigError && match(m) {
			return x, m, true
		}
	}
	return Container{}, "", false
}

// configErrorFinding is the finding for a container stuck in CreateContainerConfigError.
func configErrorFinding(c *Context, x Container) Finding {
	f := Finding{Evidence: []string{WaitingEvidence(x)}}.InContainer(x)
	if e, ok := containerEvent(c, x); ok {
		f.Evidence = append(f.Evidence, EventEvidence(e))
		f.Since = e.First
	}
	return f
}

// notFoundName returns x from `<kind> "x" not found` or `<kind>s "x" not found`.
func notFoundName(msg, kind string) string {
	for _, k := range [2]string{kind + ` "`, kind + `s "`} {
		for s := msg; ; {
			i := strings.Index(s, k)
			if i < 0 {
				break
			}
			s = s[i+len(k):]
			j := strings.IndexByte(s, '"')
			if j < 0 {
				break
			}
			if strings.HasPrefix(s[j:], `" not found`) {
				return s[:j]
			}
		}
	}
	return ""
}

func isConfigMapNotFound(msg string) bool { return notFoundName(msg, "configmap") != "" }
func isSecretNotFound(msg string) bool    { return notFoundName(msg, "secret") != "" }

// isConfigKeyNotFound covers the env form and both volume forms.
// Kubelets before 1.14 capitalise the env form ("Couldn't find key ...").
func isConfigKeyNotFound(msg string) bool {
	return containsFold(msg, "couldn't find key ") || strings.Contains(msg, "references non-existent")
}

// isConfigMountFailure is a mount failure that the config rules own.
func isConfigMountFailure(msg string) bool {
	return isConfigMapNotFound(msg) || isSecretNotFound(msg) || isConfigKeyNotFound(msg)
}

// refKind says how a pod uses a ConfigMap or a Secret.
type refKind int

const (
	refConfigMap refKind = iota
	refSecret
)

// configRef names the reference to object name in the spec: `env LOG_LEVEL`
// or `envFrom` in container x (nil: any container), or `volume cfg`. It
// returns "" when the spec does not mention it (a projected service-account
// source, an object named only in the message).
func configRef(pod *corev1.Pod, x *corev1.Container, kind refKind, name string) string {
	if x != nil {
		if r := containerConfigRef(x, kind, name); r != "" {
			return r
		}
	}
	for i := range pod.Spec.Volumes {
		if volumeRefers(&pod.Spec.Volumes[i], kind, name) {
			return "volume " + pod.Spec.Volumes[i].Name
		}
	}
	if x == nil {
		for _, list := range [2][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
			for i := range list {
				if r := containerConfigRef(&list[i], kind, name); r != "" {
					return r + " (container " + list[i].Name + ")"
				}
			}
		}
	}
	return ""
}

func containerConfigRef(x *corev1.Container, kind refKind, name string) string {
	for _, ef := range x.EnvFrom {
		if kind == refConfigMap && ef.ConfigMapRef != nil && ef.ConfigMapRef.Name == name ||
			kind == refSecret && ef.SecretRef != nil && ef.SecretRef.Name == name {
			return "envFrom"
		}
	}
	for _, ev := range x.Env {
		if ev.ValueFrom == nil {
			continue
		}
		if kind == refConfigMap && ev.ValueFrom.ConfigMapKeyRef != nil && ev.ValueFrom.ConfigMapKeyRef.Name == name ||
			kind == refSecret && ev.ValueFrom.SecretKeyRef != nil && ev.ValueFrom.SecretKeyRef.Name == name {
			return "env " + ev.Name
		}
	}
	return ""
}

func volumeRefers(v *corev1.Volume, kind refKind, name string) bool {
	switch kind {
	case refConfigMap:
		if v.ConfigMap != nil && v.ConfigMap.Name == name {
			return true
		}
	case refSecret:
		if v.Secret != nil && v.Secret.SecretName == name {
			return true
		}
	}
	if v.Projected != nil {
		for _, s := range v.Projected.Sources {
			if kind == refConfigMap && s.ConfigMap != nil && s.ConfigMap.Name == name ||
				kind == refSecret && s.Secret != nil && s.Secret.Name == name {
				return true
			}
		}
	}
	return false
}

// refOrDefault keeps the summary readable when the spec names nothing.
func refOrDefault(ref string) string { return orDefault(ref, "the pod spec") }

// notFoundFinding is the shared body of ConfigMapNotFound and SecretNotFound:
// a container stuck in CreateContainerConfigError first, else a current
// FailedMount; name is the missing object, ref where the spec uses it.
func notFoundFinding(c *Context, kind refKind, match func(string) bool, kindWord string) (Finding, bool) {
	if x, msg, ok := configErrorContainer(c, match); ok {
		name := notFoundName(msg, kindWord)
		f := configErrorFinding(c, x)
		f.Vars = Vars{"name": name, "ref": refOrDefault(configRef(c.Pod, x.Spec, kind, name))}
		return f, true
	}
	if e, ok := findMountEvent(c, match); ok {
		name := notFoundName(e.Message, kindWord)
		ref := ""
		if v := eventVolume(e.Message); v != "" {
			ref = "volume " + v
		}
		if ref == "" {
			ref = configRef(c.Pod, nil, kind, name)
		}
		return Finding{Since: e.First, Evidence: []string{EventEvidence(e)}, Vars: Vars{"name": name, "ref": refOrDefault(ref)}}, true
	}
	return Finding{}, false
}
