//go:build e2e

package e2e

// Beyond pods (issue 11, design.md "Beyond pods (catalog v2)"): objects that
// no pod can speak for — a Deployment whose pods admission refuses, a
// Service that selects nothing, a namespace stuck Terminating — broken by
// the real controllers and the real admission chain of the one-node
// cluster, and checked through what a user sees: `kubectl get <kind> -o
// custom-columns=...` and the Diagnosed event of `kubectl describe`.
//
//	go test -tags e2e -run TestBeyondPods ./test/e2e/
//
// Each scenario is test/e2e/manifests/beyond/<name>.yaml, in its own
// namespace. The objects labelled e2e.pod-doctor.io/stage=setup (the
// namespace, a quota, a webhook) are applied first and waited for, so that
// admission judges the pods against them and not against a half-made
// namespace ("status unknown for quota", a webhook not yet loaded).

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const (
	setupSelector = "e2e.pod-doctor.io/stage=setup"
	beyondTimeout = 4 * time.Minute
)

// beyondColumns is the line the README shows for deployments and services,
// with the summary last so that it may hold spaces.
const beyondColumns = "NAME:.metadata.name,REASON:.metadata.annotations.pod-doctor\\.io/reason," +
	"SEVERITY:.metadata.annotations.pod-doctor\\.io/severity,SUMMARY:.metadata.annotations.pod-doctor\\.io/summary"

// beyondWant is one object and what `kubectl get -o custom-columns` must
// show for it. reason "" means healthy: no pod-doctor annotation, read
// once after the scenario's other objects are diagnosed.
type beyondWant struct {
	kind, name string
	ownedBy    string // kind replicaset: the ReplicaSet of this Deployment (its name is generated)
	reason     string
	severity   string // exact severity where the design fixes it; otherwise any valid one
	// summary is a regular expression the summary must match from its
	// start, when the design fixes its form. A roll-up's counts ("N of M
	// pods") are those of its first diagnosis: the pods of a Job or a
	// Deployment fail one after the other, and a count that merely moves is
	// rewritten at most every 10 minutes (the write path's refresh).
	summary string
}

type beyondScenario struct {
	name, ns string
	want     []beyondWant
	pods     string   // every pod of the namespace carries this reason ("" = not checked)
	cluster  []string // cluster-scoped objects of the manifest, deleted on teardown
	webhook  bool     // wait until the API server calls the webhook before creating the workload
	deleteNS bool     // delete the namespace once applied; teardown removes the ConfigMap's finalizer
}

func deploymentAndRS(name, reason, summary string) []beyondWant {
	return []beyondWant{
		{kind: "deployment", name: name, reason: reason, summary: summary},
		{kind: "replicaset", ownedBy: name, reason: reason, summary: summary},
	}
}

