package diagnosis

import (
	"fmt"
	"reflect"
	"strconv"
)

// DiagnoseUnsafe is diagnose without the panic safety net, so the fuzz test
// sees a rule's panic instead of an Unclassified diagnosis.
var DiagnoseUnsafe = diagnose

// Placeholders exposes the template scanner to the catalog test.
var Placeholders = placeholders

// Phrases lists every text of catalog_phrases.go by name for the catalog
// test: each field of phrase, then each row of the keyed tables.
func Phrases() map[string]Text {
	out := map[string]Text{}
	v := reflect.ValueOf(phrase)
	for i := 0; i < v.NumField(); i++ {
		out["phrase."+v.Type().Field(i).Name] = v.Field(i).Interface().(Text)
	}
	for k, t := range schedShortageLabels {
		out["schedShortageLabels["+k+"]"] = t
	}
	for k, t := range schedResourceNames {
		out["schedResourceNames["+k+"]"] = t
	}
	for _, m := range schedWellKnownTaints {
		out["schedWellKnownTaints["+m.key+"]"] = m.text
	}
	for k, t := range crashExitMeanings {
		out["crashExitMeanings["+strconv.Itoa(int(k))+"]"] = t
	}
	for k, t := range crashSignals {
		out["crashSignals["+strconv.Itoa(int(k))+"]"] = t
	}
	for _, m := range admissionMeanings {
		out["admissionMeanings"+fmt.Sprint(m.reasons)] = m.text
	}
	for _, b := range stuckBlockers {
		out["stuckBlockers"+fmt.Sprint(b.needles)] = b.text
	}
	return out
}
