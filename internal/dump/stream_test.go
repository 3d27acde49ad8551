package dump

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

func TestMapInputsKeepsTheOrder(t *testing.T) {
	pod := func(i int) corev1.Pod {
		return corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: fmt.Sprintf("p%04d", i)}}
	}
	o := &Objects{}
	var want []string
	for i := range 3 { // held typed
		p := pod(i)
		o.Pods = append(o.Pods, &p)
		want = append(want, p.Name)
	}
	var packed [][]byte
	for i := 3; i < 1500; i++ { // held packed, several batches
		p := pod(i)
		b, err := packPod(&p)
		if err != nil {
			t.Fatal(err)
		}
		packed = append(packed, b)
		want = append(want, p.Name)
	}
	o.packed = packed
	o.StreamPods(func(yield func([]corev1.Pod) error) error {
		for start := 1500; start < 2700; start += 500 {
			var page []corev1.Pod
			for i := start; i < min(start+500, 2700); i++ {
				page = append(page, pod(i))
				want = append(want, page[len(page)-1].Name)
			}
			if err := yield(page); err != nil {
				return err
			}
		}
		return nil
	})
	got, err := MapInputs(o, time.Now(), func(in diagnosis.Input) string { return in.Pod.Name })
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %d names, want %d in order (first difference at %d)", len(got), len(want), firstDiff(got, want))
	}
}

func TestMapInputsErrors(t *testing.T) {
	bad := &Objects{packed: [][]byte{{0xff, 0xff}}}
	if _, err := MapInputs(bad, time.Now(), func(diagnosis.Input) int { return 0 }); err == nil || err.Error()[:16] != "decoding pod 1: " {
		t.Errorf("undecodable packed pod: err = %v", err)
	}
	failing := &Objects{}
	failing.StreamPods(func(func([]corev1.Pod) error) error { return errors.New("pods: listing: boom") })
	if _, err := MapInputs(failing, time.Now(), func(diagnosis.Input) int { return 0 }); err == nil || err.Error() != "pods: listing: boom" {
		t.Errorf("failed listing: err = %v", err)
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
