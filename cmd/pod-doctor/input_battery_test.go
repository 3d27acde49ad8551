package main

import (
	"strings"
	"testing"
)

// pods3 is kubectl's List layout with three pods.
const pods3 = `apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    namespace: default
    creationTimestamp: "2024-05-01T10:00:00Z"
  status:
    phase: Running
- apiVersion: v1
  kind: Pod
  metadata:
    name: b
    namespace: default
    creationTimestamp: "2024-05-01T10:00:00Z"
  status:
    phase: Running
- apiVersion: v1
  kind: Pod
  metadata:
    name: c
    namespace: default
    creationTimestamp: "2024-05-01T10:00:00Z"
  status:
    phase: Running
kind: List
metadata:
  resourceVersion: ""
`

const read3 = "read 3 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"

// pyyamlList is what PyYAML's default dumper writes for a List whose pods
// share their labels: an anchor in one item, aliases in the next ones.
const pyyamlList = `apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    labels: &id001
      app: web
    name: a
- apiVersion: v1
  kind: Pod
  metadata:
    labels: *id001
    name: b
- apiVersion: v1
  kind: Pod
  metadata:
    <<: {labels: *id001}
    name: c
kind: List
`

// batteryCase is one input; want is the exact count line (first stderr
// line with -v) when the input is read, or the exact error line.
type batteryCase struct {
	name string
	in   string
	want string
	fail bool
}

