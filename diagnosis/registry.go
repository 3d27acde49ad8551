package diagnosis

// registry is the ordered rule list. Order is precedence: the first rule whose
// cause is present names the pod's one root cause. Each group's own order is
// set in its file; the groups are ordered from the outermost cause inwards —
// a pod stuck in deletion or lost with its node is that before anything else;
// an unscheduled pod has no containers to fail; a sandbox that cannot start
// hides every container; volumes mount before images matter; a container must
// be created (image, config) before it can crash; readiness comes last.
var registry = concatRules(
	terminationRules,
	schedulingRules,
	sandboxRules,
	volumeRules,
	imageRules,
	configRules,
	crashRules,
	probeRules,
)

// allEntries is the whole catalog: every group's entries plus the fallback.
func allEntries() []Entry {
	return concatEntries(
		schedulingEntries,
		imageEntries,
		configEntries,
		runtimeEntries,
		volumeEntries,
		crashEntries,
		probeEntries,
		terminationEntries,
		unknownEntries,
		workloadEntries,
		networkEntries,
		storageEntries,
	)
}

func concatRules(groups ...[]Rule) []Rule {
	var out []Rule
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

func concatEntries(groups ...[]Entry) []Entry {
	var out []Entry
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// RuleReasons lists the reason of every registered rule in precedence order.
func RuleReasons() []Reason {
	out := make([]Reason, 0, len(registry))
	for _, r := range registry {
		out = append(out, r.Reason)
	}
	return out
}
