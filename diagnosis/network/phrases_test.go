package network

import (
	"reflect"
	"slices"
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// TestPhrasesComplete holds the family's fragments to the catalog's
// standard: both languages, and the same facts in both.
func TestPhrasesComplete(t *testing.T) {
	v := reflect.ValueOf(phrase)
	if v.NumField() < 15 {
		t.Fatalf("only %d phrases found", v.NumField())
	}
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		txt := v.Field(i).Interface().(diagnosis.Text)
		if txt.EN == "" || txt.ZH == "" {
			t.Errorf("%s: both languages required: %+v", name, txt)
			continue
		}
		en, zh := diagnosis.TemplatePlaceholders(txt.EN), diagnosis.TemplatePlaceholders(txt.ZH)
		slices.Sort(en)
		slices.Sort(zh)
		if !slices.Equal(slices.Compact(en), slices.Compact(zh)) {
			t.Errorf("%s: placeholders differ: en %v zh %v", name, en, zh)
		}
	}
}
