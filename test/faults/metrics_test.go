//go:build faults

package faults

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// metrics is one scrape of a /metrics endpoint.
type metrics map[string]*dto.MetricFamily

var metricsClient = &http.Client{Timeout: 5 * time.Second}

func scrape(addr string) (metrics, error) {
	resp, err := metricsClient.Get("http://" + addr + "/metrics")
	if err != nil {
		return nil, fmt.Errorf("scrape %s: %w", addr, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read metrics of %s: %w", addr, err)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil && !strings.Contains(err.Error(), "second TYPE") {
		return nil, fmt.Errorf("parse metrics of %s: %w", addr, err)
	}
	return fams, nil
}

// sum adds the values of every series of name whose labels include want.
func (m metrics) sum(name string, want map[string]string) float64 {
	total := 0.0
	for _, s := range m[name].GetMetric() {
		if matches(s, want) {
			total += value(s)
		}
	}
	return total
}

// byLabel is the value of each series of name by the value of label.
func (m metrics) byLabel(name, label string) map[string]float64 {
	out := map[string]float64{}
	for _, s := range m[name].GetMetric() {
		for _, l := range s.GetLabel() {
			if l.GetName() == label {
				out[l.GetValue()] += value(s)
			}
		}
	}
	return out
}

func matches(s *dto.Metric, want map[string]string) bool {
	found := 0
	for _, l := range s.GetLabel() {
		if v, ok := want[l.GetName()]; ok && v == l.GetValue() {
			found++
		}
	}
	return found == len(want)
}

func value(s *dto.Metric) float64 {
	switch {
	case s.Counter != nil:
		return s.Counter.GetValue()
	case s.Gauge != nil:
		return s.Gauge.GetValue()
	default:
		return s.GetUntyped().GetValue()
	}
}
