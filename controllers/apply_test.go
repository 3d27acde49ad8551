package controllers

import (
	"context"
	"errors"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// applyHarness runs decide and apply against a fake API whose event
// creates and pod patches fail as scripted.
type applyHarness struct {
	t        *testing.T
	r        *PodReconciler
	c        client.Client
	clock    time.Time
	refusals []error // answers to the next event creates (nil: created)
	patchErr error
}

func newApplyHarness(t *testing.T) *applyHarness {
	h := &applyHarness{t: t, clock: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "p", UID: "u1"}}
	h.c = fake.NewClientBuilder().WithScheme(testScheme()).WithObjects(pod).WithInterceptorFuncs(interceptor.Funcs{
		Create: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.CreateOption) error {
			if len(h.refusals) > 0 {
				err := h.refusals[0]
				h.refusals = h.refusals[1:]
				if err != nil {
					return err
				}
			}
			return c.Create(ctx, obj, opts...)
		},
		Patch: func(ctx context.Context, c client.WithWatch, obj client.Object, p client.Patch, opts ...client.PatchOption) error {
			if h.patchErr != nil {
				return h.patchErr
			}
			return c.Patch(ctx, obj, p, opts...)
		},
	}).Build()
	opts := DefaultOptions()
	if err := opts.Validate(); err != nil {
		t.Fatal(err)
	}
	h.r = NewPodReconciler(h.c, nil, opts, NewMetrics())
	h.r.Now = func() time.Time { return h.clock }
	return h
}

// step reconciles the pod as it is on the fake API server with verdict d
// at the harness clock, returning the requeue.
func (h *applyHarness) step(d *diagnosis.Diagnosis) (time.Duration, error) {
	h.t.Helper()
	pod := &corev1.Pod{}
	if err := h.c.Get(context.Background(), client.ObjectKey{Namespace: "ns", Name: "p"}, pod); err != nil {
		h.t.Fatal(err)
	}
	key := client.ObjectKeyFromObject(pod)
	st, _ := h.r.state.get(key, pod.UID)
	f := facts{cached: h.r.Keys.Current(pod.Annotations), cachedRV: pod.ResourceVersion,
		result: diagnosis.Result{Diagnosis: d}, mem: st.mem, now: h.clock}
	res, err := h.r.writer.apply(context.Background(), podTarget(pod), st, h.r.decider().decide(f), h.clock)
	return res.RequeueAfter, err
}

// counts are the outcome metrics and the events on the fake API server.
type counts struct {
	patches, events, diagnoses, dropped, gauge float64
	stored                                     int
}

func (h *applyHarness) counts(dropClass string) counts {
	m := h.r.Metrics
	var list corev1.EventList
	if err := h.c.List(context.Background(), &list); err != nil {
		h.t.Fatal(err)
	}
	return counts{
		patches: metricValue(m.APIWrites.WithLabelValues(writePatch)), events: metricValue(m.APIWrites.WithLabelValues(writeEvent)),
		diagnoses: metricValue(m.Diagnoses.WithLabelValues("ImageNotFound", "Pod")), dropped: metricValue(m.EventsDropped.WithLabelValues(dropClass)),
		gauge: metricValue(m.PodsDiagnosed.WithLabelValues("ns", "ImageNotFound", "Image", "Critical")), stored: len(list.Items),
	}
}

func TestApply(t *testing.T) {
	image := &diagnosis.Diagnosis{Reason: diagnosis.ReasonImageNotFound, Category: diagnosis.CategoryImage, Severity: diagnosis.SeverityCritical,
		Container: "app", Summary: "image not found", Hints: []string{"kubectl describe pod p -n ns"}, Since: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)}
	tooMany := apierrors.NewTooManyRequests("limit reached", 1)
	denied := apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "p", errors.New("denied by webhook"))
	type step struct {
		after       time.Duration // clock advance before the step
		wantRequeue time.Duration
		wantErr     bool
	}
	tests := []struct {
		name      string
		refusals  []error
		patchErr  error
		dropClass string
		steps     []step
		want      counts
	}{
		{name: "event created at once", steps: []step{{}, {after: time.Minute}},
			want: counts{patches: 1, events: 1, diagnoses: 1, gauge: 1, stored: 1}},
		{name: "event refused once (429): annotation stands, event retried after 1s", refusals: []error{tooMany}, dropClass: refusedRateLimited,
			steps: []step{{wantRequeue: time.Second}, {after: time.Second}, {after: time.Minute}},
			want:  counts{patches: 1, events: 1, diagnoses: 1, gauge: 1, stored: 1}},
		{name: "event refused three times: dropped and counted once", refusals: []error{tooMany, tooMany, tooMany}, dropClass: refusedRateLimited,
			steps: []step{{wantRequeue: time.Second}, {after: time.Second, wantRequeue: 5 * time.Second}, {after: 5 * time.Second}, {after: time.Minute}},
			want:  counts{patches: 1, events: 0, diagnoses: 1, dropped: 1, gauge: 1, stored: 0}},
		{name: "patch refused: no event, nothing counted", patchErr: denied,
			steps: []step{{wantErr: true}, {after: time.Second, wantErr: true}},
			want:  counts{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newApplyHarness(t)
			h.refusals, h.patchErr = tc.refusals, tc.patchErr
			for i, s := range tc.steps {
				h.clock = h.clock.Add(s.after)
				requeue, err := h.step(image)
				if requeue != s.wantRequeue || (err != nil) != s.wantErr {
					t.Errorf("step %d: requeue %v, error %v; want %v, error %v", i, requeue, err, s.wantRequeue, s.wantErr)
				}
			}
			if got := h.counts(tc.dropClass); got != tc.want {
				t.Errorf("counts %+v, want %+v", got, tc.want)
			}
		})
	}
}
