package workload_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/workload"
	"github.com/pod-doctor/pod-doctor/internal/dump"
)

// BenchmarkDiagnose runs the engine over every workload of the fixture
// corpus, with the inputs the orchestrator would build (pods with their
// verdicts, events by UID, the newest child's verdict), and reports the
// cost per object; the target is 20 µs (issue 11).
func BenchmarkDiagnose(b *testing.B) {
	inputs := corpusInputs(b)
	if len(inputs) == 0 {
		b.Fatal("no workload in the fixtures")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, in := range inputs {
			workload.Diagnose(in, opts)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(inputs)), "ns/object")
}

var nowRe = regexp.MustCompile(`(?m)^now: '?([0-9TZ:-]+)'?$`)

// corpusInputs builds the Input of every workload of every fixture.
func corpusInputs(b *testing.B) []workload.Input {
	b.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*", "*.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	var out []workload.Input
	for _, p := range paths {
		out = append(out, fixtureInputs(b, p)...)
	}
	return out
}

func fixtureInputs(b *testing.B, path string) []workload.Input {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	objs, err := dump.Parse(bytes.NewReader(data))
	if err != nil {
		b.Fatalf("%s: %v", path, err)
	}
	now := objs.Latest
	if m := nowRe.FindSubmatch(data); m != nil {
		if now, err = time.Parse(time.RFC3339, string(m[1])); err != nil {
			b.Fatal(err)
		}
	}
	pods := map[types.UID][]diagnosis.PodVerdict{}
	err = objs.EachInput(now, func(in diagnosis.Input) {
		if ref := metav1.GetControllerOf(in.Pod); ref != nil {
			pods[ref.UID] = append(pods[ref.UID], podVerdict(in.Pod, diagnosis.Diagnose(in, opts).Diagnosis))
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	events := map[types.UID][]corev1.Event{}
	for _, e := range objs.Events {
		events[e.InvolvedObject.UID] = append(events[e.InvolvedObject.UID], e)
	}
	s := objs.Snapshot()
	owned := func(m metav1.Object) workload.Input {
		return workload.Input{Object: m, Events: events[m.GetUID()], Pods: pods[m.GetUID()], Now: now}
	}
	var out []workload.Input
	newest := map[types.UID]ranked{} // by owner UID
	for _, r := range s.ReplicaSets {
		out = append(out, owned(r))
		keepNewest(newest, r, "ReplicaSet", r.Annotations["deployment.kubernetes.io/revision"], workload.Diagnose(owned(r), opts).Diagnosis)
	}
	for _, j := range s.Jobs {
		out = append(out, owned(j))
		keepNewest(newest, j, "Job", "", workload.Diagnose(owned(j), opts).Diagnosis)
	}
	for _, x := range s.StatefulSets {
		out = append(out, owned(x))
	}
	for _, x := range s.DaemonSets {
		out = append(out, owned(x))
	}
	for _, d := range s.Deployments {
		out = append(out, workload.Input{Object: d, Events: events[d.UID], Newest: newest[d.UID].child, Now: now})
	}
	for _, c := range s.CronJobs {
		out = append(out, workload.Input{Object: c, Events: events[c.UID], Newest: newest[c.UID].child, Now: now})
	}
	return out
}

// ranked is a candidate newest child with its revision.
type ranked struct {
	child *workload.Child
	rev   int
}

// keepNewest remembers, per owner, the child with the highest revision,
// then the latest creation: the orchestrator's choice.
func keepNewest(newest map[types.UID]ranked, m metav1.Object, kind, revision string, d *diagnosis.Diagnosis) {
	ref := metav1.GetControllerOf(m)
	if ref == nil {
		return
	}
	rev, _ := strconv.Atoi(revision)
	obj := diagnosis.Object{Kind: kind, Namespace: m.GetNamespace(), Name: m.GetName(), Created: m.GetCreationTimestamp().Time}
	if cur, ok := newest[ref.UID]; ok && (cur.rev > rev || (cur.rev == rev && !obj.Created.After(cur.child.Object.Created))) {
		return
	}
	newest[ref.UID] = ranked{child: &workload.Child{Object: obj, Diagnosis: d}, rev: rev}
}

func podVerdict(p *corev1.Pod, d *diagnosis.Diagnosis) diagnosis.PodVerdict {
	v := diagnosis.PodVerdict{Name: p.Name, Created: p.CreationTimestamp.Time, Diagnosis: d}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			v.Ready = c.Status == corev1.ConditionTrue
		}
	}
	return v
}
