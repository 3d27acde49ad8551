package dump

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
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
	got, err := MapInputs(o, time.Now(), nil, func(in diagnosis.Input) string { return in.Pod.Name })
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %d names, want %d in order (first difference at %d)", len(got), len(want), firstDiff(got, want))
	}
}

func TestMapInputsErrors(t *testing.T) {
	bad := &Objects{packed: [][]byte{{0xff, 0xff}}}
	if _, err := MapInputs(bad, time.Now(), nil, func(diagnosis.Input) int { return 0 }); err == nil || err.Error()[:16] != "decoding pod 1: " {
		t.Errorf("undecodable packed pod: err = %v", err)
	}
	failing := &Objects{}
	failing.StreamPods(func(func([]corev1.Pod) error) error { return errors.New("pods: listing: boom") })
	if _, err := MapInputs(failing, time.Now(), nil, func(diagnosis.Input) int { return 0 }); err == nil || err.Error() != "pods: listing: boom" {
		t.Errorf("failed listing: err = %v", err)
	}
}

// streamPages streams pods named p0000... in pages of size, calling
// afterPage with each page's number once it was mapped.
func streamPages(o *Objects, pages, size int, afterPage func(int)) {
	o.StreamPods(func(yield func([]corev1.Pod) error) error {
		for n := range pages {
			page := make([]corev1.Pod, size)
			for i := range page {
				page[i].Namespace, page[i].Name = "ns", fmt.Sprintf("p%04d", n*size+i)
			}
			if err := yield(page); err != nil {
				return err
			}
			afterPage(n)
		}
		return nil
	})
}

// TestMapInputsBeforeTheEvents: while the events are listed, the pods early
// accepts are mapped without them and the others wait, then go to fn with
// their events, in their places.
func TestMapInputsBeforeTheEvents(t *testing.T) {
	o := &Objects{}
	listed := make(chan struct{})
	o.ListEvents(func() ([]corev1.Event, error) {
		<-listed
		return []corev1.Event{{InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "ns", Name: "p0001"}, Reason: "BackOff"}}, nil
	})
	// The events arrive after the second of four pages of 10.
	pending := o.pending
	streamPages(o, 4, 10, func(n int) {
		if n == 1 {
			close(listed)
			<-pending.done
		}
	})
	var mu sync.Mutex
	var early []string
	even := func(in diagnosis.Input) (string, bool) {
		mu.Lock()
		defer mu.Unlock()
		early = append(early, in.Pod.Name)
		var i int
		_, _ = fmt.Sscanf(in.Pod.Name, "p%d", &i)
		return "early " + in.Pod.Name, i%2 == 0
	}
	got, err := MapInputs(o, time.Now(), even, func(in diagnosis.Input) string {
		return fmt.Sprintf("%s %d events", in.Pod.Name, len(in.Events))
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 40 {
		name := fmt.Sprintf("p%04d", i)
		switch {
		case i < 20 && i%2 == 0:
			want = append(want, "early "+name)
		case i == 1:
			want = append(want, name+" 1 events")
		default:
			want = append(want, name+" 0 events")
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q,\nwant %q", got, want)
	}
	// Pages read once the events are in are never offered to early.
	slices.Sort(early)
	if len(early) != 20 || early[0] != "p0000" || early[19] != "p0019" {
		t.Errorf("early saw %q, want the first two pages", early)
	}
	if o.Events == nil || o.CountLine()[:12] != "read 40 Pod," {
		t.Errorf("after MapInputs: %d events, count line %q", len(o.Events), o.CountLine())
	}
}

// TestMapInputsHoldsBoundedPods: past maxHeld waiting pods, the next page
// waits for the events rather than hold more.
func TestMapInputsHoldsBoundedPods(t *testing.T) {
	o := &Objects{}
	o.ListEvents(func() ([]corev1.Event, error) {
		time.Sleep(time.Second) // far longer than mapping the first page
		return nil, nil
	})
	streamPages(o, 2, maxHeld, func(int) {})
	var offered atomic.Int64
	got, err := MapInputs(o, time.Now(), func(diagnosis.Input) (bool, bool) {
		offered.Add(1)
		return false, false
	}, func(diagnosis.Input) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if n := offered.Load(); n != maxHeld {
		t.Errorf("early was offered %d pods, want the first page's %d", n, maxHeld)
	}
	if len(got) != 2*maxHeld || slices.Contains(got, false) {
		t.Errorf("got %d results, some not from fn", len(got))
	}
}

func TestMapInputsEventsError(t *testing.T) {
	o := &Objects{}
	o.ListEvents(func() ([]corev1.Event, error) { return nil, errors.New("events: listing: forbidden") })
	streamPages(o, 2, 3, func(int) {})
	_, err := MapInputs(o, time.Now(), func(diagnosis.Input) (int, bool) { return 0, true }, func(diagnosis.Input) int { return 0 })
	if err == nil || err.Error() != "events: listing: forbidden" {
		t.Errorf("err = %v", err)
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
