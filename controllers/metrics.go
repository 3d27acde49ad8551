package controllers

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Metric names are a public contract (dashboards and alerts use them).
const (
	MetricPodsDiagnosed  = "pod_doctor_pods_diagnosed"
	MetricDiagnoses      = "pod_doctor_diagnoses_total"
	MetricRecoveries     = "pod_doctor_recoveries_total"
	MetricAPIWrites      = "pod_doctor_api_writes_total"
	MetricEngineDuration = "pod_doctor_engine_duration_seconds"
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
	PodsDiagnosed  *prometheus.GaugeVec
	Diagnoses      *prometheus.CounterVec
	Recoveries     *prometheus.CounterVec
	APIWrites      *prometheus.CounterVec
	EngineDuration prometheus.Histogram
}

// NewMetrics builds an unregistered set.
func NewMetrics() *Metrics {
	m := &Metrics{
		PodsDiagnosed: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: MetricPodsDiagnosed, Help: "Pods currently diagnosed, by reason, category and severity.",
		}, []string{"reason", "category", "severity"}),
		Diagnoses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricDiagnoses, Help: "New or changed diagnoses, by reason.",
		}, []string{"reason"}),
		Recoveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricRecoveries, Help: "Diagnosed pods that recovered, by the reason they recovered from.",
		}, []string{"reason"}),
		APIWrites: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricAPIWrites, Help: "Writes to the API server, by kind (patch or event).",
		}, []string{"kind"}),
		EngineDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: MetricEngineDuration, Help: "Time the rule engine took to diagnose one pod.",
			Buckets: prometheus.ExponentialBuckets(1e-6, 4, 10), // 1µs .. 262ms
		}),
	}
	// Pre-create the write series so a scrape shows 0 before the first write.
	m.APIWrites.WithLabelValues(writePatch)
	m.APIWrites.WithLabelValues(writeEvent)
	return m
}

func (m *Metrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{m.PodsDiagnosed, m.Diagnoses, m.Recoveries, m.APIWrites, m.EngineDuration}
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

// gaugeLabels are the labels a pod contributes to PodsDiagnosed.
type gaugeLabels struct{ reason, category, severity string }

func labelsOf(d *diagnosis.Diagnosis) gaugeLabels {
	if d == nil {
		return gaugeLabels{}
	}
	return gaugeLabels{string(d.Reason), string(d.Category), string(d.Severity)}
}

// move shifts one pod's contribution from old to new labels.
func (m *Metrics) move(old, new gaugeLabels) {
	if old == new {
		return
	}
	if old.reason != "" {
		m.PodsDiagnosed.WithLabelValues(old.reason, old.category, old.severity).Dec()
	}
	if new.reason != "" {
		m.PodsDiagnosed.WithLabelValues(new.reason, new.category, new.severity).Inc()
	}
}
