// Package storage diagnoses PersistentVolumeClaims (design.md, "Beyond
// pods"): why a claim stays Pending — a StorageClass that does not exist, a
// provisioner nothing runs, a provisioner that fails. Pure: plain API
// objects and a clock value in, a diagnosis.Result out.
//
// Decisions (docs/rules.md copies them):
//   - A claim is diagnosed only while Pending (an empty phase is the API's
//     default Pending); Bound and Lost claims never are (a pod using a Lost
//     claim shows PVCNotBound itself).
//   - A WaitForFirstConsumer claim no pod uses is normal, judged from its
//     class, or without the class list from the PV controller's newest
//     WaitForFirstConsumer notice.
//   - Grace: opts.GracePeriod from the claim's creation, or from the first
//     ExternalProvisioning notice when later (a WaitForFirstConsumer claim
//     is provisioned only once its pod is scheduled); RecheckAt when due.
//   - Order, first match wins: StorageClassNotFound (a named class missing
//     from the list, or the PV controller's `storageclass.storage.k8s.io "x"
//     not found` without the list; also no class while none is default),
//     ProvisioningFailed (the newest ProvisioningFailed/ProvisioningSucceeded
//     is a failure), ProvisionerNotRunning (an ExternalProvisioning notice
//     older than the grace period and no event from that provisioner since),
//     else Unclassified with the newest warning's reason and message.
//   - A claim with no storageClassName while no class is default is
//     StorageClassNotFound, not Unclassified: it asked for the default class,
//     which does not exist, and the fix is of the same kind (mark a class
//     default, or name one). storageClassName "" opts out of provisioning and
//     a claim bound by volumeName needs no class: neither is this code.
package storage

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
)

// Input is everything the engine looks at for one claim.
type Input struct {
	Claim *corev1.PersistentVolumeClaim
	// Events are the core/v1 Events about the claim (ProvisioningFailed,
	// ExternalProvisioning, Provisioning, WaitForFirstConsumer ...), any order.
	Events []corev1.Event
	// Classes are the cluster's StorageClasses; nil when not known.
	Classes []*storagev1.StorageClass
	// UsedBy names the pods that use the claim: a WaitForFirstConsumer
	// claim is normal until one does.
	UsedBy []string
	Now    time.Time
}