var beyondScenarios = []beyondScenario{
	{name: "quota", ns: "beyond-quota", want: deploymentAndRS("web", "QuotaExceeded", "")},
	{name: "missing-sa", ns: "beyond-missing-sa", want: deploymentAndRS("web", "ServiceAccountNotFound", "")},
	{name: "pod-security", ns: "beyond-pod-security", want: deploymentAndRS("web", "PodSecurityRejected", "")},
	{name: "webhook-down", ns: "beyond-webhook-down", want: append(
		deploymentAndRS("web", "AdmissionWebhookUnavailable", ""),
		// why the webhook cannot be called: its Service selects no pod
		beyondWant{kind: "service", name: "pod-policy", reason: "ServiceSelectorMatchesNothing"}),
		cluster: []string{"validatingwebhookconfiguration/beyond-webhook-down"}, webhook: true},
	{name: "job-backoff", ns: "beyond-job-backoff", pods: "AppCrash",
		want: []beyondWant{{kind: "job", name: "migrate", reason: "AppCrash", summary: `[12] of [12] pods: Container migrate exited with code 1`}}},
	{name: "svc-no-match", ns: "beyond-svc-no-match", want: []beyondWant{
		{kind: "service", name: "web", reason: "ServiceSelectorMatchesNothing"},
		{kind: "deployment", name: "webb", reason: ""},
	}},
	{name: "svc-bad-port", ns: "beyond-svc-bad-port", want: []beyondWant{
		{kind: "service", name: "web", reason: "ServiceTargetPortMismatch", severity: "Warning"},
		{kind: "deployment", name: "web", reason: ""},
	}},
	{name: "svc-not-ready", ns: "beyond-svc-not-ready", pods: "ReadinessProbeFailed", want: append(
		deploymentAndRS("web", "ReadinessProbeFailed", `[12] of 2 pods: `),
		beyondWant{kind: "service", name: "web", reason: "ReadinessProbeFailed", summary: `[12] of 2 pods: `})},
	{name: "ingress-missing-svc", ns: "beyond-ingress-missing-svc", cluster: []string{"ingressclass/beyond-none"},
		want: []beyondWant{{kind: "ingress", name: "web", reason: "IngressBackendNotFound"}}},
	{name: "pvc-missing-sc", ns: "beyond-pvc-missing-sc",
		want: []beyondWant{{kind: "pvc", name: "data", reason: "StorageClassNotFound"}}},
	{name: "ns-stuck", ns: "beyond-ns-stuck", deleteNS: true,
		want: []beyondWant{{kind: "namespace", name: "beyond-ns-stuck", reason: "NamespaceStuckTerminating"}}},
}

// TestBeyondPods applies every scenario first, then checks them one by
// one: they break at the same time, so the wait is the slowest scenario's,
// not the sum, whatever -parallel is. Each has its own namespace; the one
// cluster-wide webhook is confined to its own.
func TestBeyondPods(t *testing.T) {
	teardownAllBeyond(beyondScenarios) // a previous run's leftovers
	t.Cleanup(func() { teardownAllBeyond(beyondScenarios) })
	started := map[string]time.Time{}
	for _, s := range beyondScenarios {
		applyBeyond(t, s)
		started[s.name] = time.Now()
	}
	for _, s := range beyondScenarios {
		s := s
		t.Run(s.name, func(t *testing.T) { checkScenario(t, s, started[s.name].Add(beyondTimeout)) })
	}
}

// applyBeyond applies the setup stage, waits for it, then the whole manifest.
func applyBeyond(t *testing.T, s beyondScenario) {
	t.Helper()
	manifest := filepath.Join(root, "test", "e2e", "manifests", "beyond", s.name+".yaml")
	mustKubectl(t, "apply", "-f", manifest, "-l", setupSelector)
	waitSetup(t, s)
	mustKubectl(t, "apply", "-f", manifest)
	if s.deleteNS {
		mustKubectl(t, "delete", "namespace", s.ns, "--wait=false")
	}
}

func checkScenario(t *testing.T, s beyondScenario, deadline time.Time) {
	defer func() {
		if t.Failed() {
			captureBeyond(t, s)
		}
	}()
	if s.pods != "" {
		checkPods(t, s, deadline) // the pods' own diagnosis comes first: the objects roll it up
	}
	for _, w := range s.want {
		if w.reason != "" {
			checkBeyond(t, s, w, deadline)
		}
	}
	for _, w := range s.want {
		if w.reason == "" {
			checkHealthy(t, s, w)
		}
	}
}

