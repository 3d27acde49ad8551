package diagnosis

import (
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Event is a core/v1 Event reduced to what rules read, with one notion of time.
type Event struct {
	Type    string // Normal or Warning
	Reason  string
	Message string
	// Source is the reporting component: kubelet, default-scheduler, ...
	Source string
	// Container is the container named by involvedObject.fieldPath, "" for the pod.
	Container string
	Count     int32
	First     time.Time
	Last      time.Time
}

// Container joins a container's spec and status.
type Container struct {
	Name   string
	Init   bool
	Spec   *corev1.Container       // nil when the status names an unknown container
	Status *corev1.ContainerStatus // nil before the kubelet reports it
}

// Waiting returns the current waiting reason and message, or "", "".
func (c Container) Waiting() (reason, message string) {
	if c.Status == nil || c.Status.State.Waiting == nil {
		return "", ""
	}
	return c.Status.State.Waiting.Reason, c.Status.State.Waiting.Message
}

// LastTerminated is the termination that ended the previous run, or nil.
func (c Container) LastTerminated() *corev1.ContainerStateTerminated {
	if c.Status == nil {
		return nil
	}
	return c.Status.LastTerminationState.Terminated
}

// Terminated is the current termination, or nil while waiting or running.
func (c Container) Terminated() *corev1.ContainerStateTerminated {
	if c.Status == nil {
		return nil
	}
	return c.Status.State.Terminated
}

// RecentTermination is the termination that matters now: the current one if
// the container is terminated, otherwise the last one.
func (c Container) RecentTermination() *corev1.ContainerStateTerminated {
	if t := c.Terminated(); t != nil {
		return t
	}
	return c.LastTerminated()
}

// Context is what a rule sees: the input plus views computed once per pod.
type Context struct {
	In   Input
	Pod  *corev1.Pod
	Now  time.Time
	Opts Options
	// Events about the pod, newest first.
	Events []Event
	// Containers lists init containers first, then regular containers.
	Containers []Container

	scheduling *Scheduling
	// image caches the image group's classification: eight image rules ask
	// the same question, and it is answered once per pod.
	image imageFailureMemo
}

func newContext(in Input, opts Options) *Context {
	c := &Context{In: in, Pod: in.Pod, Now: in.Now, Opts: opts}
	c.Events = normalizeEvents(in.Events)
	c.Containers = joinContainers(in.Pod)
	return c
}

func normalizeEvents(raw []corev1.Event) []Event {
	if len(raw) == 0 {
		return nil
	}
	out := make([]Event, 0, len(raw))
	for i := range raw {
		out = append(out, toEvent(&raw[i]))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Last.After(out[j].Last) })
	return out
}

func toEvent(e *corev1.Event) Event {
	ev := Event{
		Type: e.Type, Reason: e.Reason, Message: strings.TrimSpace(e.Message),
		Source: e.Source.Component, Count: e.Count,
		Container: containerFromFieldPath(e.InvolvedObject.FieldPath),
	}
	if ev.Source == "" {
		ev.Source = e.ReportingController
	}
	if ev.Count < 1 {
		ev.Count = 1
	}
	ev.First = firstTime(e.FirstTimestamp.Time, e.EventTime.Time, e.CreationTimestamp.Time)
	ev.Last = firstTime(e.LastTimestamp.Time, seriesTime(e), e.EventTime.Time, ev.First)
	if e.Series != nil && e.Series.Count > ev.Count {
		ev.Count = e.Series.Count
	}
	return ev
}

func seriesTime(e *corev1.Event) time.Time {
	if e.Series == nil {
		return time.Time{}
	}
	return e.Series.LastObservedTime.Time
}

// firstTime returns the first non-zero time.
func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// containerFromFieldPath turns "spec.containers{web}" into "web".
func containerFromFieldPath(fp string) string {
	open := strings.IndexByte(fp, '{')
	if open < 0 || !strings.HasSuffix(fp, "}") {
		return ""
	}
	return fp[open+1 : len(fp)-1]
}

func joinContainers(pod *corev1.Pod) []Container {
	n := len(pod.Spec.InitContainers) + len(pod.Spec.Containers)
	out := make([]Container, 0, n)
	out = appendJoined(out, pod.Spec.InitContainers, pod.Status.InitContainerStatuses, true)
	return appendJoined(out, pod.Spec.Containers, pod.Status.ContainerStatuses, false)
}

