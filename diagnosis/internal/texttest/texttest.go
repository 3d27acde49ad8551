// Package texttest checks texts for the engines' tests: tables of catalog
// texts (every text in both languages, with the same placeholders in both)
// and the texts of a rendered diagnosis.
package texttest

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Complete fails t for each text of table — a struct of diagnosis.Text
// fields, or a map of them by name — that lacks a language or whose
// languages name different placeholders.
func Complete(t *testing.T, table any) {
	t.Helper()
	texts := map[string]any{}
	v := reflect.ValueOf(table)
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			texts[v.Type().Field(i).Name] = v.Field(i).Interface()
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			texts[k.String()] = v.MapIndex(k).Interface()
		}
	}
	if len(texts) == 0 {
		t.Fatalf("want a non-empty struct or map of diagnosis.Text, got %T", table)
	}
	for name, x := range texts {
		txt, ok := x.(diagnosis.Text)
		switch {
		case !ok:
			t.Errorf("%s: not a diagnosis.Text", name)
		case txt.EN == "" || txt.ZH == "":
			t.Errorf("%s: both languages required: %+v", name, txt)
		default:
			if en, zh := sorted(txt.EN), sorted(txt.ZH); !slices.Equal(en, zh) {
				t.Errorf("%s: placeholders differ: en %v zh %v", name, en, zh)
			}
		}
	}
}

func sorted(tpl string) []string {
	p := diagnosis.TemplatePlaceholders(tpl)
	slices.Sort(p)
	return slices.Compact(p)
}

var unexpanded = regexp.MustCompile(`\{[a-zA-Z][a-zA-Z0-9_]*\}`)

// Readable fails t for what every diagnosis owes its reader: a one-line
// summary (with Chinese in it when zh), evidence, hints, no unexpanded
// placeholder, a start time, and an incident exactly when the code has an
// incident key. Whom the hints must name is the caller's to check.
func Readable(t *testing.T, got *diagnosis.Diagnosis, zh bool) {
	t.Helper()
	if got.Summary == "" || strings.ContainsAny(got.Summary, "\n\r") {
		t.Errorf("summary must be one non-empty line: %q", got.Summary)
	}
	if zh && !HasHan(got.Summary) {
		t.Errorf("zh summary has no Chinese: %q", got.Summary)
	}
	if len(got.Evidence) == 0 {
		t.Errorf("no evidence")
	}
	if len(got.Hints) == 0 {
		t.Errorf("no hints")
	}
	for _, s := range append([]string{got.Summary}, got.Hints...) {
		if m := unexpanded.FindString(s); m != "" {
			t.Errorf("unexpanded placeholder %s in %q", m, s)
		}
	}
	if got.Since.IsZero() {
		t.Errorf("since is zero")
	}
	if _, ok := diagnosis.IncidentKeyOf(got.Reason); ok != (got.Incident != "") {
		t.Errorf("incident %q for %s (a code with an incident key must name it, any other none)", got.Incident, got.Reason)
	}
}

// EvidenceHas fails t for each of words that no evidence line contains.
func EvidenceHas(t *testing.T, evidence, words []string) {
	t.Helper()
	for _, w := range words {
		if !slices.ContainsFunc(evidence, func(line string) bool { return strings.Contains(line, w) }) {
			t.Errorf("no evidence line contains %q: %q", w, evidence)
		}
	}
}

// HasHan reports whether s holds a Chinese character.
func HasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}
