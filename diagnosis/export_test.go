package diagnosis

import (
	"fmt"
	"reflect"
	"strconv"
	"testing"
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

// MissAllocs names the rules that allocate while checking in without
// matching it (after a warm-up call, so per-pod memos such as the parsed
// FailedScheduling message do not count). Rules that do not match are most
// of the engine's work, so they must cost no garbage.
func MissAllocs(in Input, opts Options) []string {
	c := newContext(in, opts)
	if !c.assess().abnormal {
		return nil
	}
	var out []string
	for _, r := range registry {
		if _, ok := r.Check(c); ok {
			continue
		}
		if n := testing.AllocsPerRun(10, func() { r.Check(c) }); n > 0 {
			out = append(out, fmt.Sprintf("%s (%.0f allocs)", r.Reason, n))
		}
	}
	return out
}