// waitSetup waits for what admission needs before the first pod: the
// default ServiceAccount, every ResourceQuota's computed status, and the
// webhook loaded by the API server (a server-side dry run calls webhooks
// whose sideEffects are None).
func waitSetup(t *testing.T, s beyondScenario) {
	t.Helper()
	eventually(t, "ServiceAccount default in "+s.ns, time.Minute, func() (bool, string) {
		_, err := kubectl("-n", s.ns, "get", "serviceaccount", "default")
		return err == nil, fmt.Sprint(err)
	})
	eventually(t, "ResourceQuota status in "+s.ns, time.Minute, func() (bool, string) {
		out, err := kubectl("-n", s.ns, "get", "resourcequota", "-o", `jsonpath={range .items[*]}{.metadata.name}={.status.hard}{"\n"}{end}`)
		return err == nil && !regexp.MustCompile(`(?m)=$`).MatchString(out), out + fmt.Sprint(err)
	})
	if s.webhook {
		eventually(t, "webhook of "+s.ns+" called by the API server", time.Minute, func() (bool, string) {
			_, err := kubectl("-n", s.ns, "run", "webhook-probe", "--image=127.0.0.1:15000/e2e/sleeper:1", "--dry-run=server")
			return err != nil && strings.Contains(err.Error(), "failed calling webhook"), fmt.Sprint(err)
		})
	}
}

// checkBeyond polls the object's custom-columns row until it shows the
// expected reason, then checks severity, summary and the Diagnosed event.
func checkBeyond(t *testing.T, s beyondScenario, w beyondWant, deadline time.Time) {
	t.Helper()
	name := w.name
	var r map[string]string
	var table string
	for {
		if w.ownedBy != "" {
			name = replicaSetOf(s.ns, w.ownedBy)
		}
		r, table = objectRow(s.ns, w.kind, name)
		if r["REASON"] == w.reason || time.Now().After(deadline) {
			break
		}
		time.Sleep(3 * time.Second)
	}
	t.Logf("kubectl %s\n%s", strings.Join(rowArgs(s.ns, w.kind, name), " "), table)
	if r["REASON"] != w.reason {
		t.Fatalf("%s %s: reason %q, want %q (summary %q)", w.kind, name, r["REASON"], w.reason, r["SUMMARY"])
	}
	switch {
	case w.severity != "" && r["SEVERITY"] != w.severity:
		t.Errorf("%s %s: severity %q, want %q", w.kind, name, r["SEVERITY"], w.severity)
	case w.severity == "" && r["SEVERITY"] != "Critical" && r["SEVERITY"] != "Warning" && r["SEVERITY"] != "Info":
		t.Errorf("%s %s: severity %q, want Critical, Warning or Info", w.kind, name, r["SEVERITY"])
	}
	if !regexp.MustCompile("^"+w.summary).MatchString(r["SUMMARY"]) || r["SUMMARY"] == "" {
		t.Errorf("%s %s: summary %q, want a summary matching ^%s", w.kind, name, r["SUMMARY"], w.summary)
	}
	if w.ownedBy != "" {
		// A Deployment's newest ReplicaSet carries the Deployment's
		// annotations — Kubernetes' deployment controller copies them and
		// pod-doctor mirrors them — and no event of its own: the
		// Deployment's `kubectl describe` announces it.
		dep, _ := objectRow(s.ns, "deployment", w.ownedBy)
		if dep["REASON"] != r["REASON"] || dep["SUMMARY"] != r["SUMMARY"] || dep["SEVERITY"] != r["SEVERITY"] {
			t.Errorf("replicaset %s: %v, want the annotations of deployment %s: %v", name, r, w.ownedBy, dep)
		}
		return
	}
	checkDiagnosedEvent(t, s.ns, w.kind, name, w.reason, deadline)
}

