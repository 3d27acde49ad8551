package controllers

import (
	"fmt"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Event reasons of the contract.
const (
	EventReasonDiagnosed = "Diagnosed"
	EventReasonRecovered = "Recovered"
)

// maxNameLen is the longest object name the API server accepts (DNS subdomain).
const maxNameLen = 253

// newEvent builds a core/v1 Event about a pod or another object the way
// client-go's recorder does (name "<name>.<hex nanoseconds>", count 1,
// first = last timestamp), with
// pod-doctor as source and reporting controller. It is written directly, not
// through a broadcaster, so each write is synchronous, counted and never
// aggregated or dropped by a spam filter.
func newEvent(t target, eventType, reason, message, container string, init bool, instance string, now time.Time) *corev1.Event {
	ts := metav1.NewTime(now)
	ns := t.key.Namespace
	if ns == "" {
		ns = metav1.NamespaceDefault // events about cluster-scoped objects live in default, as kubectl describe expects
	}
	e := &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Name: eventName(t.key.Name, now), Namespace: ns},
		InvolvedObject: corev1.ObjectReference{
			Kind: t.kind, APIVersion: t.apiVersion, Namespace: t.key.Namespace, Name: t.key.Name,
			UID: t.uid, ResourceVersion: t.resourceVersion,
		},
		Type: eventType, Reason: reason, Message: message,
		Source:         corev1.EventSource{Component: ControllerName},
		FirstTimestamp: ts, LastTimestamp: ts, Count: 1,
		ReportingController: ControllerName, ReportingInstance: truncateName(instance, 128),
		Action: "Diagnose",
	}
	if t.kind == kindPod {
		// A container is a field of a pod; of a Deployment or a Job it is a
		// field of the template, which kubectl describe would misname.
		e.InvolvedObject.FieldPath = fieldPath(container, init)
	}
	return e
}

func eventName(pod string, now time.Time) string {
	suffix := "." + strconv.FormatInt(now.UnixNano(), 16)
	return truncateName(pod, maxNameLen-len(suffix)) + suffix
}

func truncateName(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// fieldPath names the container the way the kubelet does in its events.
func fieldPath(container string, init bool) string {
	switch {
	case container == "":
		return ""
	case init:
		return fmt.Sprintf("spec.initContainers{%s}", container)
	default:
		return fmt.Sprintf("spec.containers{%s}", container)
	}
}
