package storage

import (
	"slices"
	"strings"
	"time"

	storagev1 "k8s.io/api/storage/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// The API values the rules read: event reasons and sources of the PV
// controller (pkg/controller/volume/events) and of external provisioners
// (sig-storage-lib-external-provisioner), and the annotations that carry a
// claim's class and provisioner.
const (
	// eventProvisioningFailed is the event reason the PV controller and
	// external-provisioner write when an attempt fails. It is spelled like
	// the catalog code ProvisioningFailed because it is the API's own value.
	eventProvisioningFailed    = "ProvisioningFailed"
	eventProvisioningSucceeded = "ProvisioningSucceeded"
	// eventProvisioning: an external provisioner started an attempt.
	eventProvisioning = "Provisioning"
	// eventExternalProvisioning: the PV controller waits for an external
	// provisioner; it repeats the notice on every resync, so it is no outcome.
	eventExternalProvisioning = "ExternalProvisioning"
	eventWaitForFirstConsumer = "WaitForFirstConsumer"
	pvController              = "persistentvolume-controller"

	annStorageProvisioner     = "volume.kubernetes.io/storage-provisioner"
	annBetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner"
	// annBetaStorageClass still wins over spec.storageClassName in the PV
	// controller (storagehelpers.GetPersistentVolumeClaimClass).
	annBetaStorageClass = "volume.beta.kubernetes.io/storage-class"
	annDefaultClass     = "storageclass.kubernetes.io/is-default-class"
	annBetaDefaultClass = "storageclass.beta.kubernetes.io/is-default-class"
)

// view holds what the rules read about one claim, computed once.
type view struct {
	in   Input
	opts diagnosis.Options
	obj  diagnosis.Object
	// events are the claim's events, newest first.
	events []diagnosis.Event
	// className is the class the claim asks for: its own (annotation or
	// spec), else the default class; "" when it has none.
	className string
	// classSet says the claim names a class itself ("" included); unset
	// means "the default class".
	classSet     bool
	classesKnown bool
	// class is the StorageClass named className; nil when missing or unknown.
	class *storagev1.StorageClass
	// ext is the newest ExternalProvisioning notice, outcome the newest
	// ProvisioningFailed or ProvisioningSucceeded; nil when none.
	ext, outcome *diagnosis.Event
}

func newView(in Input, opts diagnosis.Options) *view {
	c := in.Claim
	v := &view{in: in, opts: opts, events: diagnosis.NormalizeEvents(in.Events), classesKnown: in.Classes != nil,
		obj: diagnosis.Object{Kind: "PersistentVolumeClaim", Namespace: c.Namespace, Name: c.Name, Created: c.CreationTimestamp.Time}}
	if name, ok := c.Annotations[annBetaStorageClass]; ok {
		v.className, v.classSet = name, true
	} else if c.Spec.StorageClassName != nil {
		v.className, v.classSet = *c.Spec.StorageClassName, true
	} else if d := defaultClass(in.Classes); d != nil {
		v.className = d.Name
	}
	for _, sc := range in.Classes {
		if sc != nil && v.className != "" && sc.Name == v.className {
			v.class = sc
		}
	}
	for i := range v.events {
		e := &v.events[i]
		switch {
		case e.Reason == eventExternalProvisioning && v.ext == nil:
			v.ext = e
		case (e.Reason == eventProvisioningFailed || e.Reason == eventProvisioningSucceeded) && v.outcome == nil:
			v.outcome = e
		}
	}
	return v
}

// defaultClass is the class a claim without one gets: the newest of those
// marked default, as the DefaultStorageClass admission plugin picks it.
func defaultClass(classes []*storagev1.StorageClass) *storagev1.StorageClass {
	var best *storagev1.StorageClass
	for _, sc := range classes {
		if sc == nil || (sc.Annotations[annDefaultClass] != "true" && sc.Annotations[annBetaDefaultClass] != "true") {
			continue
		}
		if best == nil || sc.CreationTimestamp.After(best.CreationTimestamp.Time) {
			best = sc
		}
	}
	return best
}

// waitsForConsumer: a WaitForFirstConsumer claim no pod uses is normal.
// Without the class list the PV controller's newest notice says it.
func (v *view) waitsForConsumer() bool {
	if len(v.in.UsedBy) > 0 {
		return false
	}
	if v.class != nil {
		m := v.class.VolumeBindingMode
		return m != nil && *m == storagev1.VolumeBindingWaitForFirstConsumer
	}
	for _, e := range v.events {
		if e.Source == pvController || e.Source == "" {
			return e.Reason == eventWaitForFirstConsumer
		}
	}
	return false
}

// graceStart is when provisioning was due to begin: the claim's creation,
// or the first ExternalProvisioning notice when later (a WaitForFirstConsumer
// claim is provisioned only once its pod is scheduled).
func (v *view) graceStart() time.Time {
	if v.ext != nil && v.ext.First.After(v.obj.Created) {
		return v.ext.First
	}
	return v.obj.Created
}

// provisioner names who provisions the claim: the PV controller's
// annotation on it, the event's source (an external provisioner's source
// is "<name>_<host>_<uuid>"), the class, or the waiting notice.
func (v *view) provisioner(e *diagnosis.Event) string {
	a := v.in.Claim.Annotations
	switch {
	case a[annStorageProvisioner] != "":
		return a[annStorageProvisioner]
	case a[annBetaStorageProvisioner] != "":
		return a[annBetaStorageProvisioner]
	case e != nil && e.Source != "" && e.Source != pvController:
		name, _, _ := strings.Cut(e.Source, "_")
		return name
	case v.class != nil && v.class.Provisioner != "":
		return v.class.Provisioner
	case v.ext != nil && waitedFor(v.ext.Message) != "":
		return waitedFor(v.ext.Message)
	case e != nil && e.Source != "":
		return e.Source
	}
	return pvController
}

// grepTerm is the word to find a provisioner's pods by: pods are named
// after the driver's first label ("ebs" of ebs.csi.aws.com) or the last
// path segment ("local-path" of rancher.io/local-path), never after the
// generic labels.
func grepTerm(provisioner string) string {
	if i := strings.LastIndexByte(provisioner, '/'); i >= 0 && i < len(provisioner)-1 {
		return provisioner[i+1:]
	}
	for _, label := range strings.Split(provisioner, ".") {
		if label != "" && !slices.Contains([]string{"driver", "csi", "provisioner"}, label) {
			return label
		}
	}
	return provisioner
}

// classVar is the class name for a hint's command.
func (v *view) classVar() string {
	if v.className == "" {
		return "<class>"
	}
	return v.className
}
