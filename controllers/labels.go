package controllers

import (
	"slices"
	"strings"
	"sync"
)

// labelTable shares one copy of each distinct label set among the store's
// pod records. The pods of one ReplicaSet, StatefulSet or Job carry the same
// labels, so a cluster holds far fewer label sets than pods; a copy per pod
// would be the largest part of a record. Like internTable it forgets a set
// once no record uses it (sweep).
type labelTable struct {
	mu   sync.Mutex
	sets map[string]labelEntry
	gen  uint64
}

type labelEntry struct {
	key    string // the map key, shared with the records
	labels map[string]string
	gen    uint64 // the sweep generation it was last handed out in
}

func newLabelTable() *labelTable { return &labelTable{sets: map[string]labelEntry{}} }

// get returns the shared copy of m and its key; nil for no labels.
func (t *labelTable) get(m map[string]string) (map[string]string, string) {
	if len(m) == 0 {
		return nil, ""
	}
	k := labelKey(m)
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.sets[k]
	if !ok {
		e = labelEntry{key: k, labels: m}
	}
	e.gen = t.gen
	t.sets[k] = e
	return e.labels, e.key
}

// labelKey is a canonical string of a label set: sorted key=value pairs.
// Label keys and values cannot hold NUL.
func labelKey(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(m[k])
		b.WriteByte(0)
	}
	return b.String()
}

// sweep forgets the sets whose keys inUse does not yield; sets handed out
// while it runs are kept.
func (t *labelTable) sweep(inUse func(yield func(string))) {
	t.mu.Lock()
	t.gen++
	start := t.gen
	t.mu.Unlock()
	used := map[string]bool{}
	inUse(func(s string) { used[s] = true })
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, e := range t.sets {
		if e.gen < start && !used[k] {
			delete(t.sets, k)
		}
	}
}

// size is the number of sets held.
func (t *labelTable) size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.sets)
}
