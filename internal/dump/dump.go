// Package dump reads what `kubectl get pods,events,nodes,pvc -o yaml|json`
// prints — a v1 List, a multi-document YAML stream or JSON — into typed objects
// grouped per pod for the diagnosis engine. It streams: memory follows the
// largest object, not the file.
package dump

import (
	"github.com/pod-doctor/pod-doctor/diagnosis/snapshot"

	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"regexp"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// maxListDepth bounds Lists inside Lists: kubectl never nests them, and each
// level is decoded again, so a deep nest would cost time quadratic in its size.
const maxListDepth = 8

// Objects are the API objects found in a dump.
type Objects struct {
	Pods   []*corev1.Pod
	Events []corev1.Event
	Nodes  []*corev1.Node
	PVCs   []*corev1.PersistentVolumeClaim
	// NodesListed and PVCsListed say the lists are complete (fetched live)
	// even when empty.
	NodesListed, PVCsListed bool
	// PodsListed says the pods were listed live; Listed the same for the
	// kinds beyond pods, by kind.
	PodsListed bool
	Listed     map[string]bool
	// Beyond holds the objects of design.md's "Beyond pods" read from the
	// input (see Snapshot).
	Beyond snapshot.Objects
	// Read counts the objects read of the kinds the engine uses (Pod, Event,
	// Node, PersistentVolumeClaim); Skipped counts the others, by kind.
	Read    map[string]int
	Skipped map[string]int
	// Latest is the default "now": the latest observed time in the dump (see
	// clock), so a dump diagnoses the same way every time.
	Latest time.Time
	// SkewIgnored is the observed time left out of Latest as a clock-skew
	// outlier, zero when none was.
	SkewIgnored time.Time

	clock  clock
	intern map[string]string
	// split and fellBack count items read by the fast path and documents
	// it handed to the full parse, for tests and -v.
	split, fellBack int
	pool            *pool
	// packPods keeps pods read from the input as protobuf (see ParseOptions);
	// packed holds them, after Pods in input order.
	packPods bool
	packed   [][]byte
	// pages streams further pods (StreamPods); streamed counts those read.
	pages    PodPages
	streamed int
	// pending are the events still being listed (ListEvents).
	pending    *pendingEvents
	keepEvents bool
}

// ParseOptions tune Parse.
type ParseOptions struct {
	// PackPods keeps pods encoded until EachInput decodes them one at a time:
	// a decoded pod costs about ten times its encoding, and a 200 MB dump holds
	// 170,000 of them. Pods then stays empty; use PodCount, EachInput, Inputs.
	PackPods bool
	// keepEvents skips compactEvent, for the test that compaction changes no
	// diagnosis.
	keepEvents bool
}

// typeMeta is the part of every document read before choosing its Go type.
type typeMeta struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Items      []json.RawMessage `json:"items"`
}

func newObjects(opts ParseOptions) *Objects {
	return &Objects{Read: map[string]int{}, Skipped: map[string]int{}, intern: map[string]string{}, packPods: opts.PackPods, keepEvents: opts.keepEvents}
}

// Parse reads a whole dump. Errors are one line and name the line (YAML) or
// the byte offset (JSON) where the input went wrong.
func Parse(r io.Reader) (*Objects, error) { return ParseWith(r, ParseOptions{}) }

// ParseWith is Parse with options.
func ParseWith(r io.Reader, opts ParseOptions) (*Objects, error) {
	src := newSource(r)
	first, err := src.firstByte()
	if err != nil {
		return nil, err
	}
	o := newObjects(opts)
	if first == '{' || first == '[' {
		o, err = parseJSONOrYAML(src, opts)
	} else {
		err = o.parseYAML(src)
	}
	if err != nil {
		return nil, err
	}
	o.Latest, o.SkewIgnored = o.clock.now()
	return o, nil
}

// parseJSONOrYAML reads JSON; input that only looked like JSON (a flow-style
// YAML document such as "{kind: Pod}", documents separated by "---") is read
// again as YAML.
func parseJSONOrYAML(src *source, opts ParseOptions) (*Objects, error) {
	o := newObjects(opts)
	jerr := o.parseJSON(src)
	if jerr == nil || !mayBeYAML(jerr) {
		return o, jerr
	}
	again, ok := src.restart()
	if !ok {
		return nil, jerr
	}
	y := newObjects(opts)
	yerr := y.parseYAML(again)
	switch {
	case yerr == nil:
		return y, nil
	case src.looksJSON:
		return nil, jerr
	}
	return nil, yerr
}

