package diagnosis

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

var rulePVCNotBound = Rule{Reason: codePVCNotBound, Check: checkPVCNotBound}

// checkPVCNotBound: a claim the pod uses is missing, being deleted, lost, or
// not bound (seed 002: "Pod 正在等待 PVC 持久化存储卷"). The claim objects,
// when known, are the current state: a missing claim blocks scheduling
// whatever the message says, and a message about an unbound claim is stale
// once every claim is Bound. A claim Pending with WaitForFirstConsumer is
// normal for an unscheduled pod, so Pending alone needs the scheduler to name
// the claim as the problem.
func checkPVCNotBound(c *Context) (Finding, bool) {
	if !c.unscheduled() {
		return Finding{}, false
	}
	claims := schedClaimNames(c.Pod)
	if len(claims) == 0 && !schedMessageMentionsPVC(c) {
		return Finding{}, false
	}
	s := c.Scheduling()
	f := Finding{Evidence: c.schedEvidence(s), Since: c.schedSince(s)}
	if c.In.PVCs != nil {
		for _, name := range claims {
			pvc, ok := c.In.PVCs[name]
			if !ok {
				f.Vars = Vars{"claim": name, "state": schedPick(c,
					"does not exist: create it or fix claimName in the pod template",
					"不存在：请创建该 PVC，或修正 Pod 模板中的 claimName")}
				f.Evidence = append(f.Evidence, "PersistentVolumeClaim "+name+": not found in namespace "+c.Pod.Namespace)
				return f, true
			}
			if state, bad := schedClaimBroken(c, pvc); bad {
				f.Vars = Vars{"claim": name, "state": state}
				f.Evidence = append(f.Evidence, schedClaimEvidence(pvc))
				return f, true
			}
		}
	}
	if s.Primary != codePVCNotBound {
		return Finding{}, false
	}
	sc, _ := s.first(codePVCNotBound)
	claim := sc.Sub
	if c.In.PVCs != nil {
		pvc := c.In.PVCs[claim]
		if pvc == nil {
			claim, pvc = schedFirstUnbound(c, claims)
		}
		if pvc == nil || pvc.Status.Phase == corev1.ClaimBound && sc.Kind == SchedPod {
			return Finding{}, false // every claim is Bound now: the message is stale
		}
		f.Evidence = append(f.Evidence, schedClaimEvidence(pvc))
		f.Vars = Vars{"claim": claim, "state": schedClaimState(c, pvc, sc)}
		return f, true
	}
	if claim == "" {
		claim = strings.Join(claims, ", ")
	}
	if claim == "" {
		claim = "?"
	}
	f.Vars = Vars{"claim": claim, "state": schedClaimState(c, nil, sc)}
	if strings.Contains(sc.Text, "ephemeral volume controller") {
		f.Severity = SeverityWarning // normal for a moment after creation
	}
	return f, true
}

// schedClaimNames lists the claims the pod uses, generic ephemeral volumes
// included (their claim is named <pod>-<volume>).
func schedClaimNames(pod *corev1.Pod) []string {
	var out []string
	for _, v := range pod.Spec.Volumes {
		switch {
		case v.PersistentVolumeClaim != nil:
			out = append(out, v.PersistentVolumeClaim.ClaimName)
		case v.Ephemeral != nil:
			out = append(out, pod.Name+"-"+v.Name)
		}
	}
	return out
}

func schedMessageMentionsPVC(c *Context) bool {
	s := c.Scheduling()
	return s.has(codePVCNotBound)
}

// schedClaimBroken reports the states that block a pod whatever the scheduler
// said last: being deleted, or Lost (its volume is gone).
func schedClaimBroken(c *Context, pvc *corev1.PersistentVolumeClaim) (string, bool) {
	if pvc.DeletionTimestamp != nil {
		return schedPick(c, "is being deleted, and the pvc-protection finalizer keeps it while any pod, this one included, uses it: scale the workload down, let the claim go, then recreate it",
			"正在被删除，而只要还有 Pod（包括这个）在引用它，pvc-protection finalizer 就不会放行：先缩容工作负载让 PVC 删除完成，再重新创建"), true
	}
	if pvc.Status.Phase == corev1.ClaimLost {
		return schedPick(c, "is Lost: its PersistentVolume \""+pvc.Spec.VolumeName+"\" no longer exists",
			"处于 Lost 状态：绑定的 PersistentVolume \""+pvc.Spec.VolumeName+"\" 已不存在"), true
	}
	return "", false
}

