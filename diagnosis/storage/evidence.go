package storage

import (
	"regexp"
	"strings"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// The PV controller's texts (pkg/controller/volume/persistentvolume/pv_controller.go):
// the class lister's NotFound error, and the ExternalProvisioning notice in
// its 1.28+ form ('x') and its older form ("x").
var (
	classNotFoundRE = regexp.MustCompile(`storageclass\.storage\.k8s\.io "([^"]+)" not found`)
	waitingNewRE    = regexp.MustCompile(`by the external provisioner '([^']+)'`)
	waitingOldRE    = regexp.MustCompile(`by external provisioner "([^"]+)"`)
)

// notFoundClass is the class a ProvisioningFailed message says is missing.
func notFoundClass(msg string) string {
	if m := classNotFoundRE.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return ""
}

// waitedFor is the provisioner an ExternalProvisioning notice waits for.
func waitedFor(msg string) string {
	if m := waitingNewRE.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	if m := waitingOldRE.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return ""
}

// claimEvidence states the claim as the API shows it.
func (v *view) claimEvidence() string {
	c := v.in.Claim
	var b strings.Builder
	b.WriteString("claim phase Pending, storageClassName: ")
	switch {
	case v.classSet && v.className == "":
		b.WriteString(`"" (no dynamic provisioning)`)
	case v.classSet:
		b.WriteString(v.className)
	default:
		b.WriteString("not set")
	}
	if c.Spec.VolumeName != "" {
		b.WriteString(", volumeName: " + c.Spec.VolumeName)
	}
	if len(v.in.UsedBy) > 0 {
		b.WriteString(", used by pod " + strings.Join(v.in.UsedBy, ", "))
	}
	return b.String()
}

// classesEvidence lists the cluster's classes, the default one marked.
func (v *view) classesEvidence() string {
	names := make([]string, 0, len(v.in.Classes))
	def := defaultClass(v.in.Classes)
	for _, sc := range v.in.Classes {
		if sc == nil {
			continue
		}
		if sc == def {
			names = append(names, sc.Name+" (default)")
			continue
		}
		names = append(names, sc.Name)
	}
	if len(names) == 0 {
		return "StorageClasses in the cluster: none"
	}
	return "StorageClasses in the cluster: " + strings.Join(names, ", ")
}

// classEvidence describes the claim's class, "" when it is not known.
func (v *view) classEvidence() string {
	sc := v.class
	if sc == nil {
		return ""
	}
	s := "StorageClass " + sc.Name + ": provisioner " + sc.Provisioner
	if sc.VolumeBindingMode != nil {
		s += ", volumeBindingMode " + string(*sc.VolumeBindingMode)
	}
	return s
}

// appendEvidence adds the non-empty lines.
func appendEvidence(list []string, lines ...string) []string {
	for _, l := range lines {
		if l != "" {
			list = append(list, l)
		}
	}
	return list
}

// eventLine renders an event, "" for none.
func eventLine(e *diagnosis.Event) string {
	if e == nil {
		return ""
	}
	return diagnosis.EventEvidence(*e)
}
