package snapshot

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis/namespace"
	"github.com/pod-doctor/pod-doctor/diagnosis/storage"
)

// claims diagnoses every PersistentVolumeClaim.
func (d *diagnoser) claims() []Verdict {
	var out []Verdict
	for _, c := range d.objs.Claims {
		in := d.claimInput(c, d.x.claimUsers[c.Namespace+"/"+c.Name])
		out = append(out, Verdict{Object: ObjectOf("PersistentVolumeClaim", c), Diagnosis: storage.Diagnose(in, d.opts).Diagnosis})
	}
	return out
}

// claimInput is the storage engine's input for one claim and its users.
func (d *diagnoser) claimInput(c *corev1.PersistentVolumeClaim, users []string) storage.Input {
	in := storage.Input{Claim: c, Events: d.x.events("PersistentVolumeClaim", c), Now: d.now, UsedBy: users}
	if d.objs.Known["StorageClass"] {
		in.Classes = orEmpty(d.objs.StorageClasses)
	}
	return in
}

// namespaces diagnoses every Namespace.
func (d *diagnoser) namespaces() []Verdict {
	var out []Verdict
	for _, ns := range d.objs.Namespaces {
		in := namespace.Input{Namespace: ns, Now: d.now}
		out = append(out, Verdict{Object: ObjectOf("Namespace", ns), Diagnosis: namespace.Diagnose(in, d.opts).Diagnosis})
	}
	return out
}
