// Package namespace diagnoses namespaces (design.md, "Beyond pods"): what
// holds one in Terminating. Pure: a Namespace and a clock value in, a
// diagnosis.Result out.
//
// Decisions (docs/rules.md copies them):
//   - A namespace is diagnosed once metadata.deletionTimestamp plus
//     opts.GracePeriod has passed (RecheckAt until then); it is then
//     NamespaceStuckTerminating by definition, and the work is naming what
//     holds it.
//   - What holds it, in the order to fix: the namespace controller's True
//     conditions NamespaceDeletionDiscoveryFailure (an unavailable
//     APIService; the failing group versions are named),
//     NamespaceDeletionGroupVersionParsingFailure,
//     NamespaceDeletionContentFailure, NamespaceFinalizersRemaining,
//     NamespaceContentRemaining (their lists quoted); then spec.finalizers
//     other than the controller's own "kubernetes", then metadata.finalizers.
//     No condition at all means the controller has not run on it.
//   - Severity: Critical when a finalizer holds it (only the controller that
//     set one removes it; past the grace period that controller is taken as
//     gone), Warning otherwise (an APIService can come back, content may
//     still be deleting).
//   - Hints: only those of the causes found, the first cause's first; the
//     finalizer-removal commands carry the warning that the cleanup the
//     finalizer guards will never run.
package namespace

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Input is everything the engine looks at for one namespace.
type Input struct {
	Namespace *corev1.Namespace
	Now       time.Time
}
