package snapshot

import (
	"github.com/pod-doctor/pod-doctor/diagnosis/namespace"
	"github.com/pod-doctor/pod-doctor/diagnosis/storage"
)

// claims diagnoses every PersistentVolumeClaim.
func (d *diagnoser) claims() []Verdict {
	var out []Verdict
	for _, c := range d.objs.Claims {
		in := storage.Input{Claim: c, Events: d.x.events("PersistentVolumeClaim", c), Now: d.now,
			UsedBy: d.x.claimUsers[c.Namespace+"/"+c.Name]}
		if d.objs.Known["StorageClass"] {
			in.Classes = orEmpty(d.objs.StorageClasses)
		}
		out = append(out, Verdict{Object: ObjectOf("PersistentVolumeClaim", c), Diagnosis: storage.Diagnose(in, d.opts).Diagnosis})
	}
	return out
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