// diagnosedLine matches one Diagnosed event as `kubectl describe` prints it:
// Type, Reason, Age, From (pod-doctor), then the message.
func diagnosedLine(reason string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^\s+Warning\s+Diagnosed\s+.*pod-doctor\s+` + regexp.QuoteMeta(reason) + `: .+ Hint: .+$`)
}

// checkDiagnosedEvent waits for the event until the scenario's deadline:
// the recorder sends it asynchronously, so it may follow the annotations.
func checkDiagnosedEvent(t *testing.T, ns, kind, name, reason string, deadline time.Time) {
	t.Helper()
	if floor := time.Now().Add(30 * time.Second); deadline.Before(floor) {
		deadline = floor // diagnosed at the last moment: the event still gets its time
	}
	for {
		ok, shown := diagnosedEventShown(ns, kind, name, reason)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s %s: no Warning Diagnosed event %q from pod-doctor; the cluster shows:\n%s", kind, name, reason+": ... Hint: ...", shown)
			return
		}
		time.Sleep(2 * time.Second)
	}
}

// diagnosedEventShown reads the object's events as a user would: `kubectl
// describe`, except for a Namespace, whose describe prints no events at
// all: there `kubectl get events -A` (an event about a cluster-scoped
// object lives in another namespace, "default" for client-go's recorder;
// a Terminating namespace accepts no new event).
func diagnosedEventShown(ns, kind, name, reason string) (bool, string) {
	if kind == "namespace" {
		out, err := kubectl("get", "events", "-A",
			"--field-selector", "involvedObject.kind=Namespace,involvedObject.name="+name+",reason=Diagnosed",
			"-o", "custom-columns=TYPE:.type,SOURCE:.source.component,REPORTER:.reportingComponent,MESSAGE:.message", "--no-headers")
		// Either recorder API: core/v1 fills the source, events.k8s.io/v1 only the reporter.
		line := regexp.MustCompile(`(?m)^Warning\s+(pod-doctor\s+\S+|\S+\s+pod-doctor)\s+` + regexp.QuoteMeta(reason) + `: .+ Hint: .+$`)
		return err == nil && line.MatchString(out), out + fmt.Sprint(err)
	}
	desc, err := kubectl("-n", ns, "describe", kind, name)
	return err == nil && diagnosedLine(reason).MatchString(desc), tail(desc, 25) + fmt.Sprint(err)
}

func checkHealthy(t *testing.T, s beyondScenario, w beyondWant) {
	t.Helper()
	r, table := objectRow(s.ns, w.kind, w.name)
	t.Logf("kubectl %s\n%s", strings.Join(rowArgs(s.ns, w.kind, w.name), " "), table)
	if r["NAME"] != w.name || r["REASON"] != "" || r["SEVERITY"] != "" || r["SUMMARY"] != "" {
		t.Errorf("%s %s: want healthy (no pod-doctor annotation), got %v", w.kind, w.name, r)
	}
}

// checkPods waits until every pod of the namespace carries the reason the
// workload rolled up from them.
func checkPods(t *testing.T, s beyondScenario, deadline time.Time) {
	t.Helper()
	eventually(t, "every pod of "+s.ns+" "+s.pods, time.Until(deadline), func() (bool, string) {
		rows, table, err := getRows(s.ns)
		if err != nil || len(rows) == 0 {
			return false, table + fmt.Sprint(err)
		}
		for _, r := range rows {
			if r.Reason != s.pods {
				return false, table
			}
		}
		return true, table
	})
}

// ---------------------------------------------------------------- kubectl

// objectRow runs `kubectl get KIND NAME -o custom-columns=beyondColumns`
// and returns its one row by column name ("<none>" read as "").
func objectRow(ns, kind, name string) (map[string]string, string) {
	out, err := kubectl(rowArgs(ns, kind, name)...)
	if err != nil {
		return map[string]string{}, out + err.Error()
	}
	rows := parseColumns(out)
	if len(rows) != 1 {
		return map[string]string{}, out
	}
	return rows[0], out
}

// rowArgs is the command a user types for one object (no -n for a Namespace).
func rowArgs(ns, kind, name string) []string {
	args := []string{"get", kind, name, "-o", "custom-columns=" + beyondColumns}
	if kind != "namespace" {
		args = append(args, "-n", ns)
	}
	return args
}

// parseColumns cuts custom-columns output at the header's column starts:
// the last column (the summary) may hold spaces.
func parseColumns(out string) []map[string]string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 2 {
		return nil
	}
	heads := regexp.MustCompile(`\S+`).FindAllStringIndex(lines[0], -1)
	var rows []map[string]string
	for _, l := range lines[1:] {
		r := map[string]string{}
		for i, h := range heads {
			start, end := h[0], len(l)
			if i+1 < len(heads) && heads[i+1][0] < end {
				end = heads[i+1][0]
			}
			v := ""
			if start < len(l) {
				v = strings.TrimSpace(l[start:end])
			}
			if v == "<none>" {
				v = ""
			}
			r[lines[0][h[0]:h[1]]] = v
		}
		rows = append(rows, r)
	}
	return rows
}

