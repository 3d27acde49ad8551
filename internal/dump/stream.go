package dump

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// PodPages hands the pods of a listing to yield a page at a time, in order,
// and returns the listing's error, or yield's.
type PodPages func(yield func([]corev1.Pod) error) error

// pendingEvents are events still being listed (ListEvents).
type pendingEvents struct {
	done   chan struct{}
	events []corev1.Event
	err    error
}

// ListEvents runs list in the background for the events: a live sweep
// diagnoses the pods whose verdicts cannot depend on their events (see
// MapInputs) while the events of a large cluster are still arriving.
func (o *Objects) ListEvents(list func() ([]corev1.Event, error)) {
	p := &pendingEvents{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.events, p.err = list()
	}()
	o.pending = p
}

// AwaitEvents waits for the events ListEvents lists and adds them to
// Events; it returns the listing's error.
func (o *Objects) AwaitEvents() error {
	p := o.pending
	if p == nil {
		return nil
	}
	<-p.done
	o.pending = nil
	if p.err != nil {
		return p.err
	}
	if o.Events == nil {
		o.Events = p.events // not a copy: a large cluster lists 100,000s
		return nil
	}
	o.Events = append(o.Events, p.events...)
	return nil
}

// eventsPending says whether ListEvents' listing is still running.
func (o *Objects) eventsPending() bool {
	if o.pending == nil {
		return false
	}
	select {
	case <-o.pending.done:
		return false
	default:
		return true
	}
}

// StreamPods makes pages the source of the pods after those already held:
// a live listing of a large cluster is then diagnosed page by page as it
// arrives, and no pod is kept once its verdict is known. The pages are read
// once, by MapInputs.
func (o *Objects) StreamPods(pages PodPages) { o.pages = pages }

// batchSize is how many held pods MapInputs hands out at once.
const batchSize = 512

// maxHeld bounds the streamed pods MapInputs keeps while the events are
// listed (about 5 KiB each): past it, it waits for the events instead, so a
// cluster whose pods are mostly abnormal costs time, not memory.
const maxHeld = 20000

// MapInputs calls fn with every pod's input — the held pods in EachInput's
// order, then the streamed ones in listing order — on GOMAXPROCS
// goroutines, and returns the results in that order. Decoding packed or
// listed pods and diagnosing them is most of a large sweep's work. fn must
// be safe for concurrent use.
//
// While the events are still being listed (ListEvents), each streamed pod
// is offered to early, when not nil: it returns the pod's result and true
// when that cannot depend on the pod's events (most pods of a cluster are
// healthy), so the pods and the events of a large cluster are listed
// together. The other pods wait for the events, then go to fn; their
// results keep their place.
func MapInputs[T any](o *Objects, now time.Time, early func(diagnosis.Input) (T, bool), fn func(diagnosis.Input) T) ([]T, error) {
	if o.pages == nil || early == nil || o.PodCount() > 0 {
		if err := o.AwaitEvents(); err != nil {
			return nil, err
		}
	}
	m := &mapper[T]{o: o, g: o.grouper(now), early: early, fn: fn}
	typed := len(o.Pods)
	for start := 0; start < o.PodCount(); start += batchSize {
		res, err := mapBatch(min(batchSize, o.PodCount()-start), func(i int) (*corev1.Pod, error) { return o.podAt(start+i, typed) }, m.g, fn)
		if err != nil {
			return nil, err
		}
		m.out = append(m.out, res...)
	}
	if o.pages == nil {
		return m.out, nil
	}
	if err := o.pages(m.page); err != nil {
		return nil, err
	}
	if err := m.release(); err != nil {
		return nil, err
	}
	return m.out, nil
}

// mapper is MapInputs over the streamed pages.
type mapper[T any] struct {
	o     *Objects
	g     *grouper
	early func(diagnosis.Input) (T, bool)
	fn    func(diagnosis.Input) T
	out   []T
	held  []heldPod
}

// heldPod is a streamed pod waiting for the events, and its result's place.
type heldPod struct {
	at  int
	pod corev1.Pod
}

// page maps one streamed page.
func (m *mapper[T]) page(page []corev1.Pod) error {
	m.o.streamed += len(page)
	if m.o.eventsPending() && len(m.held) < maxHeld {
		return m.earlyPage(page)
	}
	if err := m.release(); err != nil {
		return err
	}
	res, err := mapBatch(len(page), func(i int) (*corev1.Pod, error) { return &page[i], nil }, m.g, m.fn)
	m.out = append(m.out, res...)
	return err
}

// earlyPage maps what it can of a page that arrived before the events, and
// holds the rest. A held pod is copied out of the page, so the page's
// array is let go.
func (m *mapper[T]) earlyPage(page []corev1.Pod) error {
	type try struct {
		r  T
		ok bool
	}
	res, err := mapBatch(len(page), func(i int) (*corev1.Pod, error) { return &page[i], nil }, m.g, func(in diagnosis.Input) try {
		r, ok := m.early(in)
		return try{r, ok}
	})
	for i, t := range res {
		if !t.ok {
			m.held = append(m.held, heldPod{at: len(m.out), pod: page[i]})
		}
		m.out = append(m.out, t.r)
	}
	return err
}

// release waits for the events, then maps the held pods into their places.
func (m *mapper[T]) release() error {
	if m.o.pending == nil && len(m.held) == 0 {
		return nil // the events were in from the start
	}
	if err := m.o.AwaitEvents(); err != nil {
		return err
	}
	m.g.setEvents(m.o.Events)
	held := m.held
	m.held = nil
	res, err := mapBatch(len(held), func(i int) (*corev1.Pod, error) { return &held[i].pod, nil }, m.g, m.fn)
	for i, r := range res {
		m.out[held[i].at] = r
	}
	return err
}

// mapBatch runs fn over n pods on GOMAXPROCS goroutines.
func mapBatch[T any](n int, pod func(int) (*corev1.Pod, error), g *grouper, fn func(diagnosis.Input) T) ([]T, error) {
	res := make([]T, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				p, err := pod(i)
				if err != nil {
					once.Do(func() { firstErr = err })
					continue
				}
				res[i] = fn(g.input(p))
			}
		}()
	}
	wg.Wait()
	return res, firstErr
}
