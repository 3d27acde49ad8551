package dump

import (
	"fmt"
	"sort"
	"strings"
)

// CountLine names how many objects of each kind were read, e.g.
// "read 3 Pod, 12 Event, 1 Node, 0 PersistentVolumeClaim, 2 Deployment; skipped 1 ConfigMap".
func (o *Objects) CountLine() string {
	read := o.Read
	if read == nil { // fetched live
		read = map[string]int{kindPod: o.PodCount() + o.streamed, kindEvent: len(o.Events), kindNode: len(o.Nodes), kindPVC: len(o.PVCs)}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "read %d %s, %d %s, %d %s, %d %s", read[kindPod], kindPod, read[kindEvent], kindEvent, read[kindNode], kindNode, read[kindPVC], kindPVC)
	for _, k := range beyondKinds {
		if n := o.Read[k.kind]; n > 0 {
			fmt.Fprintf(&b, ", %d %s", n, k.kind)
		}
	}
	if len(o.Skipped) > 0 {
		b.WriteString("; skipped " + o.skipped("%[2]d %[1]s"))
	}
	return b.String()
}

// SkippedSummary describes the skipped kinds, e.g. "ConfigMap (2), Secret (1)".
func (o *Objects) SkippedSummary() string { return o.skipped("%s (%d)") }

// skipped formats each skipped kind (%[1]s) and count (%[2]d), sorted by kind.
func (o *Objects) skipped(format string) string {
	kinds := make([]string, 0, len(o.Skipped))
	for k := range o.Skipped {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf(format, k, o.Skipped[k]))
	}
	return strings.Join(parts, ", ")
}
