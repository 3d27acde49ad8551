// Package sweep runs every engine over what one `diagnose` read — a dump or
// a live listing — and returns the rows to print: the pods through the pod
// engine, one decoded at a time, then the objects beyond pods through the
// family engines (diagnosis/snapshot), which roll the pods' verdicts up.
// The CLI and the fixture tests share it, so both see the same answer.
package sweep

import (
	"time"

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
	keep := !snap.Empty()
	rolledUp := snap.PodFilter()
	rows := make([]report.Row, 0)
	var pods []snapshot.Pod
	claims := snapshot.NewClaims(snap, now, o.Engine)
	err := objs.EachInput(now, func(in diagnosis.Input) {
		in.ClaimCauses = claims.For(in)
		d := diagnosis.Diagnose(in, o.Engine).Diagnosis
		if keep && rolledUp(in.Pod) {
			pods = append(pods, snapshot.Pod{Pod: snapshot.Slim(in.Pod), Diagnosis: d})
		}
		if (d != nil || o.All) && o.shows("Pod") {
			rows = append(rows, report.Row{Namespace: in.Pod.Namespace, Pod: in.Pod.Name, Diagnosis: d})
		}
	})
	if err != nil {
		return nil, err
	}
	if keep {
		for _, v := range snapshot.Diagnose(snap, pods, now, o.Engine) {
			if (v.Diagnosis != nil || o.All) && o.shows(v.Object.Kind) {
				rows = append(rows, report.Row{Namespace: v.Object.Namespace, Kind: v.Object.Kind, Name: v.Object.Name, Diagnosis: v.Diagnosis})
			}
		}
	}
	report.Sort(rows)
	return rows, nil
}

func (o Options) shows(kind string) bool { return o.Kinds == nil || o.Kinds[kind] }
