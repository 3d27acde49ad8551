package controllers

import (
	"slices"
	"strings"
)

// labelTable shares one copy of each distinct label set among the store's
// pod records. The pods of one ReplicaSet, StatefulSet or Job carry the same
// labels, so a cluster holds far fewer label sets than pods; a copy per pod
// would be the largest part of a record. Like internTable it forgets a set
// once no record uses it (sweep).
type labelTable struct{ *sweepTable[labelSet] }

// labelSet is a shared label map and its key, which the records keep for the sweep.
type labelSet struct {
	key    string
	labels map[string]string
}

func newLabelTable() *labelTable { return &labelTable{newSweepTable[labelSet]()} }

// get returns the shared copy of m and its key; nil for no labels.
func (t *labelTable) get(m map[string]string) (map[string]string, string) {
	if len(m) == 0 {
		return nil, ""
	}
	k := labelKey(m)
	e := t.share(k, labelSet{key: k, labels: m})
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
