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

// Row is one pod's verdict; Diagnosis is nil for a healthy pod.
type Row struct {
	Namespace string
	Pod       string
	Diagnosis *diagnosis.Diagnosis
}

// Format is an output format of `diagnose -o`.
type Format string

// Output formats.
const (
	Text Format = "text"
	JSON Format = "json"
	YAML Format = "yaml"
)

// ParseFormat validates an -o value.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case Text, JSON, YAML:
		return Format(s), nil
	}
	return "", fmt.Errorf("unknown output format %q (want text, json or yaml)", s)
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
	name := sanitize.Text(r.Pod)
	rec := record{Namespace: sanitize.Text(r.Namespace), Pod: name, Kind: "Pod", Name: name, Reason: string(diagnosis.ReasonHealthy), Evidence: []string{}, Hints: []string{}}
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

// Sort orders rows by namespace then pod name, so output is stable.
func Sort(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Namespace != rows[j].Namespace {
			return rows[i].Namespace < rows[j].Namespace
		}
		return rows[i].Pod < rows[j].Pod
	})
}

// Write renders rows in the format.
func Write(w io.Writer, f Format, rows []Row) error {
	switch f {
	case JSON, YAML:
		recs := make([]record, 0, len(rows))
		for _, r := range rows {
			recs = append(recs, toRecord(r))
		}
		// Hints hold shell placeholders such as <existing-tag>: keep them readable.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(recs); err != nil {
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
	default:
		return writeText(w, rows)
	}
}

// summaryWidth keeps the table readable; the full summary follows in the details.
const summaryWidth = 100

func writeText(w io.Writer, rows []Row) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "No abnormal pods found.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAMESPACE\tPOD\tREASON\tCONTAINER\tSUMMARY")
	for _, r := range rows {
		rec := toRecord(r)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", rec.Namespace, rec.Pod, rec.Reason,
			orDash(containerLabel(rec)), orDash(diagnosis.Truncate(rec.Summary, summaryWidth)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range rows {
		if r.Diagnosis != nil {
			writeDetails(w, toRecord(r))
		}
	}
	return nil
}

func writeDetails(w io.Writer, rec record) {
	fmt.Fprintf(w, "\n%s/%s: %s (%s, %s) since %s\n", rec.Namespace, rec.Pod, rec.Reason, rec.Category, rec.Severity, rec.Since)
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
