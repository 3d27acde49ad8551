// Package sweep runs every engine over what one `diagnose` read — a dump or
// a live listing — and returns the rows to print: the pods through the pod
// engine, one decoded at a time, then the objects beyond pods through the
// family engines (diagnosis/snapshot), which roll the pods' verdicts up.
// The CLI and the fixture tests share it, so both see the same answer.
package sweep

import (
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/snapshot"
	"github.com/pod-doctor/pod-doctor/internal/dump"
	"github.com/pod-doctor/pod-doctor/internal/report"
)

// Options select what is diagnosed and shown.
type Options struct {
	Engine diagnosis.Options
	// All keeps healthy objects too, with reason Healthy.
	All bool
	// Kinds limits the output to these kinds (Pod, Deployment, ...); nil
	// shows every kind. Objects of other kinds are still diagnosed when a
	// shown one rolls them up.
	Kinds map[string]bool
}

// All diagnoses everything objs holds as of now.
func All(objs *dump.Objects, now time.Time, o Options) ([]report.Row, error) {
	// Only the pods a roll-up reads keep a slim copy (none when the snapshot
	// holds nothing beyond pods). The filter reads no events, which a live
	// listing may still be fetching.
	rolledUp := objs.Snapshot().PodFilter()
	result := func(pod *corev1.Pod, d *diagnosis.Diagnosis) podResult {
		r := podResult{namespace: pod.Namespace, name: pod.Name, d: d}
		if rolledUp(pod) {
			r.slim = snapshot.Slim(pod)
		}
		return r
	}
	// A pod whose verdict cannot depend on its events is healthy: it needs
	// no engine run, nor the events.
	early := func(in diagnosis.Input) (podResult, bool) {
		if diagnosis.NeedsEvents(in, o.Engine) {
			return podResult{}, false
		}
		return result(in.Pod, nil), true
	}
	// The claims' causes and the roll-ups read the events: the snapshot they
	// share is taken once the events are in, when the first pod that needs
	// them gets them, or after the last pod.
	snap := sync.OnceValue(objs.Snapshot)
	claims := sync.OnceValue(func() *snapshot.Claims { return snapshot.NewClaims(snap(), now, o.Engine) })
	results, err := dump.MapInputs(objs, now, early, func(in diagnosis.Input) podResult {
		in.ClaimCauses = claims().For(in)
		return result(in.Pod, diagnosis.Diagnose(in, o.Engine).Diagnosis)
	})
	if err != nil {
		return nil, err
	}
	rows := make([]report.Row, 0)
	var pods []snapshot.Pod
	for _, r := range results {
		if r.slim != nil {
			pods = append(pods, snapshot.Pod{Pod: r.slim, Diagnosis: r.d})
		}
		if (r.d != nil || o.All) && o.shows("Pod") {
			rows = append(rows, report.Row{Namespace: r.namespace, Pod: r.name, Diagnosis: r.d})
		}
	}
	for _, v := range snapshot.Diagnose(snap(), pods, now, o.Engine) {
		if (v.Diagnosis != nil || o.All) && o.shows(v.Object.Kind) {
			rows = append(rows, report.Row{Namespace: v.Object.Namespace, Kind: v.Object.Kind, Name: v.Object.Name, Diagnosis: v.Diagnosis})
		}
	}
	report.Sort(rows)
	return rows, nil
}

// podResult is one pod's verdict, and its slim copy when a roll-up reads it.
type podResult struct {
	namespace, name string
	d               *diagnosis.Diagnosis
	slim            *corev1.Pod
}

func (o Options) shows(kind string) bool { return o.Kinds == nil || o.Kinds[kind] }
