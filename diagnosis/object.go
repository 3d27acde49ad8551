package diagnosis

import (
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Object names one object beyond pods (design.md, "Beyond pods"): a
// workload, a Service, an Ingress, a claim or a namespace. The family
// engines (diagnosis/workload, network, storage, namespace) diagnose them
// with the same Diagnosis value as pods.
type Object struct {
	// Kind is the API kind: Deployment, ReplicaSet, StatefulSet, DaemonSet,
	// Job, CronJob, Service, Ingress, PersistentVolumeClaim, Namespace.
	Kind string
	// Namespace is "" for a Namespace.
	Namespace string
	Name      string
	// Created is the object's creationTimestamp: the latest a cause can
	// have started.
	Created time.Time
}

// resources are kubectl's short names of the kinds, for the hints' commands.
var resources = map[string]string{
	"Deployment": "deployment", "ReplicaSet": "replicaset", "StatefulSet": "statefulset",
	"DaemonSet": "daemonset", "Job": "job", "CronJob": "cronjob", "Service": "service",
	"Ingress": "ingress", "PersistentVolumeClaim": "pvc", "Namespace": "namespace",
}

// Resource is the name kubectl takes for the object's kind ("deployment", "pvc").
func (o Object) Resource() string {
	if r, ok := resources[o.Kind]; ok {
		return r
	}
	return strings.ToLower(o.Kind)
}

// RenderObject turns a family rule's finding about obj into the public
// Diagnosis with the catalog's texts. Besides the finding's Vars, templates
// may use {kind}, {resource} (kubectl's name of the kind), {name} and {ns}.
// Every text is sanitized by renderEntry, as for pods.
func RenderObject(reason Reason, obj Object, f Finding, lang Lang) *Diagnosis {
	e, ok := catalogIndex[reason]
	if !ok {
		e = catalogIndex[ReasonUnclassified]
	}
	lookup := func(name string) (string, bool) {
		if v, ok := f.Vars[name]; ok {
			return v, true
		}
		switch name {
		case "kind":
			return obj.Kind, true
		case "resource":
			return obj.Resource(), true
		case "name":
			return obj.Name, true
		case "ns":
			return obj.Namespace, true
		}
		return "", false
	}
	hints := e.Hints
	if reason == ReasonUnclassified {
		// The catalog's fallback hints are about a pod.
		hints = []Text{phrase.ObjectUnclassifiedHint}
		if obj.Kind == "Namespace" {
			hints = []Text{phrase.NamespaceUnclassifiedHint}
		}
	}
	return renderEntry(e, reason, f, lookup, renderFacts{lang: lang, ns: obj.Namespace,
		since: firstTime(f.Since, obj.Created), hints: hints})
}

// Say renders a family's phrase in lang, its {placeholders} filled from kv,
// which alternates name and value (see Context.say).
func Say(lang Lang, t Text, kv ...string) string { return sayIn(lang, t, kv...) }

// TemplatePlaceholders lists the {names} a template uses, for the families'
// phrase tests.
func TemplatePlaceholders(tpl string) []string { return placeholders(tpl) }

// OneLine joins a multi-line message into one line, as evidence shows it.
func OneLine(s string) string { return oneLine(s) }

// NormalizeEvents reduces core/v1 Events to the engine's Event, newest
// first, for the family engines.
func NormalizeEvents(raw []corev1.Event) []Event { return normalizeEvents(raw) }

// Age renders a duration the way kubectl shows an age (45s, 2m30s, 3h4m,
// 2d5h), for the families' texts.
func Age(d time.Duration) string { return kubectlAge(d) }
