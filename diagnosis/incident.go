package diagnosis

// IncidentKey names the fact that many objects failing for one reason
// share — the node, the registry, the ConfigMap, the quota, the webhook —
// so that "14 pods · NodeLost · node worker-3" is seen as one incident
// instead of fourteen. Var is the finding's fact (a {placeholder} of the
// code's texts); Label says what it is; Namespaced keys are only shared
// within a namespace; Bounded keys have few values in any cluster (nodes,
// registries) and may label a metric.
type IncidentKey struct {
	Var, Label string
	Namespaced bool
	Bounded    bool
}

var (
	byNode     = IncidentKey{Var: "node", Label: "node", Bounded: true}
	byRegistry = IncidentKey{Var: "host", Label: "registry", Bounded: true}
)

// incidentKeys are the codes whose objects group into incidents. A code
// without one (a crash, a probe) is a property of each workload, not of
// something they share.
var incidentKeys = map[Reason]IncidentKey{
	ReasonNodeLost: byNode, ReasonNodeShutdown: byNode, ReasonNodeDiskFull: byNode, ReasonNodeDiskIOError: byNode,
	ReasonNodeMemoryAllocationFailed: byNode, ReasonContainerRuntimeError: byNode, ReasonCNIFailure: byNode,
	ReasonPodIPExhausted:      byNode,
	ReasonRegistryUnreachable: byRegistry, ReasonImagePullRateLimited: byRegistry, ReasonRegistryCertUntrusted: byRegistry,
	ReasonRegistryInsecureHTTP: byRegistry, ReasonImagePullTimeout: byRegistry,
	ReasonConfigMapNotFound:           {Var: "name", Label: "ConfigMap", Namespaced: true},
	ReasonSecretNotFound:              {Var: "name", Label: "Secret", Namespaced: true},
	ReasonQuotaExceeded:               {Var: "quota", Label: "ResourceQuota", Namespaced: true},
	ReasonAdmissionWebhookUnavailable: {Var: "webhook", Label: "webhook"},
}

// IncidentKeyOf returns the incident key of a code, false when it has none.
func IncidentKeyOf(r Reason) (IncidentKey, bool) {
	k, ok := incidentKeys[r]
	return k, ok
}

// incident renders the diagnosis' incident from its facts: "node worker-3",
// "ConfigMap shop/app-config"; "" when the code has no key or the fact is
// unknown.
func incident(r Reason, ns string, lookup func(string) (string, bool)) string {
	k, ok := incidentKeys[r]
	if !ok {
		return ""
	}
	v, ok := lookup(k.Var)
	if !ok || v == "" {
		return ""
	}
	if k.Namespaced {
		v = ns + "/" + v
	}
	return k.Label + " " + v
}
