package diagnosis

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

var rulePVCNotBound = Rule{Reason: ReasonPVCNotBound, Check: checkPVCNotBound}

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
	var buf [4]string
	claims := schedClaimNames(buf[:0], c.Pod)
	if len(claims) == 0 && !schedMessageMentionsPVC(c) {
		return Finding{}, false
	}
	s := c.Scheduling()
	// The evidence is built only once the rule matches: most pods it sees are
	// unscheduled for another reason.
	found := func() Finding { return Finding{Evidence: c.schedEvidence(s), Since: c.schedSince(s)} }
	if c.In.PVCs != nil {
		for _, name := range claims {
			pvc, ok := c.In.PVCs[name]
			if !ok {
				f := found()
				f.Vars = Vars{"claim": name, "state": c.say(phrase.PVCMissing)}
				f.Evidence = append(f.Evidence, "PersistentVolumeClaim "+name+": not found in namespace "+c.Pod.Namespace)
				return f, true
			}
			if state, bad := schedClaimBroken(c, pvc); bad {
				f := found()
				f.Vars = Vars{"claim": name, "state": state}
				f.Evidence = append(f.Evidence, schedClaimEvidence(pvc))
				return c.withClaimCause(f, name), true
			}
		}
	}
	if s.Primary != ReasonPVCNotBound {
		return Finding{}, false
	}
	sc, _ := s.first(ReasonPVCNotBound)
	claim := sc.Sub
	if c.In.PVCs != nil {
		pvc := c.In.PVCs[claim]
		if pvc == nil {
			claim, pvc = schedFirstUnbound(c, claims)
		}
		if pvc == nil || pvc.Status.Phase == corev1.ClaimBound && sc.Kind == SchedPod {
			return Finding{}, false // every claim is Bound now: the message is stale
		}
		f := found()
		f.Evidence = append(f.Evidence, schedClaimEvidence(pvc))
		f.Vars = Vars{"claim": claim, "state": schedClaimState(c, pvc, sc)}
		return c.withClaimCause(f, claim), true
	}
	if claim == "" {
		claim = strings.Join(claims, ", ")
	}
	if claim == "" {
		claim = "?"
	}
	f := found()
	f.Vars = Vars{"claim": claim, "state": schedClaimState(c, nil, sc)}
	if strings.Contains(sc.Text, "ephemeral volume controller") {
		f.Severity = SeverityWarning // normal for a moment after creation
	}
	return f, true
}

// withClaimCause adds the claim's own diagnosis, when known, to the
// finding: the pod waits on the claim, and the claim names why it does not
// bind (design.md: "a pod's PVCNotBound summary names the PVC's cause").
func (c *Context) withClaimCause(f Finding, claim string) Finding {
	d := c.In.ClaimCauses[claim]
	if d == nil || d.Reason == ReasonUnclassified {
		return f // the claim's own raw facts add nothing to the pod's
	}
	f.Vars["state"] += c.say(phrase.PVCClaimCause, "reason", string(d.Reason), "summary", d.Summary)
	f.Evidence = append(f.Evidence, "PersistentVolumeClaim "+claim+" diagnosed "+string(d.Reason)+": "+d.Summary)
	return f
}

// schedClaimNames appends to out the claims the pod uses, generic ephemeral
// volumes included (their claim is named <pod>-<volume>). Callers pass a small
// array's slice so the common case allocates nothing.
func schedClaimNames(out []string, pod *corev1.Pod) []string {
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
	return s.has(ReasonPVCNotBound)
}

// schedClaimBroken reports the states that block a pod whatever the scheduler
// said last: being deleted, or Lost (its volume is gone).
func schedClaimBroken(c *Context, pvc *corev1.PersistentVolumeClaim) (string, bool) {
	if pvc.DeletionTimestamp != nil {
		return c.say(phrase.PVCDeleting), true
	}
	if pvc.Status.Phase == corev1.ClaimLost {
		return c.say(phrase.PVCLost, "volume", pvc.Spec.VolumeName), true
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
		return c.say(phrase.PVCNoMatchingPV)
	case "storage":
		return c.say(phrase.PVCNoStorage)
	case "lost":
		return c.say(phrase.PVCBoundToMissingPV)
	}
	if strings.Contains(sc.Text, "ephemeral volume controller") {
		return c.say(phrase.PVCEphemeralPending)
	}
	if strings.Contains(sc.Text, "not found") {
		return c.say(phrase.PVCMissing)
	}
	if strings.Contains(sc.Text, "being deleted") {
		return c.say(phrase.PVCBeingDeleted)
	}
	if pvc == nil {
		return c.say(phrase.PVCUnbound, "detail", Truncate(sc.Text, 100))
	}
	phase := string(pvc.Status.Phase)
	class := schedStorageClass(pvc)
	if class == "" {
		return c.say(phrase.PVCEmptyClass, "phase", phase)
	}
	if class == "<default>" {
		return c.say(phrase.PVCNoClass, "phase", phase)
	}
	return c.say(phrase.PVCClass, "phase", phase, "class", class)
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
