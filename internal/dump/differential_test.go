package dump

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fullParse is the reference the fast path must match: every document parsed
// as one tree, the way a YAML library reads it.
func fullParse(data []byte) (*Objects, error) {
	src := newSource(bytes.NewReader(data))
	if _, err := src.firstByte(); err != nil {
		return nil, err
	}
	o := newObjects(ParseOptions{})
	err := splitDocs(src, func(line int, off int64) docSink {
		return &bufferSink{line: line, fn: o.addYAML}
	})
	if err != nil {
		return nil, err
	}
	o.Latest, o.SkewIgnored = o.clock.now()
	return o, nil
}

// fingerprint is everything Parse returns, as comparable text.
func fingerprint(t *testing.T, o *Objects) string {
	t.Helper()
	b, err := json.Marshal([]any{len(o.Pods), o.Pods, len(o.Events), o.Events, len(o.Nodes), o.Nodes, len(o.PVCs), o.PVCs,
		o.Read, o.Skipped, o.Latest, o.SkewIgnored})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkSame fails when the streaming parse and the full parse disagree: on
// success or failure, or on any object read.
func checkSame(t *testing.T, in []byte) {
	t.Helper()
	if len(in) > 0 && (in[0] == '{' || in[0] == '[') {
		return // JSON and flow documents take the full path by design
	}
	got, gerr := Parse(bytes.NewReader(in))
	want, werr := fullParse(in)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("fast path error %v, full parse error %v\ninput:\n%s", gerr, werr, in)
	}
	if gerr != nil {
		return
	}
	if g, w := fingerprint(t, got), fingerprint(t, want); g != w {
		t.Fatalf("fast path and full parse differ\ninput:\n%s\nfast: %.2000s\nfull: %.2000s", in, g, w)
	}
}

// fragments are the pieces generate assembles: kubectl's List layout and
// the ways people and scripts write the same YAML differently.
var fragments = []string{
	"- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n    uid: u1\n",
	"- apiVersion: v1\n  kind: Event\n  involvedObject: {kind: Pod, name: a}\n  reason: Failed\n",
	"- kind: Node\n  apiVersion: v1\n  metadata: {name: n1}\n",
	"-\n  kind: Pod\n  apiVersion: v1\n  metadata:\n    name: b\n",
	"- \n  kind: Pod\n  apiVersion: v1\n",
	"-   kind: Pod\n    apiVersion: v1\n",
	"# a comment\n", " # indented one\n", "  # indented two\n", "    # deep\n",
	"\n", "   \n", "\r\n",
	"  metadata:\n    name: c\n", "  message: |\n    line one\n    - not an item\n\n    # not a comment\n",
	"  message: |-\n   x\n", "  message: >\n      folded\n", "  message: |2\n     indicator\n",
	"  message: 'quoted over\n  lines'\n", "  message: \"quoted over\n- lines\"\n", "  message: \"esc \\\n  aped\"\n",
	"  message: 'it''s'\n", "  message: plain text\n    continued\n", "  message: plain # comment\n",
	"  labels: {a: b, c: 'd'}\n", "  labels: {a: [1,\n  2]}\n", "  args: []\n", "  resources: {}\n",
	"  anchor: &x {a: 1}\n", "  alias: *x\n", "  tagged: !!str 5\n", "- &item\n  kind: Pod\n", "- *item\n",
	"  <<: *x\n", "\tkind: Pod\n", "  key:\tvalue\n", "  ? complex\n  : value\n", "  \"quoted key\": 1\n",
	"kind: List\n", "metadata:\n  resourceVersion: \"\"\n", "items:\n", "apiVersion: v1\n",
	"---\n", "--- {kind: Pod, apiVersion: v1}\n", "...\n", "%YAML 1.1\n", "- - nested\n", "  - x\n",
	"- plain item\n", "- 'quoted item'\n", "- |\n  block item\n", " - kind: Pod\n", "   odd: 3\n",
	"  status: {phase: Pending}\n", "  x: a\rb: c\n", "  x: \u2028\n", "  text: \"\x01\"\n",
	"- kind: List\n  items:\n  - kind: Pod\n", "  kind: Event\n", "  kind: 5\n", "items: []\n",
	"  ready: yes\n", "  n: 1\n", "  cpu: 100m\n", "  ip: 10.244.1.5\n", "  mode: 0777\n", "  f: 1.5\n",
	"  day: 2024-05-01\n", "  esc: \"\\x41\\u00e9\\t\"\n", "  keep: |+\n    x\n\n", "  strip: |-\n    x\n",
}

// generate builds a List document from a recipe: each byte picks a fragment.
func generate(recipe []byte) []byte {
	var b bytes.Buffer
	b.WriteString("apiVersion: v1\nitems:\n")
	for _, r := range recipe {
		b.WriteString(fragments[int(r)%len(fragments)])
	}
	return b.Bytes()
}

