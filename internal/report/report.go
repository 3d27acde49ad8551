// Package report renders diagnoses for people (a kubectl-like table) and for
// programs (the JSON / YAML shape of design.md's command-line contract).
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/sanitize"
)

// Row is one object's verdict; Diagnosis is nil for a healthy object.
type Row struct {
	Namespace string
	// Pod is the pod's name for a pod; "" for an object beyond pods.
	Pod string
	// Kind and Name name an object beyond pods (design.md, "Beyond pods");
	// a row with an empty Kind is the pod Pod.
	Kind, Name string
	Diagnosis  *diagnosis.Diagnosis
}

// kind is the row's API kind.
func (r Row) kind() string {
	if r.Kind == "" {
		return kindPod
	}
	return r.Kind
}

// name is the row's object name.
func (r Row) name() string {
	if r.Kind == "" {
		return r.Pod
	}
	return r.Name
}

const kindPod = "Pod"

// Format is an output format of `diagnose -o`.
type Format string

// Output formats.
const (
	Text  Format = "text"
	JSON  Format = "json"
	YAML  Format = "yaml"
	JUnit Format = "junit"
)

// ParseFormat validates an -o value.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case Text, JSON, YAML, JUnit, HTML:
		return Format(s), nil
	}
	return "", fmt.Errorf("unknown output format %q (want text, json, yaml, junit or html)", s)
}

// record is the JSON object of design.md, one per object; field order is the
// contract's. v2 adds kind and name to every object; a pod keeps "pod".
type record struct {
	Namespace string   `json:"namespace"`
	Pod       string   `json:"pod,omitempty"`
	Kind      string   `json:"kind"`
	Name      string   `json:"name"`
	Reason    string   `json:"reason"`
	Category  string   `json:"category"`
	Severity  string   `json:"severity"`
	Container string   `json:"container"`
	Init      bool     `json:"init"`
	Summary   string   `json:"summary"`
	Evidence  []string `json:"evidence"`
	Hints     []string `json:"hints"`
	Since     string   `json:"since"`
}

func toRecord(r Row) record {
	name := sanitize.Text(r.name())
	rec := record{Namespace: sanitize.Text(r.Namespace), Kind: r.kind(), Name: name, Reason: string(diagnosis.ReasonHealthy), Evidence: []string{}, Hints: []string{}}
	if rec.Kind == kindPod {
		rec.Pod = name
	}
	d := r.Diagnosis
	if d == nil {
		return rec
	}
	rec.Reason, rec.Category, rec.Severity = string(d.Reason), string(d.Category), string(d.Severity)
	rec.Container, rec.Init, rec.Summary = d.Container, d.Init, d.Summary
	if d.Evidence != nil {
		rec.Evidence = d.Evidence
	}
	if d.Hints != nil {
		rec.Hints = d.Hints
	}
	if !d.Since.IsZero() {
		rec.Since = d.Since.UTC().Format(time.RFC3339)
	}
	return rec
}

// Sort orders rows by kind (pods first, then kindOrder), namespace and
// name, so output is stable and text output can group by kind.
func Sort(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if ka, kb := kindRank(a.kind()), kindRank(b.kind()); ka != kb {
			return ka < kb
		}
		if a.Namespace != b.Namespace {
			return a.Namespace < b.Namespace
		}
		return a.name() < b.name()
	})
}

// KindOrder is the order of the kinds in output: pods, then the objects
// beyond pods from the workloads outwards.
var KindOrder = []string{kindPod, "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob",
	"Service", "Ingress", "PersistentVolumeClaim", "Namespace"}

func kindRank(k string) int {
	for i, x := range KindOrder {
		if x == k {
			return i
		}
	}
	return len(KindOrder)
}

// Write renders rows in the format.
func Write(w io.Writer, f Format, rows []Row) error {
	switch f {
	case JSON, YAML:
		recs := make([]record, 0, len(rows))
		for _, r := range rows {
			recs = append(recs, toRecord(r))
		}
		return writeData(w, f, recs)
	case JUnit:
		return writeJUnit(w, rows)
	case HTML:
		return writeHTML(w, rows)
	default:
		return writeText(w, rows)
	}
}

