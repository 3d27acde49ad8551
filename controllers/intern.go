package controllers

import (
	"sync"
)

// internTable shares one copy of each namespace, node and owner name (and
// owner UID) among the store's records: there are few of them and every
// record repeats one. It
// forgets a name once no record uses it (sweep), so namespaces and nodes
// that come and go do not accumulate.
type internTable struct {
	mu    sync.Mutex
	names map[string]internEntry
	gen   uint64
}

type internEntry struct {
	s   string
	gen uint64 // the sweep generation it was last handed out in
}

func newInternTable() *internTable {
	return &internTable{names: map[string]internEntry{}}
}

// get returns the shared copy of v.
func (t *internTable) get(v string) string {
	if v == "" {
		return v
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.names[v]
	if !ok {
		e.s = v
	}
	e.gen = t.gen
	t.names[v] = e
	return e.s
}

// sweep forgets the names inUse does not yield. Names handed out while
// inUse runs (a record being built) are kept whatever it yields.
func (t *internTable) sweep(inUse func(yield func(string))) {
	t.mu.Lock()
	t.gen++
	start := t.gen
	t.mu.Unlock()
	used := map[string]bool{}
	inUse(func(s string) { used[s] = true })
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, e := range t.names {
		if e.gen < start && !used[k] {
			delete(t.names, k)
		}
	}
}

// size is the number of names held.
func (t *internTable) size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.names)
}
