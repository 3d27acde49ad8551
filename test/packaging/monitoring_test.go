package packaging

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/pod-doctor/pod-doctor/controllers"
)

// TestAlertRules checks the chart's alerting rules with the real promtool:
// `promtool check rules`, then `promtool test rules`, which fires every
// alert from synthetic series (files/prometheus-rules.test.yaml) with its
// exact labels and annotations.
func TestAlertRules(t *testing.T) {
	dir := filepath.Join(chartDir, "files")
	mustTool(t, "promtool", nil, "check", "rules", filepath.Join(dir, "prometheus-rules.yaml"))
	mustTool(t, "promtool", nil, "test", "rules", filepath.Join(dir, "prometheus-rules.test.yaml"))
}

// TestMonitoringRendered: with prometheusRule.enabled and
// grafanaDashboard.enabled the chart renders the rule file's groups as a
// PrometheusRule, unchanged, and the dashboard in a ConfigMap the Grafana
// sidecar picks up; both stay off by default.
func TestMonitoringRendered(t *testing.T) {
	if objs := objects(t, helmTemplate(t, "pd", "pod-doctor")); len(ofKind(objs, "PrometheusRule")) != 0 || len(ofKind(objs, "ConfigMap")) != 0 {
		t.Errorf("monitoring objects rendered by default")
	}
	objs := objects(t, helmTemplate(t, "pd", "pod-doctor", "--set", "prometheusRule.enabled=true", "--set", "grafanaDashboard.enabled=true",
		"--set", "prometheusRule.labels.release=kube-prometheus-stack"))
	rules := ofKind(objs, "PrometheusRule")
	if len(rules) != 1 || rules[0].GetLabels()["release"] != "kube-prometheus-stack" {
		t.Fatalf("want one PrometheusRule labelled for the operator, got %d", len(rules))
	}
	var file map[string]any
	data, err := os.ReadFile(filepath.Join(chartDir, "files", "prometheus-rules.yaml"))
	if err != nil || yaml.Unmarshal(data, &file) != nil {
		t.Fatalf("rule file: %v", err)
	}
	if spec := rules[0].Object["spec"]; !reflect.DeepEqual(spec, file) {
		t.Errorf("PrometheusRule spec differs from files/prometheus-rules.yaml:\n%v", spec)
	}
	cms := ofKind(objs, "ConfigMap")
	if len(cms) != 1 || cms[0].GetLabels()["grafana_dashboard"] != "1" {
		t.Fatalf("want one dashboard ConfigMap labelled grafana_dashboard=1, got %d", len(cms))
	}
	dash, err := os.ReadFile(filepath.Join(chartDir, "files", "grafana-dashboard.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := into[corev1.ConfigMap](t, cms[0]).Data["pod-doctor.json"]; got+"\n" != string(dash) {
		t.Errorf("ConfigMap holds another dashboard than files/grafana-dashboard.json")
	}
}

// dashboard is what the test reads of a Grafana dashboard.
type dashboard struct {
	Title  string `json:"title"`
	UID    string `json:"uid"`
	Panels []struct {
		Title   string `json:"title"`
		Type    string `json:"type"`
		Targets []struct {
			Expr string `json:"expr"`
		} `json:"targets"`
	} `json:"panels"`
}

// metricName finds the metric names a PromQL expression reads.
var metricName = regexp.MustCompile(`\b(pod_doctor_[a-z_]+|leader_election_master_status)\b`)

// TestDashboard: the dashboard is valid Grafana JSON, every panel queries
// something, and every metric it queries is one the binary exports.
func TestDashboard(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(chartDir, "files", "grafana-dashboard.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(data, &d); err != nil || d.Title == "" || d.UID == "" || len(d.Panels) == 0 {
		t.Fatalf("dashboard: %v (%+v)", err, d)
	}
	exported := []string{controllers.MetricPodsDiagnosed, controllers.MetricObjectsDiagnosed, controllers.MetricIncidentPods,
		controllers.MetricDiagnoses, controllers.MetricRecoveries, controllers.MetricAPIWrites, controllers.MetricEngineDuration + "_bucket",
		controllers.MetricEventsDropped,
		"leader_election_master_status", // controller-runtime's, registered with leader election
	}
	for _, p := range d.Panels {
		if p.Type == "" || len(p.Targets) == 0 {
			t.Errorf("panel %q has no type or no query", p.Title)
		}
		for _, q := range p.Targets {
			names := metricName.FindAllString(q.Expr, -1)
			if len(names) == 0 {
				t.Errorf("panel %q: query %q reads no pod-doctor metric", p.Title, q.Expr)
			}
			for _, n := range names {
				if !slices.Contains(exported, n) {
					t.Errorf("panel %q: metric %s is not exported by pod-doctor", p.Title, n)
				}
			}
		}
	}
}
