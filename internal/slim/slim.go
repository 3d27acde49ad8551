// Package slim drops, in place, what the engines never read of the objects
// they are given, before those objects are kept: the controller's caches
// and a live `diagnose` both hold every event and node of a cluster, and at
// the Kubernetes limit that is hundreds of thousands of them.
package slim

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// MaxEventMessage caps an event's message. The engine quotes at most a few
// hundred bytes (evidence lines are cut at 200); the cap leaves room for
// substring matching.
const MaxEventMessage = 2048

// Event keeps what the engines read of an event: type, reason, message
// (capped), source component, counts and times, and the involved object.
func Event(e *corev1.Event) {
	e.ManagedFields = nil
	e.UID = ""
	e.Annotations = nil
	e.Labels = nil
	e.OwnerReferences = nil
	e.Related = nil
	e.Action = ""
	e.ReportingInstance = ""
	e.Source.Host = ""
	e.InvolvedObject.ResourceVersion = ""
	e.InvolvedObject.APIVersion = ""
	e.Message = diagnosis.Truncate(e.Message, MaxEventMessage)
}

// Node drops the image list (often the largest part of a node),
// annotations and volume bookkeeping; labels, taints, conditions, capacity
// and node info stay for the scheduling and node rules.
func Node(n *corev1.Node) {
	n.ManagedFields = nil
	n.Annotations = nil
	n.Status.Images = nil
	n.Status.VolumesInUse = nil
	n.Status.VolumesAttached = nil
	n.Status.Config = nil
	n.Status.DaemonEndpoints = corev1.NodeDaemonEndpoints{}
	n.Status.Features = nil
	n.Status.RuntimeHandlers = nil
	n.Status.DeclaredFeatures = nil
}
