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

// StreamPods makes pages the source of the pods after those already held:
// a live listing of a large cluster is then diagnosed page by page as it
// arrives, and no pod is kept once its verdict is known. The pages are read
// once, by MapInputs.
func (o *Objects) StreamPods(pages PodPages) { o.pages = pages }

// batchSize is how many held pods MapInputs hands out at once.
const batchSize = 512

// MapInputs calls fn with every pod's input — the held pods in EachInput's
// order, then the streamed ones in listing order — on GOMAXPROCS
// goroutines, and returns the results in that order. Decoding packed or
// listed pods and diagnosing them is most of a large sweep's work. fn must
// be safe for concurrent use.
func MapInputs[T any](o *Objects, now time.Time, fn func(diagnosis.Input) T) ([]T, error) {
	g, typed := o.grouper(now), len(o.Pods)
	out := make([]T, 0, o.PodCount())
	for start := 0; start < o.PodCount(); start += batchSize {
		res, err := mapBatch(min(batchSize, o.PodCount()-start), func(i int) (*corev1.Pod, error) { return o.podAt(start+i, typed) }, g, fn)
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	if o.pages == nil {
		return out, nil
	}
	err := o.pages(func(page []corev1.Pod) error {
		res, err := mapBatch(len(page), func(i int) (*corev1.Pod, error) { return &page[i], nil }, g, fn)
		out = append(out, res...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
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
