// Package dump reads what `kubectl get pods,events,nodes,pvc -o yaml|json`
// prints — a v1 List, a multi-document YAML stream or JSON — into typed objects
// grouped per pod for the diagnosis engine.
package dump

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	"sigs.k8s.io/yaml"
)

// Objects are the API objects found in a dump.
type Objects struct {
	Pods   []*corev1.Pod
	Events []corev1.Event
	Nodes  []*corev1.Node
	PVCs   []*corev1.PersistentVolumeClaim
	// NodesListed and PVCsListed say the lists are complete (fetched live)
	// even when empty.
	NodesListed, PVCsListed bool
	// Skipped counts objects of kinds the engine does not use, by kind.
	Skipped map[string]int
	// Latest is the newest timestamp seen anywhere in the dump: the default
	// "now", so a dump diagnoses the same way every time.
	Latest time.Time
}

// typeMeta is the part of every document read before choosing its Go type.
type typeMeta struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Items      []json.RawMessage `json:"items"`
}

// Parse reads a whole dump. Errors name the line (YAML) or offset (JSON).
func Parse(r io.Reader) (*Objects, error) {
	o := &Objects{Skipped: map[string]int{}}
	br := bufio.NewReaderSize(r, 1<<16)
	first, err := firstNonSpace(br)
	if err != nil {
		return nil, err
	}
	if first == '{' || first == '[' {
		err = parseJSONStream(br, o)
	} else {
		err = Documents(br, func(doc []byte, line int) error { return o.addYAML(doc, line) })
	}
	if err != nil {
		return nil, err
	}
	return o, nil
}

func firstNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return 0, errors.New("input is empty")
		}
		if err != nil {
			return 0, fmt.Errorf("reading input: %w", err)
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			_, _ = br.ReadByte()
		default:
			return b[0], nil
		}
	}
}

// parseJSONStream reads one or more JSON values (objects or arrays of objects).
func parseJSONStream(r io.Reader, o *Objects) error {
	dec := json.NewDecoder(r)
	for n := 1; ; n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("invalid JSON in value %d (byte offset %d): %w", n, dec.InputOffset(), err)
		}
		if err := o.addJSONValue(raw, fmt.Sprintf("JSON value %d", n)); err != nil {
			return err
		}
	}
}

func (o *Objects) addJSONValue(raw json.RawMessage, where string) error {
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		var arr []json.RawMessage
		if err := json.Unmarshal(t, &arr); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for i, item := range arr {
			if err := o.addObject(item, fmt.Sprintf("%s, element %d", where, i+1)); err != nil {
				return err
			}
		}
		return nil
	}
	return o.addObject(raw, where)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// addYAML converts one YAML document to JSON and adds what it holds; a
// kubectl-shaped List is parsed item by item.
func (o *Objects) addYAML(doc []byte, line int) error {
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil
	}
	if items, lines, ok := splitListItems(doc, line); ok {
		for i, item := range items {
			if err := o.addYAMLObject(item, lines[i]); err != nil {
				return err
			}
		}
		return nil
	}
	return o.addYAMLObject(doc, line)
}

// addYAMLObject parses one YAML value starting at line.
func (o *Objects) addYAMLObject(doc []byte, line int) error {
	js, err := yaml.YAMLToJSON(doc)
	if err != nil {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			rel, _ := strconv.Atoi(m[1])
			return fmt.Errorf("invalid YAML at line %d: %s", line+rel-1, msg[len(m[0]):])
		}
		return fmt.Errorf("invalid YAML in the document starting at line %d: %s", line, strings.TrimPrefix(msg, "yaml: "))
	}
	if bytes.Equal(bytes.TrimSpace(js), []byte("null")) {
		return nil // a document of only comments
	}
	return o.addJSONValue(js, fmt.Sprintf("document at line %d", line))
}

// addObject decodes one object (or a List of them) by kind.
func (o *Objects) addObject(raw []byte, where string) error {
	var tm typeMeta
	if err := json.Unmarshal(raw, &tm); err != nil {
		return fmt.Errorf("%s: not a Kubernetes object: %w", where, err)
	}
	if tm.Kind == "" {
		return fmt.Errorf("%s: object has no kind (is this kubectl -o yaml output?)", where)
	}
	if strings.HasSuffix(tm.Kind, "List") {
		for i, item := range tm.Items {
			if err := o.addObject(item, fmt.Sprintf("%s, item %d", where, i+1)); err != nil {
				return err
			}
		}
		return nil
	}
	return o.addTyped(tm, raw, where)
}

