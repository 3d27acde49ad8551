package dump

import (
	"runtime"
	"strings"
	"sync"
)

// pool decodes List items on every core while the main goroutine reads
// lines; results are taken back in input order, so the objects, the counts
// and the first error are those of a sequential read.
type pool struct {
	jobs chan job
	wg   sync.WaitGroup
}

// job is one item's text; its result arrives on res.
type job struct {
	text  []byte
	line  int
	where string
	pack  bool
	res   chan itemResult
}

type itemResult struct {
	objs []decoded
	// yamlErr is a syntax error, fatal; objErr an invalid object, which
	// matters only if the document is a List.
	yamlErr, objErr error
}

// inFlight bounds the items read ahead of the one being added: memory stays
// a few items, not the file.
const inFlight = 16

func startPool() *pool {
	p := &pool{jobs: make(chan job, inFlight)}
	for range runtime.GOMAXPROCS(0) {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for j := range p.jobs {
				j.res <- decodeItem(j)
			}
		}()
	}
	return p
}

func (p *pool) stop() {
	close(p.jobs)
	p.wg.Wait()
}

func decodeItem(j job) itemResult {
	js, meta, ok := fastJSONMeta(j.text)
	if ok && meta.known && meta.tm.Kind != "" && !strings.HasSuffix(meta.tm.Kind, "List") {
		// The type fields are known: decode the object once, not twice.
		d, err := decodeTyped(meta.tm, js, j.where, j.pack)
		return itemResult{objs: []decoded{d}, objErr: err}
	}
	if !ok {
		var err error
		if js, err = yamlToJSON(j.text, j.line); err != nil {
			return itemResult{yamlErr: err}
		}
	}
	objs, err := decodeObject(js, j.where, 1, j.pack, nil)
	return itemResult{objs: objs, objErr: err}
}