func appendJoined(out []Container, specs []corev1.Container, statuses []corev1.ContainerStatus, init bool) []Container {
	for i := range specs {
		c := Container{Name: specs[i].Name, Init: init, Spec: &specs[i]}
		for j := range statuses {
			if statuses[j].Name == c.Name {
				c.Status = &statuses[j]
				break
			}
		}
		out = append(out, c)
	}
	return out
}

// Container returns the named container.
func (c *Context) Container(name string, init bool) (Container, bool) {
	for _, x := range c.Containers {
		if x.Name == name && x.Init == init {
			return x, true
		}
	}
	return Container{}, false
}

// LatestEvent returns the newest event with one of the reasons seen at or after
// since (zero since means any time).
func (c *Context) LatestEvent(since time.Time, reasons ...string) (Event, bool) {
	for _, e := range c.Events {
		if !since.IsZero() && e.Last.Before(since) {
			return Event{}, false // newest first: everything after is older
		}
		for _, r := range reasons {
			if e.Reason == r {
				return e, true
			}
		}
	}
	return Event{}, false
}

// EventsFor returns the events with one of the reasons, newest first.
func (c *Context) EventsFor(reasons ...string) []Event {
	var out []Event
	for _, e := range c.Events {
		for _, r := range reasons {
			if e.Reason == r {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// FindEvent returns the newest event with one of the reasons whose message
// contains any of the needles (case-insensitive), seen at or after since.
func (c *Context) FindEvent(since time.Time, reasons []string, needles ...string) (Event, bool) {
	for _, e := range c.Events {
		if !since.IsZero() && e.Last.Before(since) {
			break
		}
		if !hasString(reasons, e.Reason) {
			continue
		}
		if len(needles) == 0 || ContainsAnyFold(e.Message, needles...) {
			return e, true
		}
	}
	return Event{}, false
}

// RunningSince is the latest time any container of the pod started running.
// Sandbox and mount events older than that were resolved: the pod got past them.
func (c *Context) RunningSince() time.Time {
	var t time.Time
	for _, x := range c.Containers {
		if x.Status == nil {
			continue
		}
		if r := x.Status.State.Running; r != nil && r.StartedAt.After(t) {
			t = r.StartedAt.Time
		}
		if term := x.RecentTermination(); term != nil && term.StartedAt.After(t) {
			t = term.StartedAt.Time
		}
	}
	return t
}

// SandboxPending reports whether the pod is bound but no container got past
// creation: the phase in which sandbox, network and mount failures block it.
func (c *Context) SandboxPending() bool {
	if c.Pod.Spec.NodeName == "" {
		return false
	}
	for _, x := range c.Containers {
		if x.Status == nil {
			continue
		}
		if x.Status.State.Running != nil || x.Status.State.Terminated != nil || x.LastTerminated() != nil {
			return false
		}
		if r, _ := x.Waiting(); r != "" && r != "ContainerCreating" && r != "PodInitializing" {
			return false
		}
	}
	return true
}

// Condition returns the pod condition of the given type.
func (c *Context) Condition(t corev1.PodConditionType) (corev1.PodCondition, bool) {
	for _, cond := range c.Pod.Status.Conditions {
		if cond.Type == t {
			return cond, true
		}
	}
	return corev1.PodCondition{}, false
}

// NodeReady returns the node's Ready condition status, "" when the node is unknown.
func (c *Context) NodeReady() (corev1.ConditionStatus, *corev1.NodeCondition) {
	if c.In.Node == nil {
		return "", nil
	}
	for i := range c.In.Node.Status.Conditions {
		cond := &c.In.Node.Status.Conditions[i]
		if cond.Type == corev1.NodeReady {
			return cond.Status, cond
		}
	}
	return corev1.ConditionUnknown, nil
}

// ContainsAnyFold reports whether s contains any needle, ignoring ASCII case.
func ContainsAnyFold(s string, needles ...string) bool {
	ls := strings.ToLower(s)
	for _, n := range needles {
		if strings.Contains(ls, strings.ToLower(n)) {
			return true
		}
	}
	return false
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