func batteryCases() []batteryCase {
	ev := func(msg string) string {
		return "apiVersion: v1\nkind: Event\ninvolvedObject: {kind: Pod, name: a}\nreason: Failed\nmessage: " + msg + "\n"
	}
	return []batteryCase{
		{name: "kubectl List", in: pods3, want: read3},
		{name: "comment indented one space", in: strings.Replace(pods3, "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b", " # pod b\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b", 1), want: read3},
		{name: "item dash alone on its line", in: strings.Replace(pods3, "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b", "-\n  apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b", 1), want: read3},
		{name: "comments at every indentation", in: strings.ReplaceAll(pods3, "  status:\n", "#0\n # 1\n  # 2\n   # 3\n    # 4\n  status:\n"), want: read3},
		{name: "CRLF line endings", in: strings.ReplaceAll(pods3, "\n", "\r\n"), want: read3},
		{name: "UTF-8 byte order mark", in: "\ufeff" + pods3, want: read3},
		{name: "BOM and CRLF", in: "\ufeff" + strings.ReplaceAll(pods3, "\n", "\r\n"), want: read3},
		{name: "anchors and aliases across items (PyYAML)", in: pyyamlList, want: read3},
		{name: "flow-style document", in: "{apiVersion: v1, kind: Pod, metadata: {name: a}}\n", want: "read 1 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "flow-style List over lines", in: "{apiVersion: v1, kind: List, items: [\n{apiVersion: v1, kind: Pod, metadata: {name: a}},\n{apiVersion: v1, kind: Node, metadata: {name: n1}}]}\n", want: "read 1 Pod, 0 Event, 1 Node, 0 PersistentVolumeClaim"},
		{name: "content on the --- line", in: "--- {apiVersion: v1, kind: Pod, metadata: {name: a}}\n--- {apiVersion: v1, kind: Pod, metadata: {name: b}}\n", want: "read 2 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "--- !!map", in: "--- !!map\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\n", want: "read 1 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "%YAML directive", in: "%YAML 1.1\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\n", want: "read 1 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "document end markers", in: "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n...\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\n...\n", want: "read 1 Pod, 0 Event, 1 Node, 0 PersistentVolumeClaim"},
		{name: "empty documents", in: "---\n---\n" + pods3 + "---\n\n---\n", want: read3},
		{name: "sequence of objects at the root", in: "- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Node\n  metadata: {name: n1}\n", want: "read 1 Pod, 0 Event, 1 Node, 0 PersistentVolumeClaim"},
		{name: "indented items", in: strings.Replace(strings.ReplaceAll(pods3, "\n  ", "\n    "), "\n- ", "\n  - ", -1), want: read3},
		{name: "items null", in: "apiVersion: v1\nkind: List\nitems: null\n", want: "read 0 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "items empty", in: "apiVersion: v1\nkind: List\nitems:\n", want: "read 0 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "metadata null", in: "apiVersion: v1\nkind: Pod\nmetadata: null\n", want: "read 1 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "status null", in: "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nstatus: null\nspec: null\n", want: "read 1 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "skipped kinds counted", in: pods3 + "---\napiVersion: apps/v1\nkind: Deployment\n---\napiVersion: apps/v1\nkind: Deployment\n---\napiVersion: v1\nkind: Service\n", want: read3 + ", 2 Deployment, 1 Service"},
		{name: "events.k8s.io event", in: "apiVersion: events.k8s.io/v1\nkind: Event\nregarding: {kind: Pod, name: a}\nnote: x\n", want: "read 0 Pod, 1 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "huge message", in: ev("'" + strings.Repeat("x", 10<<20) + "'"), want: "read 0 Pod, 1 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "escaped control characters in a message", in: ev(`"\e]52;c;ZXZpbA==\a\x00"`), want: "read 0 Pod, 1 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "nested List", in: "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - {apiVersion: v1, kind: Pod, metadata: {name: a}}\n", want: "read 1 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "JSON List", in: `{"apiVersion":"v1","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}},{"apiVersion":"v1","kind":"Event","involvedObject":{"name":"a"}}],"kind":"List"}`, want: "read 1 Pod, 1 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "JSON array", in: `[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}, {"apiVersion":"v1","kind":"Node","metadata":{"name":"n"}}]`, want: "read 1 Pod, 0 Event, 1 Node, 0 PersistentVolumeClaim"},
		{name: "JSON stream", in: `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}` + "\n" + `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"}}`, want: "read 2 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "JSON documents separated by ---", in: `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}` + "\n---\n" + `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"}}`, want: "read 2 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},
		{name: "only comments", in: "# nothing here\n", want: "read 0 Pod, 0 Event, 0 Node, 0 PersistentVolumeClaim"},

		{name: "empty input", in: "", fail: true, want: "pod-doctor: stdin: input is empty"},
		{name: "white space only", in: " \n\t\r\n", fail: true, want: "pod-doctor: stdin: input is empty"},
		{name: "binary garbage", in: "\x00\x01\x02\xff\xfe binary", fail: true, want: "pod-doctor: stdin: invalid YAML in the document starting at line 1: control characters are not allowed"},
		{name: "invalid UTF-8", in: "apiVersion: v1\nkind: Pod\nmetadata: {name: \"\xff\xfe\"}\n", fail: true, want: "pod-doctor: stdin: invalid YAML in the document starting at line 1: invalid leading UTF-8 octet"},
		{name: "raw escape character", in: "apiVersion: v1\nkind: Event\nmessage: a\x1b]52;c;x\n", fail: true, want: "pod-doctor: stdin: invalid YAML in the document starting at line 1: control characters are not allowed"},
		{name: "billion laughs", in: billionLaughs, fail: true, want: "pod-doctor: stdin: invalid YAML in the document starting at line 1: document contains excessive aliasing"},
		{name: "5,000 nested Lists (JSON)", in: nestedJSON(5000), fail: true, want: "pod-doctor: stdin: JSON value 1, item 1, item 1, item 1, item 1, item 1, item 1, item 1, item 1: Lists nested more than 8 deep"},
		{name: "5,000 nested Lists (YAML)", in: nestedYAML(5000), fail: true, want: "pod-doctor: stdin: document at line 1, item 1, item 1, item 1, item 1, item 1, item 1, item 1, item 1: Lists nested more than 8 deep"},
		{name: "20,000 nested arrays", in: strings.Repeat("[", 20000) + strings.Repeat("]", 20000), fail: true, want: "pod-doctor: stdin: invalid JSON in value 1 (byte offset 1): invalid character '[' exceeded max depth"},
		{name: "JSON with trailing garbage", in: `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}} garbage`, fail: true, want: "pod-doctor: stdin: invalid JSON in value 2 (byte offset 57): invalid character 'g' looking for beginning of value"},
		{name: "truncated JSON", in: `{"apiVersion":"v1","kind":"Pod",`, fail: true, want: "pod-doctor: stdin: invalid JSON in value 1 (byte offset 32): unexpected EOF"},
		{name: "JSON string", in: `"just a string"`, fail: true, want: "pod-doctor: stdin: document at line 1: not a Kubernetes object: json: cannot unmarshal string into Go value of type dump.typeMeta"},
		{name: "plain string", in: "just a string\n", fail: true, want: "pod-doctor: stdin: document at line 1: not a Kubernetes object: json: cannot unmarshal string into Go value of type dump.typeMeta"},
		{name: "no kind", in: "apiVersion: v1\nmetadata: {name: x}\n", fail: true, want: "pod-doctor: stdin: document at line 1: object has no kind (is this kubectl -o yaml output?)"},
		{name: "kind is a number", in: "apiVersion: v1\nkind: 5\n", fail: true, want: "pod-doctor: stdin: document at line 1: not a Kubernetes object: json: cannot unmarshal number into Go struct field typeMeta.kind of type string"},
		{name: "wrong field type", in: "apiVersion: v1\nkind: Pod\nspec:\n  containers: 5\n", fail: true, want: "pod-doctor: stdin: document at line 1: invalid Pod: json: cannot unmarshal number into Go struct field PodSpec.spec.containers of type []v1.Container"},
		{name: "List item without kind", in: strings.Replace(pods3, "  kind: Pod\n  metadata:\n    name: b", "  metadata:\n    name: b", 1), fail: true, want: "pod-doctor: stdin: document at line 1, item 2: object has no kind (is this kubectl -o yaml output?)"},
		{name: "syntax error in an item", in: strings.Replace(pods3, "    name: b\n", "    name: [b\n", 1), fail: true, want: "pod-doctor: stdin: invalid YAML at line 14: did not find expected ',' or ']'"},
		{name: "tab indentation", in: "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n", fail: true, want: "pod-doctor: stdin: invalid YAML at line 4: found character that cannot start any token"},
		{name: "items is a mapping", in: "apiVersion: v1\nkind: List\nitems:\n  a: 1\n", fail: true, want: "pod-doctor: stdin: document at line 1: not a Kubernetes object: json: cannot unmarshal object into Go struct field typeMeta.items of type []json.RawMessage"},
	}
}

// TestBadInputBattery runs every input through the real command, reading
// stdin: exit status, and the exact count line or the exact error line.
func TestBadInputBattery(t *testing.T) {
	cases := batteryCases()
	if len(cases) < 40 {
		t.Fatalf("the battery holds %d inputs, want at least 40", len(cases))
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, tt.in, "diagnose", "-v", "-f", "-", "-o", "json")
			if tt.fail {
				if err == nil {
					t.Fatalf("exit 0, want 1 with %q (stderr %q)", tt.want, stderr)
				}
				if got := "pod-doctor: " + oneLine(err.Error()); got != tt.want || strings.Contains(err.Error(), "\n") {
					t.Errorf("error line\n%q\nwant\n%q", got, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("exit 1 (%v), want 0 with %q", err, tt.want)
			}
			if got := firstLine(stderr); got != tt.want {
				t.Errorf("count line\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

const billionLaughs = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
kind: Pod
`

// nestedJSON is a List holding a List holding a List ... n deep.
func nestedJSON(n int) string {
	return strings.Repeat(`{"apiVersion":"v1","kind":"List","items":[`, n) + strings.Repeat("]}", n)
}

// nestedYAML is the same as YAML in flow style (keys not quoted: not JSON).
func nestedYAML(n int) string {
	return strings.Repeat("{apiVersion: v1, kind: List, items: [", n) + strings.Repeat("]}", n)
}
