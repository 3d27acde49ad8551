package diagnosis_test

import (
	"bytes"
	"os"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/dump"
)

// FuzzDiagnose feeds the engine the fixture corpus with arbitrary strings in
// the places rules parse (waiting reasons and messages, termination messages,
// event messages), arbitrary exit codes and clock shifts. The engine must never
// panic: it runs without Diagnose's safety net here.
func FuzzDiagnose(f *testing.F) {
	for _, p := range fixturePaths(f) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "", "", int32(0), int64(0))
	}
	f.Add([]byte("apiVersion: v1\nkind: Pod\n"), "CrashLoopBackOff", "0/3 nodes are available: 3 Insufficient", int32(137), int64(-3600))
	f.Fuzz(func(t *testing.T, data []byte, reason, msg string, exit int32, shiftSeconds int64) {
		objs, err := dump.Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		now := objs.Latest.Add(time.Duration(shiftSeconds) * time.Second)
		for _, in := range objs.Inputs(now) {
			mutate(in.Pod, in.Events, reason, msg, exit)
			for _, lang := range []diagnosis.Lang{diagnosis.LangEN, diagnosis.LangZH} {
				opts := diagnosis.DefaultOptions()
				opts.Lang = lang
				diagnosis.DiagnoseUnsafe(in, opts)
			}
		}
	})
}

// mutate writes the fuzzed strings where rules read text.
func mutate(p *corev1.Pod, events []corev1.Event, reason, msg string, exit int32) {
	if reason == "" && msg == "" && exit == 0 {
		return
	}
	term := &corev1.ContainerStateTerminated{ExitCode: exit, Reason: reason, Message: msg}
	for i := range p.Status.ContainerStatuses {
		cs := &p.Status.ContainerStatuses[i]
		if i%2 == 0 {
			cs.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: reason, Message: msg}}
			cs.LastTerminationState = corev1.ContainerState{Terminated: term}
		} else {
			cs.State = corev1.ContainerState{Terminated: term}
		}
	}
	p.Status.Reason, p.Status.Message = reason, msg
	p.Status.Conditions = append(p.Status.Conditions, corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: reason, Message: msg})
	for i := range events {
		events[i].Message = msg
		if i%2 == 1 {
			events[i].Reason = reason
			events[i].LastTimestamp = metav1.Time{}
		}
	}
}
