package storage

import (
	"reflect"
	"slices"
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// TestPhrasesComplete: every phrase has both languages and the same
// placeholders in both, as the catalog's texts must.
func TestPhrasesComplete(t *testing.T) {
	v := reflect.ValueOf(phrase)
	if v.NumField() == 0 {
		t.Fatal("no phrases found")
	}
	for i := 0; i < v.NumField(); i++ {
		name, txt := v.Type().Field(i).Name, v.Field(i).Interface().(diagnosis.Text)
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