// parseYAML reads a YAML stream, items of Lists decoded on every core.
func (o *Objects) parseYAML(src *source) error {
	o.pool = startPool()
	defer func() {
		o.pool.stop()
		o.pool = nil
	}()
	return splitDocs(src, func(line int, off int64) docSink { return o.openDoc(src, line, off) })
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlToJSON converts one YAML document or item whose text starts at line
// of the input, naming that line in errors.
func yamlToJSON(doc []byte, line int) ([]byte, error) {
	js, err := yaml.YAMLToJSON(doc)
	if err == nil {
		return js, nil
	}
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		rel, _ := strconv.Atoi(m[1])
		return nil, fmt.Errorf("invalid YAML at line %d: %s", line+rel-1, msg[len(m[0]):])
	}
	return nil, fmt.Errorf("invalid YAML in the document starting at line %d: %s", line, strings.TrimPrefix(msg, "yaml: "))
}

// addYAML parses one document as a whole tree and adds what it holds.
func (o *Objects) addYAML(doc []byte, line int) error {
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil
	}
	js, err := yamlToJSON(doc, line)
	if err != nil {
		return err
	}
	if bytes.Equal(bytes.TrimSpace(js), []byte("null")) {
		return nil // a document of only comments
	}
	return o.addJSONValue(js, fmt.Sprintf("document at line %d", line))
}

// addJSONValue adds an object, or each object of an array.
func (o *Objects) addJSONValue(raw []byte, where string) error {
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		var arr []json.RawMessage
		if err := json.Unmarshal(t, &arr); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for i, item := range arr {
			if err := o.addObject(item, fmt.Sprintf("%s, element %d", where, i+1), 0); err != nil {
				return err
			}
		}
		return nil
	}
	return o.addObject(raw, where, 0)
}

// addObject decodes one object (or a List of them) and adds it.
func (o *Objects) addObject(raw []byte, where string, depth int) error {
	ds, err := decodeObject(raw, where, depth, o.packPods, nil)
	if err != nil {
		return err
	}
	o.add(ds)
	return nil
}

// decodeObject decodes one object (or a List of them) by kind, appending to
// out; depth counts the Lists around it.
func decodeObject(raw []byte, where string, depth int, pack bool, out []decoded) ([]decoded, error) {
	var tm typeMeta
	if err := json.Unmarshal(raw, &tm); err != nil {
		return nil, fmt.Errorf("%s: not a Kubernetes object: %w", where, err)
	}
	if tm.Kind == "" {
		return nil, fmt.Errorf("%s: object has no kind (is this kubectl -o yaml output?)", where)
	}
	if !strings.HasSuffix(tm.Kind, "List") {
		d, err := decodeTyped(tm, raw, where, pack)
		if err != nil {
			return nil, err
		}
		return append(out, d), nil
	}
	if depth >= maxListDepth {
		return nil, fmt.Errorf("%s: Lists nested more than %d deep", where, maxListDepth)
	}
	for i, item := range tm.Items {
		var err error
		if out, err = decodeObject(item, fmt.Sprintf("%s, item %d", where, i+1), depth+1, pack, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// mark is what the objects were before a document, to drop what the fast
// path read from it when it falls back.
type mark struct {
	pods, packed, events, nodes, pvcs int
	read, skipped                     map[string]int
	clock                             clock
}

func (o *Objects) mark() mark {
	return mark{len(o.Pods), len(o.packed), len(o.Events), len(o.Nodes), len(o.PVCs), maps.Clone(o.Read), maps.Clone(o.Skipped), o.clock}
}

func (o *Objects) rollBack(m mark) {
	clear(o.Pods[m.pods:])
	clear(o.packed[m.packed:])
	o.packed = truncate(o.packed, m.packed)
	clear(o.Events[m.events:])
	clear(o.Nodes[m.nodes:])
	clear(o.PVCs[m.pvcs:])
	o.Pods, o.Events, o.Nodes, o.PVCs = truncate(o.Pods, m.pods), truncate(o.Events, m.events), truncate(o.Nodes, m.nodes), truncate(o.PVCs, m.pvcs)
	o.Read, o.Skipped, o.clock = m.read, m.skipped, m.clock
}

// truncate cuts s to n elements; nothing left is nil, as if never appended to.
func truncate[T any](s []T, n int) []T {
	if n == 0 {
		return nil
	}
	return s[:n]
}