// replicaSetOf names the newest ReplicaSet the Deployment controls.
func replicaSetOf(ns, deployment string) string {
	out, err := kubectl("-n", ns, "get", "replicasets", "-o", "json")
	if err != nil {
		return ""
	}
	var list struct {
		Items []struct {
			Metadata struct {
				Name              string    `json:"name"`
				CreationTimestamp time.Time `json:"creationTimestamp"`
				OwnerReferences   []struct {
					Kind       string `json:"kind"`
					Name       string `json:"name"`
					Controller bool   `json:"controller"`
				} `json:"ownerReferences"`
			} `json:"metadata"`
		} `json:"items"`
	}
	if json.Unmarshal([]byte(out), &list) != nil {
		return ""
	}
	name, newest := "", time.Time{}
	for _, rs := range list.Items {
		for _, o := range rs.Metadata.OwnerReferences {
			if o.Controller && o.Kind == "Deployment" && o.Name == deployment && !rs.Metadata.CreationTimestamp.Before(newest) {
				name, newest = rs.Metadata.Name, rs.Metadata.CreationTimestamp
			}
		}
	}
	return name
}

// ---------------------------------------------------------------- teardown, capture

// teardownAllBeyond deletes what the scenarios made: the cluster-scoped
// objects first (the webhook must never outlive its namespace), then the
// finalizer that holds ns-stuck, then every namespace in one request, so
// that they terminate together.
func teardownAllBeyond(ss []beyondScenario) {
	args := []string{"delete", "namespace", "--wait=true", "--timeout=180s", "--ignore-not-found"}
	for _, s := range ss {
		releaseBeyond(s)
		args = append(args, s.ns)
	}
	_, _ = kubectl(args...)
}

func releaseBeyond(s beyondScenario) {
	for _, o := range s.cluster {
		_, _ = kubectl("delete", o, "--ignore-not-found", "--wait=false")
	}
	if s.deleteNS {
		_, _ = kubectl("-n", s.ns, "patch", "configmap", "held", "--type=json", `-p=[{"op":"remove","path":"/metadata/finalizers"}]`)
	}
}

// captureBeyond saves what the cluster shows for a failed scenario, in the
// form of /work/notes/captured-v2 (one v1 List, `kubectl get -o yaml`).
func captureBeyond(t *testing.T, s beyondScenario) {
	t.Helper()
	path := filepath.Join(artifacts, "beyond-"+s.name+".yaml")
	var b strings.Builder
	fmt.Fprintf(&b, "# e2e beyond-pods scenario %s (namespace %s), captured %s after a failure.\n", s.name, s.ns, time.Now().UTC().Format(time.RFC3339))
	for _, args := range [][]string{
		{"-n", s.ns, "get", "pods,events,pvc,deploy,rs,sts,ds,job,cronjob,svc,endpointslices,ing", "-o", "yaml"},
		{"get", "namespace", s.ns, "-o", "yaml"},
		{"get", "ingressclass,sc,validatingwebhookconfiguration", "-o", "yaml"},
	} {
		out, err := kubectl(args...)
		if err != nil {
			fmt.Fprintf(&b, "# %v\n", err)
			continue
		}
		b.WriteString("---\n" + out)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Logf("capture: %v", err)
		return
	}
	t.Logf("captured the scenario's objects in %s", path)
}
