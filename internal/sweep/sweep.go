// Package sweep runs every engine over what one `diagnose` read — a dump or
// a live listing — and returns the rows to print: the pods through the pod
// engine, one decoded at a time, then the objects beyond pods through the
// family engines (diagnosis/snapshot), which roll the pods' verdicts up.
// The CLI and the fixture tests share it, so both see the same answer.
package sweep

import (
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
	snap := objs.Snapshot()
	// Only the pods a roll-up reads keep a slim copy (none when the snapshot
	// holds nothing beyond pods).
	rolledUp := snap.PodFilter()
	claims := snapshot.NewClaims(snap, now, o.Engine)
	results, err := dump.MapInputs(objs, now, func(in diagnosis.Input) podResult {
		in.ClaimCauses = claims.For(in)
		r := podResult{namespace: in.Pod.Namespace, name: in.Pod.Name, d: diagnosis.Diagnose(in, o.Engine).Diagnosis}
		if rolledUp(in.Pod) {
			r.slim = snapshot.Slim(in.Pod)
		}
		return r
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
	for _, v := range snapshot.Diagnose(snap, pods, now, o.Engine) {
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
