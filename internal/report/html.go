package report

import (
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
)

// HTML is a page a person opens or a pipeline attaches: one file, no
// external assets and nothing fetched (its Content-Security-Policy forbids
// it), every text escaped by html/template — the summaries quote the
// cluster.
const HTML Format = "html"

//go:embed report.html.tmpl
var htmlPage string

var htmlTemplate = template.Must(template.New("report").Parse(htmlPage))

// htmlData is what the page shows.
type htmlData struct {
	Total      int
	Causes     []htmlCause
	Groups     []Group
	Namespaces []string
	Reasons    []string
	Cards      []record
}

// htmlCause is one line of the summary of causes.
type htmlCause struct {
	Reason, Severity string
	Count            int
}

// writeHTML renders the diagnosed rows (healthy ones are not cards).
func writeHTML(w io.Writer, rows []Row) error {
	d := htmlData{Groups: Groups(rows)}
	counts := map[string]*htmlCause{}
	for _, r := range rows {
		if r.Diagnosis == nil {
			continue
		}
		rec := toRecord(r)
		d.Cards = append(d.Cards, rec)
		c := counts[rec.Reason]
		if c == nil {
			c = &htmlCause{Reason: rec.Reason, Severity: rec.Severity}
			counts[rec.Reason] = c
			d.Reasons = append(d.Reasons, rec.Reason)
		}
		c.Count++
		if !slices.Contains(d.Namespaces, rec.Namespace) {
			d.Namespaces = append(d.Namespaces, rec.Namespace)
		}
	}
	d.Total = len(d.Cards)
	for _, c := range counts {
		d.Causes = append(d.Causes, *c)
	}
	slices.SortFunc(d.Causes, func(a, b htmlCause) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Reason, b.Reason))
	})
	slices.Sort(d.Namespaces)
	slices.Sort(d.Reasons)
	if err := htmlTemplate.Execute(w, d); err != nil {
		return fmt.Errorf("rendering html: %w", err)
	}
	return nil
}
