package workload

import (
	"reflect"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Phrases lists every phrase of the package by name, for the phrase test.
func Phrases() map[string]diagnosis.Text {
	out := map[string]diagnosis.Text{}
	v := reflect.ValueOf(phrase)
	for i := 0; i < v.NumField(); i++ {
		out[v.Type().Field(i).Name] = v.Field(i).Interface().(diagnosis.Text)
	}
	for check, txt := range psaFixes {
		out["psa "+check] = txt
	}
	return out
}
