package report

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

func row(kind, ns, name string, reason diagnosis.Reason, incident string) Row {
	r := Row{Namespace: ns, Kind: kind, Name: name, Diagnosis: &diagnosis.Diagnosis{Reason: reason, Category: diagnosis.CategoryNode,
		Severity: diagnosis.SeverityCritical, Incident: incident}}
	if kind == kindPod {
		r.Kind, r.Name, r.Pod = "", "", name
	}
	return r
}

// TestGroups: objects of one reason sharing one fact make an incident;
// a fact seen once, another reason, or no fact make none; largest first.
func TestGroups(t *testing.T) {
	rows := []Row{
		row(kindPod, "a", "p1", diagnosis.ReasonNodeLost, "node w3"),
		row(kindPod, "b", "p2", diagnosis.ReasonNodeLost, "node w3"),
		row("Deployment", "b", "web", diagnosis.ReasonNodeLost, "node w3"),
		row(kindPod, "a", "p3", diagnosis.ReasonNodeLost, "node w4"),
		row(kindPod, "a", "p4", diagnosis.ReasonConfigMapNotFound, "ConfigMap a/app"),
		row(kindPod, "a", "p5", diagnosis.ReasonConfigMapNotFound, "ConfigMap a/app"),
		row(kindPod, "a", "p6", diagnosis.ReasonAppCrash, ""),
		row(kindPod, "a", "p7", diagnosis.ReasonAppCrash, ""),
		{Namespace: "a", Pod: "healthy"},
	}
	got := Groups(rows)
	want := []Group{
		{Reason: "NodeLost", Category: "Node", Severity: "Critical", Key: "node w3", Count: 3,
			Objects: []Member{{"Pod", "a", "p1"}, {"Pod", "b", "p2"}, {"Deployment", "b", "web"}}},
		{Reason: "ConfigMapNotFound", Category: "Node", Severity: "Critical", Key: "ConfigMap a/app", Count: 2,
			Objects: []Member{{"Pod", "a", "p4"}, {"Pod", "a", "p5"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Groups =\n%+v\nwant\n%+v", got, want)
	}
	var b bytes.Buffer
	writeGroups(&b, got)
	if want := "INCIDENTS\n2 pods, 1 Deployment · NodeLost · node w3\n2 pods · ConfigMapNotFound · ConfigMap a/app\n\n"; b.String() != want {
		t.Errorf("text:\n%q\nwant\n%q", b.String(), want)
	}
}
