package controllers

import (
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// Classes of refused events, the reason label of MetricEventsDropped.
const (
	refusedNamespaceTerminating = "namespace_terminating"
	refusedRateLimited          = "rate_limited"
	refusedForbidden            = "forbidden"
	refusedInvalid              = "invalid"
	refusedOther                = "other"
)

// refusal classifies why the API server did not create an event. The
// NamespaceLifecycle admission plugin refuses every create in a
// Terminating namespace (403 with cause NamespaceTerminating); EventRateLimit
// answers 429; a ResourceQuota on events, a ValidatingAdmissionPolicy or a
// webhook answer 403; a malformed event 422.
func refusal(err error) string {
	switch {
	case apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause):
		return refusedNamespaceTerminating
	case apierrors.IsTooManyRequests(err):
		return refusedRateLimited
	case apierrors.IsForbidden(err):
		return refusedForbidden
	case apierrors.IsInvalid(err):
		return refusedInvalid
	}
	return refusedOther
}

// retryable: a terminating namespace never accepts the event again and an
// invalid one stays invalid; rate limits, quotas (events expire) and
// failing webhooks may pass.
func retryable(class string) bool {
	return class != refusedNamespaceTerminating && class != refusedInvalid
}
