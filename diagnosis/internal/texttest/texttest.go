// Package texttest checks tables of catalog texts for the family engines'
// tests: every text in both languages, with the same placeholders in both.
package texttest

import (
	"reflect"
	"slices"
	"testing"

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
