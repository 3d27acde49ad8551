package sweep_test

import (
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/dump"
	"github.com/pod-doctor/pod-doctor/internal/fixture"
	"github.com/pod-doctor/pod-doctor/internal/sweep"
)

// TestEventsLateChangeNothing diagnoses every engine fixture twice: as read,
// and as a live listing whose events arrive only after the last pod (the
// sweep then diagnoses early the pods that need no events and holds the
// others). The rows must be the same.
func TestEventsLateChangeNothing(t *testing.T) {
	var paths []string
	err := filepath.WalkDir("../../diagnosis", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(p, "/testdata/") && strings.HasSuffix(p, ".yaml") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil || len(paths) < 300 {
		t.Fatalf("found %d fixtures (err %v)", len(paths), err)
	}
	opts := sweep.Options{Engine: diagnosis.DefaultOptions(), All: true}
	for _, p := range paths {
		var expect struct{}
		read, err := fixture.Load(p, &expect)
		if err != nil {
			t.Fatal(err)
		}
		want, err := sweep.All(read.Objects, read.Now, opts)
		if err != nil {
			t.Fatal(err)
		}
		late, _ := fixture.Load(p, &expect)
		eventsLate(late.Objects)
		got, err := sweep.All(late.Objects, read.Now, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: with the events late the rows differ\ngot  %+v\nwant %+v", p, got, want)
		}
	}
}

// eventsLate makes objs a live listing: the pods one streamed page, the
// events listed until that page was read.
func eventsLate(objs *dump.Objects) {
	pods, events := objs.Pods, objs.Events
	objs.Pods, objs.Events = nil, nil
	objs.PodsListed = len(pods) > 0 // as read: a dump without pods does not know them
	read := make(chan struct{})
	objs.ListEvents(func() ([]corev1.Event, error) {
		<-read
		return events, nil
	})
	objs.StreamPods(func(yield func([]corev1.Pod) error) error {
		defer close(read)
		page := make([]corev1.Pod, len(pods))
		for i, p := range pods {
			page[i] = *p
		}
		return yield(page)
	})
}