func schedFirstUnbound(c *Context, claims []string) (string, *corev1.PersistentVolumeClaim) {
	for _, name := range claims {
		if pvc := c.In.PVCs[name]; pvc != nil && pvc.Status.Phase != corev1.ClaimBound {
			return name, pvc
		}
	}
	return "", nil
}

// schedClaimState says why the claim is not usable, naming its StorageClass.
func schedClaimState(c *Context, pvc *corev1.PersistentVolumeClaim, sc SchedCause) string {
	switch sc.Sub {
	case "bind":
		return schedPick(c, "is unbound: no node has a PersistentVolume that matches it (static / local volumes)",
			"未绑定：没有任何节点上有与之匹配的 PersistentVolume（静态/本地卷）")
	case "storage":
		return schedPick(c, "cannot be provisioned: no node's topology has enough free storage",
			"无法创建卷：没有任何节点所在拓扑有足够的存储容量")
	case "lost":
		return schedPick(c, "is bound to a PersistentVolume that no longer exists",
			"绑定的 PersistentVolume 已不存在")
	}
	if strings.Contains(sc.Text, "ephemeral volume controller") {
		return schedPick(c, "has not been created yet by the ephemeral volume controller (kube-controller-manager)",
			"尚未被临时卷控制器（kube-controller-manager）创建")
	}
	if strings.Contains(sc.Text, "not found") {
		return schedPick(c, "does not exist: create it or fix claimName in the pod template",
			"不存在：请创建该 PVC，或修正 Pod 模板中的 claimName")
	}
	if strings.Contains(sc.Text, "being deleted") {
		return schedPick(c, "is being deleted", "正在被删除")
	}
	if pvc == nil {
		return schedPick(c, "is not bound to a PersistentVolume ("+Truncate(sc.Text, 100)+")",
			"未绑定 PersistentVolume（"+Truncate(sc.Text, 100)+"）")
	}
	class := schedStorageClass(pvc)
	if class == "" {
		return schedPick(c, "is "+string(pvc.Status.Phase)+" with storageClassName \"\": only a pre-created PersistentVolume without a class can bind it",
			"处于 "+string(pvc.Status.Phase)+"，storageClassName 为空：只能绑定预先创建、不带 StorageClass 的 PV")
	}
	if class == "<default>" {
		return schedPick(c, "is "+string(pvc.Status.Phase)+" without storageClassName: no default StorageClass provisions it, or no PersistentVolume matches",
			"处于 "+string(pvc.Status.Phase)+"，未指定 storageClassName：没有默认 StorageClass 为它创建卷，也没有匹配的 PV")
	}
	return schedPick(c, "is "+string(pvc.Status.Phase)+" (StorageClass \""+class+"\"): no volume was provisioned or bound",
		"处于 "+string(pvc.Status.Phase)+"（StorageClass \""+class+"\"）：卷没有被创建或绑定")
}

// schedStorageClass: "" for an explicit empty class, "<default>" when unset.
func schedStorageClass(pvc *corev1.PersistentVolumeClaim) string {
	if pvc.Spec.StorageClassName == nil {
		if v := pvc.Annotations["volume.beta.kubernetes.io/storage-class"]; v != "" {
			return v
		}
		return "<default>"
	}
	return *pvc.Spec.StorageClassName
}

func schedClaimEvidence(pvc *corev1.PersistentVolumeClaim) string {
	s := "PersistentVolumeClaim " + pvc.Name + ": phase " + string(pvc.Status.Phase)
	if pvc.Status.Phase == "" {
		s = "PersistentVolumeClaim " + pvc.Name + ": no phase"
	}
	s += ", storageClassName " + schedStorageClass(pvc)
	if pvc.Spec.VolumeName != "" {
		s += ", volumeName " + pvc.Spec.VolumeName
	}
	if pvc.DeletionTimestamp != nil {
		s += ", deletion requested"
	}
	return s
}
