package dump

import (
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
)

const podA = `apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: ns1
  uid: uid-a
  creationTimestamp: "2024-05-01T10:00:00Z"
spec:
  nodeName: n1
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data-a
status:
  phase: Pending
`

func TestParseShapes(t *testing.T) {
	tests := []struct {
		name                      string
		in                        string
		pods, events, nodes, pvcs int
		skipped                   string
		latest                    string
	}{
		{name: "multi-document yaml", in: podA + "---\n" + eventV1 + "---\nkind: ConfigMap\napiVersion: v1\n",
			pods: 1, events: 1, skipped: "ConfigMap (1)", latest: "2024-05-01T10:05:00Z"},
		{name: "v1 List", in: "apiVersion: v1\nkind: List\nitems:\n- " + indent(podA) + "\n- " + indent(nodeN1) + "\n- " + indent(pvc),
			pods: 1, nodes: 1, pvcs: 1, latest: "2024-05-01T10:09:00Z"},
		{name: "v1 List in kubectl's key order (items before kind and metadata)",
			in:   "apiVersion: v1\nitems:\n- " + indent(podA) + "\n- " + indent(eventV1) + "\nkind: List\nmetadata:\n  resourceVersion: \"\"\n",
			pods: 1, events: 1, latest: "2024-05-01T10:05:00Z"},
		{name: "List with indented items (not kubectl's shape) parses whole",
			in:   "apiVersion: v1\nkind: List\nitems:\n  - " + strings.ReplaceAll(indent(podA), "\n", "\n  ") + "\n",
			pods: 1, latest: "2024-05-01T10:00:00Z"},
		{name: "events.k8s.io/v1", in: podA + "---\n" + eventsV1,
			pods: 1, events: 1, latest: "2024-05-01T10:07:00Z"},
		{name: "json list", in: `{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","creationTimestamp":"2024-05-01T10:00:00Z"}}]}`,
			pods: 1, latest: "2024-05-01T10:00:00Z"},
		{name: "json stream of objects", in: `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}} {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"}}`,
			pods: 1, nodes: 1},
		{name: "comment-only documents", in: "# nothing\n---\n" + podA + "---\n", pods: 1, latest: "2024-05-01T10:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(o.Pods) != tt.pods || len(o.Events) != tt.events || len(o.Nodes) != tt.nodes || len(o.PVCs) != tt.pvcs {
				t.Fatalf("got pods=%d events=%d nodes=%d pvcs=%d", len(o.Pods), len(o.Events), len(o.Nodes), len(o.PVCs))
			}
			if got := o.SkippedSummary(); got != tt.skipped {
				t.Errorf("skipped %q, want %q", got, tt.skipped)
			}
			if tt.latest != "" && o.Latest.Format(time.RFC3339) != tt.latest {
				t.Errorf("latest %s, want %s", o.Latest.Format(time.RFC3339), tt.latest)
			}
		})
	}
}

func TestParseErrorsNameTheProblem(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "  \n", "input is empty"},
		{"bad yaml line", podA + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n", "invalid YAML at line 20: did not find expected ',' or ']'"},
		{"not an object", "just a string\n", "document at line 1: not a Kubernetes object: json: cannot unmarshal string into Go value of type dump.typeMeta"},
		{"no kind", "apiVersion: v1\nmetadata: {name: x}\n", "document at line 1: object has no kind (is this kubectl -o yaml output?)"},
		{"bad json", `{"kind": "Pod",`, "invalid JSON in value 1 (byte offset 15): unexpected EOF"},
		{"wrong field type", "apiVersion: v1\nkind: Pod\nspec:\n  containers: 5\n", "document at line 1: invalid Pod: json: cannot unmarshal number into Go struct field PodSpec.spec.containers of type []v1.Container"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// The YAML error names the line in the user's file, not in the document.
func TestParseErrorLineIsAbsolute(t *testing.T) {
	in := podA + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n"
	_, err := Parse(strings.NewReader(in))
	want := "invalid YAML at line " + itoa(strings.Count(podA, "\n")+5) + ": did not find expected ',' or ']'"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
}

func TestInputsMatchEventsAndContext(t *testing.T) {
	other := strings.NewReplacer("name: a\n", "name: b\n", "uid: uid-a", "uid: uid-b").Replace(podA)
	in := podA + "---\n" + other + "---\n" + eventV1 + "---\n" + eventsV1 + "---\n" + nodeN1 + "---\n" + pvc
	o, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	inputs := o.Inputs(o.Latest)
	if len(inputs) != 2 {
		t.Fatalf("want 2 inputs, got %d", len(inputs))
	}
	a, b := inputs[0], inputs[1]
	if len(a.Events) != 2 || len(b.Events) != 0 {
		t.Errorf("events: a=%d b=%d, want 2 and 0", len(a.Events), len(b.Events))
	}
	if a.Node == nil || a.Node.Name != "n1" || len(a.Nodes) != 1 {
		t.Errorf("node not attached: %+v", a.Node)
	}
	if c, ok := a.PVCs["data-a"]; !ok || c.Name != "data-a" {
		t.Errorf("pvc not attached: %v", a.PVCs)
	}
	if _, ok := b.PVCs["data-a"]; !ok {
		t.Errorf("pod b uses claim data-a in the same namespace: %v", b.PVCs)
	}
	if a.Events[0].Message != "boom" || a.Events[1].Message != "note from events.k8s.io" || a.Events[1].Source.Component != "kubelet" {
		t.Errorf("events not converted in order: %+v", a.Events)
	}
}

const eventV1 = `apiVersion: v1
kind: Event
metadata: {name: a.1, namespace: ns1}
involvedObject: {kind: Pod, name: a, namespace: ns1, uid: uid-a}
reason: Failed
message: boom
type: Warning
count: 3
firstTimestamp: "2024-05-01T10:01:00Z"
lastTimestamp: "2024-05-01T10:05:00Z"
`

const eventsV1 = `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: a.2, namespace: ns1}
regarding: {kind: Pod, name: a, namespace: ns1, uid: uid-a}
reason: BackOff
note: note from events.k8s.io
type: Warning
reportingController: kubelet
eventTime: "2024-05-01T10:07:00.000000Z"
`

const nodeN1 = `apiVersion: v1
kind: Node
metadata: {name: n1}
status:
  conditions:
  - {type: Ready, status: "True", lastHeartbeatTime: "2024-05-01T10:09:00Z", lastTransitionTime: "2024-04-01T00:00:00Z"}
`

const pvc = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data-a, namespace: ns1}
status: {phase: Pending}
`

func indent(s string) string { return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ") }

func itoa(n int) string { return strconv.Itoa(n) }

// TestWholeParseIsCapped: a document the fast path cannot split (here for
// an anchor) is parsed as one tree only up to maxWhole; beyond, one line
// says why, from a file and from a pipe alike.
func TestWholeParseIsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  apiVersion: v1\n  metadata: {name: &n a}\n")
	for b.Len() <= maxWhole {
		b.WriteString("- kind: Event\n  apiVersion: v1\n  message: '" + strings.Repeat("x", 4000) + "'\n")
	}
	want := "document at line 1 is larger than 32 MiB and not in kubectl's List layout, so it would have to be parsed as one tree"
	for name, r := range map[string]io.Reader{"file": strings.NewReader(b.String()), "pipe": io.MultiReader(strings.NewReader(b.String()))} {
		_, err := Parse(r)
		if err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %q", name, err, want)
		}
	}
}
