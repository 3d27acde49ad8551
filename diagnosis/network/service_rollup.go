package network

import "github.com/pod-doctor/pod-doctor/diagnosis"

// rollupPods: the Service carries its pods' dominant cause with their own
// code (design.md, "One vocabulary of causes"): a Service whose pods fail
// their readiness probe is ReadinessProbeFailed, not a symptom code.
func rollupPods(c *serviceContext) (verdict, bool) {
	if !c.unserved() {
		return verdict{}, false
	}
	pods := make([]diagnosis.PodVerdict, 0, len(c.in.Pods))
	for _, p := range c.in.Pods {
		if p.Pod == nil {
			continue
		}
		pods = append(pods, diagnosis.PodVerdict{Name: p.Pod.Name, Created: p.Pod.CreationTimestamp.Time, Diagnosis: p.Diagnosis})
	}
	d := diagnosis.Dominant(pods, c.opts.Lang)
	if d == nil {
		return verdict{}, false
	}
	return verdict{carried: d, due: c.graceEnd}, true
}
