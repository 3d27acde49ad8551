package diagnosis

import "strings"

var ruleVolumeNodeAffinityConflict = Rule{Reason: ReasonVolumeNodeAffinityConflict, Check: checkVolumeNodeAffinityConflict}

// checkVolumeNodeAffinityConflict: the pod's bound volumes pin it to a zone
// or to nodes where it cannot run (seed 001: "驱逐后其它可用节点与当前节点有状态应用
// 不在同一个可用区" — a zonal disk cannot follow the pod to another zone, and a
// local volume cannot leave its node).
func checkVolumeNodeAffinityConflict(c *Context) (Finding, bool) {
	if !c.unscheduled() {
		return Finding{}, false
	}
	s := c.Scheduling()
	if s.Primary != ReasonVolumeNodeAffinityConflict {
		return Finding{}, false
	}
	var vols []string
	var buf [4]string
	for _, name := range schedClaimNames(buf[:0], c.Pod) {
		v := name
		if pvc := c.In.PVCs[name]; pvc != nil && pvc.Spec.VolumeName != "" {
			v += " → PV " + pvc.Spec.VolumeName
		}
		vols = append(vols, v)
	}
	claims := strings.Join(vols, ", ")
	if claims == "" {
		claims = "?"
	}
	f := c.schedNodeFinding(s, Vars{"claims": claims})
	f.Evidence = append(f.Evidence, "volumes: "+claims)
	return f, true
}
