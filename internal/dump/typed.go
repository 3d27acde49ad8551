package dump

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The kinds the engine reads, in the order the count line names them.
const (
	kindPod   = "Pod"
	kindEvent = "Event"
	kindNode  = "Node"
	kindPVC   = "PersistentVolumeClaim"
)

// decoded is one object read from the input, ready to be added. Decoding is
// pure, so items are decoded on several cores and added in input order.
type decoded struct {
	pod *corev1.Pod
	// packed is pod as protobuf when pods are packed (pod is then nil), and
	// times its observed times.
	packed  []byte
	times   []time.Time
	event   *corev1.Event
	node    *corev1.Node
	pvc     *corev1.PersistentVolumeClaim
	skipped string // the kind of an object the engine does not use
	// beyond is an object of design.md's "Beyond pods", of kind beyondKind.
	beyond     metav1.Object
	beyondKind string
}

// decodeTyped decodes one object that is not a List by its kind.
func decodeTyped(tm typeMeta, raw []byte, where string, pack bool) (decoded, error) {
	group := ""
	if i := strings.IndexByte(tm.APIVersion, '/'); i >= 0 {
		group = tm.APIVersion[:i]
	}
	var d decoded
	var err error
	switch {
	case group == "" && tm.Kind == kindPod:
		d.pod = new(corev1.Pod)
		if err = json.Unmarshal(raw, d.pod); err == nil {
			err = d.normalizePod(pack)
		}
	case group == "" && tm.Kind == kindEvent:
		d.event = new(corev1.Event)
		err = json.Unmarshal(raw, d.event)
	case group == "events.k8s.io" && tm.Kind == kindEvent:
		var e eventsv1.Event
		if err = json.Unmarshal(raw, &e); err == nil {
			ev := FromEventsV1(&e)
			d.event = &ev
		}
	case group == "" && tm.Kind == kindNode:
		d.node = new(corev1.Node)
		err = json.Unmarshal(raw, d.node)
	case group == "" && tm.Kind == kindPVC:
		d.pvc = new(corev1.PersistentVolumeClaim)
		err = json.Unmarshal(raw, d.pvc)
	default:
		if k, ok := findBeyondKind(group, tm.Kind); ok {
			return decodeBeyond(k, raw, where)
		}
		d.skipped = tm.Kind
	}
	if err != nil {
		return decoded{}, fmt.Errorf("%s: invalid %s: %w", where, tm.Kind, err)
	}
	return d, nil
}

// add records decoded objects.
func (o *Objects) add(ds []decoded) {
	for _, d := range ds {
		switch {
		case d.pod != nil || d.packed != nil:
			o.addPod(d)
		case d.event != nil:
			o.Read[kindEvent]++
			// The API server stamps creation; the reporting component's
			// clock stamps the rest, and that clock may be the skewed one.
			o.clock.observe([]time.Time{d.event.CreationTimestamp.Time})
			o.clock.observe(eventTimes(d.event))
			if o.keepEvents {
				o.Events = append(o.Events, *d.event)
			} else {
				o.Events = append(o.Events, o.compactEvent(d.event))
			}
		case d.node != nil:
			o.Nodes = append(o.Nodes, d.node)
			o.Read[kindNode]++
			o.clock.observe(nodeTimes(d.node))
		case d.beyond != nil:
			o.addBeyond(d)
		case d.pvc != nil:
			d.pvc.ManagedFields = nil
			o.PVCs = append(o.PVCs, d.pvc)
			o.Read[kindPVC]++
			o.clock.observe([]time.Time{d.pvc.CreationTimestamp.Time})
		default:
			o.Skipped[d.skipped]++
		}
	}
}

// normalizePod fills the namespace, drops managed fields and, when asked,
// packs the pod; it runs on the decoding goroutines.
func (d *decoded) normalizePod(pack bool) error {
	p := d.pod
	if p.Namespace == "" {
		p.Namespace = "default" // kubectl's meaning of an object without one
	}
	d.times = podTimes(p)
	if !pack {
		p.ManagedFields = nil
		return nil
	}
	b, err := packPod(p)
	if err != nil {
		return err
	}
	d.pod, d.packed = nil, b
	return nil
}

// packPod encodes a pod as protobuf, without its managed fields
// (bookkeeping of field owners: never read, often half the object). A
// packed pod costs its encoded size, a decoded one several KiB more.
func packPod(p *corev1.Pod) ([]byte, error) {
	p.ManagedFields = nil
	b, err := p.Marshal()
	if err != nil {
		return nil, fmt.Errorf("encoding pod %s/%s: %w", p.Namespace, p.Name, err)
	}
	return b, nil
}

func (o *Objects) addPod(d decoded) {
	o.Read[kindPod]++
	o.clock.observe(d.times)
	if d.packed != nil {
		o.packed = append(o.packed, d.packed)
		return
	}
	o.Pods = append(o.Pods, d.pod)
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

// eventTimes are the times the reporting component stamped on an event.
func eventTimes(e *corev1.Event) []time.Time {
	ts := []time.Time{e.FirstTimestamp.Time, e.LastTimestamp.Time, e.EventTime.Time}
	if e.Series != nil {
		ts = append(ts, e.Series.LastObservedTime.Time)
	}
	return ts
}

// podTimes are the pod's observed times. The deletion timestamp is left out:
// it lies in the future (request time plus grace period), a deadline.
func podTimes(p *corev1.Pod) []time.Time {
	ts := []time.Time{p.CreationTimestamp.Time}
	if p.Status.StartTime != nil {
		ts = append(ts, p.Status.StartTime.Time)
	}
	for _, c := range p.Status.Conditions {
		ts = append(ts, c.LastProbeTime.Time, c.LastTransitionTime.Time)
	}
	for _, list := range [][]corev1.ContainerStatus{p.Status.InitContainerStatuses, p.Status.ContainerStatuses} {
		for i := range list {
			ts = stateTimes(ts, list[i].State)
			ts = stateTimes(ts, list[i].LastTerminationState)
		}
	}
	return ts
}

func stateTimes(ts []time.Time, s corev1.ContainerState) []time.Time {
	if s.Running != nil {
		ts = append(ts, s.Running.StartedAt.Time)
	}
	if s.Terminated != nil {
		ts = append(ts, s.Terminated.StartedAt.Time, s.Terminated.FinishedAt.Time)
	}
	return ts
}

func nodeTimes(n *corev1.Node) []time.Time {
	ts := []time.Time{n.CreationTimestamp.Time}
	for _, c := range n.Status.Conditions {
		ts = append(ts, c.LastHeartbeatTime.Time, c.LastTransitionTime.Time)
	}
	return ts
}