func (o *Objects) addTyped(tm typeMeta, raw []byte, where string) error {
	group := tm.APIVersion
	if i := strings.IndexByte(group, '/'); i >= 0 {
		group = group[:i]
	} else {
		group = ""
	}
	var err error
	switch {
	case group == "" && tm.Kind == "Pod":
		p := new(corev1.Pod)
		if err = json.Unmarshal(raw, p); err == nil {
			if p.Namespace == "" {
				p.Namespace = "default" // kubectl's meaning of an object without one
			}
			o.Pods = append(o.Pods, p)
			o.seePod(p)
		}
	case group == "" && tm.Kind == "Event":
		var e corev1.Event
		if err = json.Unmarshal(raw, &e); err == nil {
			o.addEvent(e)
		}
	case group == "events.k8s.io" && tm.Kind == "Event":
		var e eventsv1.Event
		if err = json.Unmarshal(raw, &e); err == nil {
			o.addEvent(FromEventsV1(&e))
		}
	case group == "" && tm.Kind == "Node":
		n := new(corev1.Node)
		if err = json.Unmarshal(raw, n); err == nil {
			o.Nodes = append(o.Nodes, n)
			o.seeNode(n)
		}
	case group == "" && tm.Kind == "PersistentVolumeClaim":
		c := new(corev1.PersistentVolumeClaim)
		if err = json.Unmarshal(raw, c); err == nil {
			o.PVCs = append(o.PVCs, c)
			o.see(c.CreationTimestamp.Time)
		}
	default:
		o.Skipped[tm.Kind]++
	}
	if err != nil {
		return fmt.Errorf("%s: invalid %s: %w", where, tm.Kind, err)
	}
	return nil
}

func (o *Objects) addEvent(e corev1.Event) {
	o.Events = append(o.Events, e)
	o.see(e.CreationTimestamp.Time)
	o.see(e.FirstTimestamp.Time)
	o.see(e.LastTimestamp.Time)
	o.see(e.EventTime.Time)
	if e.Series != nil {
		o.see(e.Series.LastObservedTime.Time)
	}
}

// FromEventsV1 converts an events.k8s.io/v1 Event to the core/v1 shape the
// engine reads; both APIs describe the same stored object.
func FromEventsV1(e *eventsv1.Event) corev1.Event {
	out := corev1.Event{
		ObjectMeta:          e.ObjectMeta,
		InvolvedObject:      e.Regarding,
		Reason:              e.Reason,
		Message:             e.Note,
		Type:                e.Type,
		Source:              corev1.EventSource{Component: e.DeprecatedSource.Component, Host: e.DeprecatedSource.Host},
		FirstTimestamp:      e.DeprecatedFirstTimestamp,
		LastTimestamp:       e.DeprecatedLastTimestamp,
		Count:               e.DeprecatedCount,
		EventTime:           e.EventTime,
		Action:              e.Action,
		ReportingController: e.ReportingController,
		ReportingInstance:   e.ReportingInstance,
	}
	if out.Source.Component == "" {
		out.Source.Component = e.ReportingController
	}
	if e.Series != nil {
		out.Series = &corev1.EventSeries{Count: e.Series.Count, LastObservedTime: e.Series.LastObservedTime}
	}
	return out
}

func (o *Objects) see(t time.Time) {
	if t.After(o.Latest) {
		o.Latest = t
	}
}

// seePod records the pod's timestamps. The deletion timestamp is left out: it
// lies in the future (request time plus grace period) and is not an observation.
func (o *Objects) seePod(p *corev1.Pod) {
	o.see(p.CreationTimestamp.Time)
	if p.Status.StartTime != nil {
		o.see(p.Status.StartTime.Time)
	}
	for _, c := range p.Status.Conditions {
		o.see(c.LastProbeTime.Time)
		o.see(c.LastTransitionTime.Time)
	}
	for _, list := range [][]corev1.ContainerStatus{p.Status.InitContainerStatuses, p.Status.ContainerStatuses} {
		for i := range list {
			o.seeContainerState(list[i].State)
			o.seeContainerState(list[i].LastTerminationState)
		}
	}
}

func (o *Objects) seeContainerState(s corev1.ContainerState) {
	if s.Running != nil {
		o.see(s.Running.StartedAt.Time)
	}
	if s.Terminated != nil {
		o.see(s.Terminated.StartedAt.Time)
		o.see(s.Terminated.FinishedAt.Time)
	}
}

func (o *Objects) seeNode(n *corev1.Node) {
	o.see(n.CreationTimestamp.Time)
	for _, c := range n.Status.Conditions {
		o.see(c.LastHeartbeatTime.Time)
		o.see(c.LastTransitionTime.Time)
	}
}

// SkippedSummary describes the skipped kinds, e.g. "Deployment (2), Service (1)".
func (o *Objects) SkippedSummary() string {
	kinds := make([]string, 0, len(o.Skipped))
	for k := range o.Skipped {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s (%d)", k, o.Skipped[k]))
	}
	return strings.Join(parts, ", ")
}
