package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Group is one incident: the objects diagnosed with one reason that share
// one fact (diagnosis.IncidentKey) — "14 pods · NodeLost · node worker-3".
// Only a fact shared by two or more objects makes a group.
type Group struct {
	Reason   string   `json:"reason"`
	Category string   `json:"category"`
	Severity string   `json:"severity"`
	Key      string   `json:"key"`
	Count    int      `json:"count"`
	Objects  []Member `json:"objects"`
}

// Member is one object of a group.
type Member struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

// Groups finds the incidents among rows, largest first (then by reason and
// key), each listing its objects in row order.
func Groups(rows []Row) []Group {
	byKey := map[string]*Group{}
	var order []*Group
	for _, r := range rows {
		d := r.Diagnosis
		if d == nil || d.Incident == "" {
			continue
		}
		k := string(d.Reason) + "\x00" + d.Incident
		g := byKey[k]
		if g == nil {
			g = &Group{Reason: string(d.Reason), Category: string(d.Category), Severity: string(d.Severity), Key: d.Incident}
			byKey[k] = g
			order = append(order, g)
		}
		g.Count++
		g.Objects = append(g.Objects, Member{Kind: r.kind(), Namespace: r.Namespace, Name: r.name()})
	}
	out := make([]Group, 0, len(order))
	for _, g := range order {
		if g.Count >= 2 {
			out = append(out, *g)
		}
	}
	slices.SortStableFunc(out, func(a, b Group) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Reason, b.Reason), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// Members says how many objects of each kind the group holds: "3 pods, 1 Deployment".
func (g Group) Members() string { return countKinds(g.Objects) }

// writeGroups prints the incidents ahead of the tables, one line each.
func writeGroups(w io.Writer, groups []Group) {
	if len(groups) == 0 {
		return
	}
	fmt.Fprintln(w, "INCIDENTS")
	for _, g := range groups {
		fmt.Fprintf(w, "%s · %s · %s\n", g.Members(), g.Reason, g.Key)
	}
	fmt.Fprintln(w)
}

// countKinds says how many objects of each kind, in output order: "3 pods, 1 Deployment".
func countKinds(ms []Member) string {
	n := map[string]int{}
	for _, m := range ms {
		n[m.Kind]++
	}
	var parts []string
	for _, k := range KindOrder {
		if c := n[k]; c > 0 {
			parts = append(parts, strconv.Itoa(c)+" "+plural(k, c))
		}
	}
	return strings.Join(parts, ", ")
}

func plural(kind string, n int) string {
	switch {
	case kind == kindPod && n != 1:
		return "pods"
	case kind == kindPod:
		return "pod"
	case n != 1 && strings.HasSuffix(kind, "s"):
		return kind + "es"
	case n != 1:
		return kind + "s"
	}
	return kind
}
