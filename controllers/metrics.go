package controllers

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Metric names are a public contract (dashboards and alerts use them).
const (
	MetricPodsDiagnosed = "pod_doctor_pods_diagnosed"
	// MetricObjectsDiagnosed counts the objects beyond pods (design.md,
	// "Beyond pods") currently diagnosed, by kind.
	MetricObjectsDiagnosed = "pod_doctor_objects_diagnosed"
	// MetricIncidentPods counts diagnosed pods by the bounded fact they
	// share — a node, a registry (diagnosis.IncidentKey) — never by pod.
	MetricIncidentPods   = "pod_doctor_incident_pods"
	MetricDiagnoses      = "pod_doctor_diagnoses_total"
	MetricRecoveries     = "pod_doctor_recoveries_total"
	MetricAPIWrites      = "pod_doctor_api_writes_total"
	MetricEngineDuration = "pod_doctor_engine_duration_seconds"
	MetricEventsDropped  = "pod_doctor_events_dropped_total"
)

// Write kinds of MetricAPIWrites.
const (
	writePatch = "patch"
	writeEvent = "event"
)

// Metrics are pod-doctor's collectors. One set is registered on
// controller-runtime's registry (served with the manager's own metrics);
// tests may build unregistered sets so parallel reconcilers do not mix counts.
type Metrics struct {
	PodsDiagnosed    *prometheus.GaugeVec
	ObjectsDiagnosed *prometheus.GaugeVec
	IncidentPods     *prometheus.GaugeVec
	Diagnoses        *prometheus.CounterVec
	Recoveries       *prometheus.CounterVec
	APIWrites        *prometheus.CounterVec
	EngineDuration   prometheus.Histogram
	EventsDropped    *prometheus.CounterVec
}

// NewMetrics builds an unregistered set.
func NewMetrics() *Metrics {
	m := &Metrics{
		PodsDiagnosed: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: MetricPodsDiagnosed, Help: "Pods currently diagnosed, by namespace, reason, category and severity.",
		}, []string{"namespace", "reason", "category", "severity"}),
		ObjectsDiagnosed: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: MetricObjectsDiagnosed, Help: "Objects beyond pods (workloads, Services, Ingresses, claims, namespaces) currently diagnosed, by namespace, kind, reason, category and severity.",
		}, []string{"namespace", "kind", "reason", "category", "severity"}),
		IncidentPods: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: MetricIncidentPods, Help: "Diagnosed pods by reason and the node or registry they share (an incident), e.g. key=\"node worker-3\".",
		}, []string{"reason", "key"}),
		Diagnoses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricDiagnoses, Help: "New or changed diagnoses recorded on a pod or another object (annotations written), by reason and object kind.",
		}, []string{"reason", "object_kind"}),
		Recoveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricRecoveries, Help: "Diagnosed pods and other objects that recovered (annotations removed), by the reason they recovered from and object kind.",
		}, []string{"reason", "object_kind"}),
		APIWrites: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricAPIWrites, Help: "Writes to the API server, by kind (patch or event).",
		}, []string{"kind"}),
		EngineDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: MetricEngineDuration, Help: "Time the rule engine took to diagnose one pod.",
			Buckets: prometheus.ExponentialBuckets(1e-6, 4, 10), // 1µs .. 262ms
		}),
		EventsDropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricEventsDropped, Help: "Events the API server refused and pod-doctor gave up on, by class of refusal; the annotations were written.",
		}, []string{"reason"}),
	}
	// Pre-create the write series so a scrape shows 0 before the first write.
	m.APIWrites.WithLabelValues(writePatch)
	m.APIWrites.WithLabelValues(writeEvent)
	for _, class := range []string{refusedNamespaceTerminating, refusedRateLimited, refusedForbidden, refusedInvalid, refusedOther} {
		m.EventsDropped.WithLabelValues(class)
	}
	return m
}

func (m *Metrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{m.PodsDiagnosed, m.ObjectsDiagnosed, m.IncidentPods, m.Diagnoses, m.Recoveries, m.APIWrites, m.EngineDuration, m.EventsDropped}
}

var (
	registeredOnce sync.Once
	registered     *Metrics
)

// RegisteredMetrics returns the set registered on controller-runtime's
// registry, registering it on first use.
func RegisteredMetrics() *Metrics {
	registeredOnce.Do(func() {
		registered = NewMetrics()
		metrics.Registry.MustRegister(registered.collectors()...)
	})
	return registered
}

// gaugeLabels are the labels an object contributes to PodsDiagnosed (kind
// Pod) or ObjectsDiagnosed (any other kind), and a pod's incident to
// IncidentPods.
type gaugeLabels struct{ namespace, kind, reason, category, severity, incident string }

// gaugeOf is what an object carrying the annotations ours contributes: the
// gauges count what is written on objects, not what the engine said.
func (w *writer) gaugeOf(t target, ours map[string]string) gaugeLabels {
	reason := ours[w.keys.Reason]
	if reason == "" {
		return gaugeLabels{}
	}
	category := diagnosis.CategoryUnknown
	if e, ok := diagnosis.Lookup(diagnosis.Reason(reason)); ok {
		category = e.Category
	}
	return gaugeLabels{namespace: t.key.Namespace, kind: t.kind, reason: reason, category: string(category), severity: ours[w.keys.Severity]}
}

// move shifts one object's contribution from old to new labels.
func (m *Metrics) move(old, new gaugeLabels) {
	if old == new {
		return
	}
	if old.reason != "" {
		m.gauge(old).Dec()
	}
	if new.reason != "" {
		m.gauge(new).Inc()
	}
	if old.kind == kindPod && old.incident != "" {
		m.IncidentPods.WithLabelValues(old.reason, old.incident).Dec()
	}
	if new.kind == kindPod && new.incident != "" {
		m.IncidentPods.WithLabelValues(new.reason, new.incident).Inc()
	}
}

func (m *Metrics) gauge(l gaugeLabels) prometheus.Gauge {
	if l.kind == kindPod {
		return m.PodsDiagnosed.WithLabelValues(l.namespace, l.reason, l.category, l.severity)
	}
	return m.ObjectsDiagnosed.WithLabelValues(l.namespace, l.kind, l.reason, l.category, l.severity)
}
