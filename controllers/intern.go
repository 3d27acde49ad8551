package controllers

import (
	"sync"
)

// sweepTable shares one copy of each value among the store's records by a
// string key, and forgets a value once no record uses it (sweep), so that
// values that come and go do not accumulate.
type sweepTable[V any] struct {
	mu      sync.Mutex
	entries map[string]sweepEntry[V]
	gen     uint64
}

type sweepEntry[V any] struct {
	v   V
	gen uint64 // the sweep generation it was last handed out in
}

func newSweepTable[V any]() *sweepTable[V] {
	return &sweepTable[V]{entries: map[string]sweepEntry[V]{}}
}

// share returns the shared value of key, v when there is none yet.
func (t *sweepTable[V]) share(key string, v V) V {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.entries[key]
	if !ok {
		e.v = v
	}
	e.gen = t.gen
	t.entries[key] = e
	return e.v
}

// sweep forgets the values whose keys inUse does not yield. Values handed
// out while inUse runs (a record being built) are kept whatever it yields.
func (t *sweepTable[V]) sweep(inUse func(yield func(string))) {
	t.mu.Lock()
	t.gen++
	start := t.gen
	t.mu.Unlock()
	used := map[string]bool{}
	inUse(func(s string) { used[s] = true })
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, e := range t.entries {
		if e.gen < start && !used[k] {
			delete(t.entries, k)
		}
	}
}

// size is the number of values held.
func (t *sweepTable[V]) size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.entries)
}

// internTable shares one copy of each namespace, node and owner name (and
// owner UID) among the store's records: there are few of them and every
// record repeats one.
type internTable struct{ *sweepTable[string] }

func newInternTable() *internTable { return &internTable{newSweepTable[string]()} }

// get returns the shared copy of v.
func (t *internTable) get(v string) string {
	if v == "" {
		return v
	}
	return t.share(v, v)
}
