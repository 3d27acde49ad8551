package controllers

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"sigs.k8s.io/yaml"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/dump"
)

// TestSettledCompactionKeepsDiagnoses runs every fixture of the engine
// through the store's compaction, with several engine options, and checks
// the engine says exactly the same about the compact pod as about the full
// one — when compacted and later, as the clock moves on while the cached
// pod does not change.
func TestSettledCompactionKeepsDiagnoses(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "diagnosis", "testdata", "*", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var optionSets []diagnosis.Options
	for _, window := range []time.Duration{10 * time.Minute, 61 * time.Minute, 24 * time.Hour} {
		for _, grace := range []time.Duration{2 * time.Minute, 30 * time.Second} {
			o := diagnosis.DefaultOptions()
			o.RestartWindow, o.GracePeriod = window, grace
			optionSets = append(optionSets, o)
		}
	}
	compacted := 0
	for _, path := range paths {
		in := fixtureInput(t, path)
		// Each fixture also with a memory limit on every container: what the
		// compaction drops must not be what a rule quotes ("no memory limit").
		limited := in
		limited.Pod = withMemoryLimits(in.Pod)
		for _, opts := range optionSets {
			for _, variant := range []diagnosis.Input{in, limited} {
				if compareCompacted(t, path, variant, opts) {
					compacted++
				}
			}
		}
	}
	if compacted == 0 {
		t.Error("no fixture was compacted under any option set: the test proves nothing")
	}
}

// compareCompacted reports whether the pod was compacted, failing t when the
// engine judges the compact pod differently.
func compareCompacted(t *testing.T, path string, in diagnosis.Input, opts diagnosis.Options) bool {
	t.Helper()
	full := in.Pod.DeepCopy()
	if _, err := TransformPod(DefaultAnnotationPrefix)(full); err != nil {
		t.Fatal(err)
	}
	compact := full.DeepCopy()
	compactSettled(compact, in.Now, opts)
	if reflect.DeepEqual(compact, full) {
		return false
	}
	for _, later := range []time.Duration{0, 11 * time.Minute, 62 * time.Minute, 25 * time.Hour} {
		at := in
		at.Now = in.Now.Add(later)
		want := diagnose(full, at, opts)
		got := diagnose(compact, at, opts)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s (restart window %s, grace %s, +%s): compact pod diagnosed\n%+v\nfull pod\n%+v",
				path, opts.RestartWindow, opts.GracePeriod, later, describe(got), describe(want))
		}
	}
	return true
}

func withMemoryLimits(p *corev1.Pod) *corev1.Pod {
	p = p.DeepCopy()
	for _, cs := range [][]corev1.Container{p.Spec.InitContainers, p.Spec.Containers} {
		for i := range cs {
			cs[i].Resources.Limits = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("256Mi")}
		}
	}
	return p
}

func diagnose(p *corev1.Pod, in diagnosis.Input, opts diagnosis.Options) diagnosis.Result {
	in.Pod = p
	return diagnosis.Diagnose(in, opts)
}

func describe(r diagnosis.Result) string {
	b, _ := json.Marshal(struct {
		D *diagnosis.Diagnosis
		R time.Time
	}{r.Diagnosis, r.RecheckAt})
	return string(b)
}

// fixtureInput loads an engine fixture (docs/dev/rule-authoring.md): the
// objects, and "now" from its Expectation document or the dump's clock.
func fixtureInput(t *testing.T, path string) diagnosis.Input {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := dump.Parse(bytes.NewReader(data))
	if err != nil || len(objs.Pods) != 1 {
		t.Fatalf("%s: %v (%d pods)", path, err, len(objs.Pods))
	}
	now := objs.Latest
	err = dump.Documents(bytes.NewReader(data), func(doc []byte, _ int) error {
		var e struct{ Kind, Now string }
		if yaml.Unmarshal(doc, &e) == nil && e.Kind == "Expectation" && e.Now != "" {
			now, err = time.Parse(time.RFC3339, e.Now)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return objs.Inputs(now)[0]
}
