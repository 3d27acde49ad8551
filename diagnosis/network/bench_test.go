package network_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/network"
	"github.com/pod-doctor/pod-doctor/internal/dump"
)

// BenchmarkDiagnose runs the family engine over every Service and Ingress
// of the fixture corpus per op; ns/object is the average cost of one
// verdict. Target (issue 11): ≤ 20 µs per object. The inputs — selected
// pods with their verdicts, label sets, slices, backends — are built once
// outside the timer, as diagnosis/snapshot builds them.
func BenchmarkDiagnose(b *testing.B) {
	services, ingresses := corpus(b)
	opts := diagnosis.DefaultOptions()
	objects := len(services) + len(ingresses)
	if objects == 0 {
		b.Fatal("no Service or Ingress in the fixtures")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, in := range services {
			network.DiagnoseService(in, opts)
		}
		for _, in := range ingresses {
			network.DiagnoseIngress(in, opts)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*objects), "ns/object")
}

// corpus builds the engine inputs of every fixture.
func corpus(tb testing.TB) ([]network.ServiceInput, []network.IngressInput) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*", "*.yaml"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no fixtures (%v)", err)
	}
	var svcs []network.ServiceInput
	var ings []network.IngressInput
	for _, p := range paths {
		s, i := fixtureInputs(tb, p)
		svcs, ings = append(svcs, s...), append(ings, i...)
	}
	return svcs, ings
}

// fixtureInputs reads one fixture and builds its inputs; "now" is the
// latest observed time (a few fixtures pin another, which changes what is
// due, not what is computed).
func fixtureInputs(tb testing.TB, path string) ([]network.ServiceInput, []network.IngressInput) {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	objs, err := dump.Parse(f)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	now := objs.Latest.Add(10 * time.Minute)
	snap := objs.Snapshot()
	podsByNS := map[string][]network.ServicePod{}
	for _, in := range objs.Inputs(now) {
		p := network.ServicePod{Pod: in.Pod, Diagnosis: diagnosis.Diagnose(in, diagnosis.DefaultOptions()).Diagnosis}
		podsByNS[in.Pod.Namespace] = append(podsByNS[in.Pod.Namespace], p)
	}
	var svcs []network.ServiceInput
	byName := map[string]*corev1.Service{}
	verdicts := map[string]*diagnosis.Diagnosis{}
	for _, s := range snap.Services {
		in := network.ServiceInput{Service: s, Now: now, LabelSets: labelSets(podsByNS[s.Namespace]), Pods: selected(s, podsByNS[s.Namespace])}
		for _, sl := range snap.EndpointSlices {
			if sl.Namespace == s.Namespace && sl.Labels["kubernetes.io/service-name"] == s.Name {
				in.EndpointSlices = append(in.EndpointSlices, sl)
			}
		}
		svcs = append(svcs, in)
		byName[s.Namespace+"/"+s.Name] = s
		verdicts[s.Namespace+"/"+s.Name] = network.DiagnoseService(in, diagnosis.DefaultOptions()).Diagnosis
	}
	var ings []network.IngressInput
	for _, ing := range snap.Ingresses {
		in := network.IngressInput{Ingress: ing, Now: now, Classes: snap.IngressClasses,
			Services: map[string]*corev1.Service{}, Verdicts: map[string]*diagnosis.Diagnosis{}}
		for _, name := range network.BackendServices(ing) {
			if s := byName[ing.Namespace+"/"+name]; s != nil {
				in.Services[name], in.Verdicts[name] = s, verdicts[ing.Namespace+"/"+name]
			}
		}
		ings = append(ings, in)
	}
	return svcs, ings
}

func selected(s *corev1.Service, pods []network.ServicePod) []network.ServicePod {
	if len(s.Spec.Selector) == 0 {
		return nil
	}
	sel := labels.SelectorFromSet(s.Spec.Selector)
	var out []network.ServicePod
	for _, p := range pods {
		if sel.Matches(labels.Set(p.Pod.Labels)) {
			out = append(out, p)
		}
	}
	return out
}

func labelSets(pods []network.ServicePod) []map[string]string {
	out := []map[string]string{}
	for _, p := range pods {
		if !slices.ContainsFunc(out, func(s map[string]string) bool { return maps.Equal(s, p.Pod.Labels) }) {
			out = append(out, p.Pod.Labels)
		}
	}
	return out
}