// FuzzSplitterMatchesFullParse: on generated Lists and on raw bytes, the
// streaming item splitter and a full parse read the same objects, or both fail.
func FuzzSplitterMatchesFullParse(f *testing.F) {
	for _, s := range []string{"\x00\x01\x02", "\x00\x06\x00", "\x03\x07\x00", "\x00\x08\x01", "\x00\x0c\x10\x01", "\x00\x11\x02\x3a\x3b", "\x00\x14\x15\x16\x17"} {
		f.Add([]byte(s))
	}
	f.Add([]byte(kubectlList))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Bounded sizes keep each run fast: a long recipe of anchors and
		// aliases expands like a small billion laughs.
		if len(data) <= 4096 {
			checkSame(t, data)
		}
		if len(data) > 96 {
			data = data[:96]
		}
		checkSame(t, generate(data))
	})
}

// TestSplitterMatchesFullParse runs every fragment after every other, the
// deterministic core of the fuzz target.
func TestSplitterMatchesFullParse(t *testing.T) {
	for i := range fragments {
		for j := range fragments {
			checkSame(t, generate([]byte{0, byte(i), byte(j), 1, 0x26}))
			checkSame(t, generate([]byte{byte(i), 2, byte(j)}))
		}
	}
}

const kubectlList = `apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    namespace: ns1
    uid: uid-a
    creationTimestamp: "2024-05-01T10:00:00Z"
  spec:
    containers:
    - name: web
      image: nginx
  status:
    phase: Pending
- apiVersion: v1
  kind: Event
  metadata:
    name: a.1
    namespace: ns1
  involvedObject:
    kind: Pod
    name: a
    namespace: ns1
    uid: uid-a
  message: 'Failed to pull image "nginx:nope": rpc error: code = NotFound desc = failed
    to pull and unpack image'
  reason: Failed
  type: Warning
  lastTimestamp: "2024-05-01T10:05:00Z"
kind: List
metadata:
  resourceVersion: ""
`

// TestFastPathTaken: the differential test compares something — kubectl's
// layout, with the shapes the issue names, is read by the fast path.
func TestFastPathTaken(t *testing.T) {
	tests := []struct {
		name            string
		in              string
		split, fellBack int
	}{
		{"kubectl List", kubectlList, 2, 0},
		{"comment indented one space", strings.Replace(kubectlList, "- apiVersion: v1\n  kind: Event", " # the event\n- apiVersion: v1\n  kind: Event", 1), 2, 0},
		{"item dash alone", strings.Replace(kubectlList, "- apiVersion: v1\n  kind: Event", "-\n  apiVersion: v1\n  kind: Event", 1), 2, 0},
		{"CRLF", strings.ReplaceAll(kubectlList, "\n", "\r\n"), 2, 0},
		{"BOM", "\ufeff" + kubectlList, 2, 0},
		{"anchor falls back", strings.Replace(kubectlList, "name: a\n    namespace", "name: &n a\n    namespace", 1), 0, 1},
		{"indented items", "apiVersion: v1\nkind: List\nitems:\n  - kind: Pod\n    apiVersion: v1\n  - kind: Node\n    apiVersion: v1\n", 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if o.split != tt.split || o.fellBack != tt.fellBack {
				t.Errorf("split %d items, fell back %d times; want %d and %d", o.split, o.fellBack, tt.split, tt.fellBack)
			}
			checkSame(t, []byte(tt.in))
		})
	}
}

var leftToFullParse = regexp.MustCompile(`(?m)(: |- )[&*]id\d+$|^\s*- :`)

// TestFixturesAsListsMatchFullParse: every fixture of the engine's corpus,
// as written and rewritten into kubectl's List layout, reads the same
// through the fast path as through a full parse — and the List form is read
// by the fast path.
func TestFixturesAsListsMatchFullParse(t *testing.T) {
	paths, _ := filepath.Glob("../../diagnosis/testdata/*/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no fixtures")
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkSame(t, data)
		var list bytes.Buffer
		list.WriteString("apiVersion: v1\nitems:\n")
		_ = Documents(bytes.NewReader(data), func(doc []byte, _ int) error {
			if doc = bytes.TrimRight(doc, "\n"); len(bytes.TrimSpace(doc)) > 0 {
				list.WriteString("- " + strings.ReplaceAll(string(doc), "\n", "\n  ") + "\n")
			}
			return nil
		})
		list.WriteString("kind: List\n")
		checkSame(t, list.Bytes())
		o, err := Parse(bytes.NewReader(list.Bytes()))
		if err != nil {
			t.Fatalf("%s as a List: %v", p, err)
		}
		// Anchors and aliases (PyYAML writes them) and nodes starting with
		// ':' are what the fast path leaves to the full parse in the corpus.
		wantFallBack := leftToFullParse.Match(data)
		if got := o.fellBack == 1 && o.split == 0; got != wantFallBack || (!got && o.fellBack != 0) {
			t.Errorf("%s as a List: split %d items, fell back %d times; want a fall back: %v", p, o.split, o.fellBack, wantFallBack)
		}
	}
}