// WriteGroups renders the incidents among rows (see Groups) as a JSON or
// YAML array: `diagnose --groups`.
func WriteGroups(w io.Writer, f Format, rows []Row) error {
	if f != JSON && f != YAML {
		return fmt.Errorf("--groups needs -o json or -o yaml, not %s", f)
	}
	return writeData(w, f, Groups(rows))
}

// writeData encodes v as indented JSON, or as YAML.
func writeData(w io.Writer, f Format, v any) error {
	// Hints hold shell placeholders such as <existing-tag>: keep them readable.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encoding json: %w", err)
	}
	out := buf.Bytes()
	if f == YAML {
		var err error
		if out, err = yaml.JSONToYAML(out); err != nil {
			return fmt.Errorf("encoding yaml: %w", err)
		}
	}
	_, err := w.Write(out)
	return err
}

// summaryWidth keeps the table readable; the full summary follows in the details.
const summaryWidth = 100

func writeText(w io.Writer, rows []Row) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "No abnormal pods found.")
		return err
	}
	writeGroups(w, Groups(rows))
	for i, group := range byKind(rows) {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if err := writeTable(w, group); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if r.Diagnosis != nil {
			writeDetails(w, toRecord(r))
		}
	}
	return nil
}

// byKind splits sorted rows into runs of one kind.
func byKind(rows []Row) [][]Row {
	var out [][]Row
	for i, r := range rows {
		if i == 0 || r.kind() != rows[i-1].kind() {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], r)
	}
	return out
}

// writeTable prints one kind's rows: pods with their container, other
// kinds under their own column title, namespaces by name alone.
func writeTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	kind := rows[0].kind()
	switch kind {
	case kindPod:
		fmt.Fprintln(tw, "NAMESPACE\tPOD\tREASON\tCONTAINER\tSUMMARY")
	case "Namespace":
		fmt.Fprintln(tw, "NAMESPACE\tREASON\tSUMMARY")
	default:
		fmt.Fprintf(tw, "NAMESPACE\t%s\tREASON\tSUMMARY\n", strings.ToUpper(kind))
	}
	for _, r := range rows {
		rec := toRecord(r)
		summary := orDash(diagnosis.Truncate(rec.Summary, summaryWidth))
		switch kind {
		case kindPod:
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", rec.Namespace, rec.Pod, rec.Reason, orDash(containerLabel(rec)), summary)
		case "Namespace":
			fmt.Fprintf(tw, "%s\t%s\t%s\n", rec.Name, rec.Reason, summary)
		default:
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", rec.Namespace, rec.Name, rec.Reason, summary)
		}
	}
	return tw.Flush()
}

func writeDetails(w io.Writer, rec record) {
	switch rec.Kind {
	case kindPod:
		fmt.Fprintf(w, "\n%s/%s: %s (%s, %s) since %s\n", rec.Namespace, rec.Pod, rec.Reason, rec.Category, rec.Severity, rec.Since)
	case "Namespace":
		fmt.Fprintf(w, "\nnamespace %s: %s (%s, %s) since %s\n", rec.Name, rec.Reason, rec.Category, rec.Severity, rec.Since)
	default:
		fmt.Fprintf(w, "\n%s %s/%s: %s (%s, %s) since %s\n", rec.Kind, rec.Namespace, rec.Name, rec.Reason, rec.Category, rec.Severity, rec.Since)
	}
	fmt.Fprintf(w, "  %s\n", rec.Summary)
	writeList(w, "Evidence", rec.Evidence)
	writeList(w, "Hints", rec.Hints)
}

func writeList(w io.Writer, title string, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s:\n", title)
	for _, s := range items {
		fmt.Fprintf(w, "    - %s\n", s)
	}
}

func containerLabel(rec record) string {
	if rec.Init && rec.Container != "" {
		return rec.Container + " (init)"
	}
	return rec.Container
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
