package diagnosis

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Rule recognises one catalog code. Check is a small pure function of the
// context; it returns ok=false when its cause is not what blocks this pod.
type Rule struct {
	Reason Reason
	Check  func(c *Context) (Finding, bool)
}

// Finding is what a rule returns: the facts behind one cause. The engine turns
// it into a Diagnosis by rendering the catalog's texts with Vars.
type Finding struct {
	Container string
	Init      bool
	// Vars fill the catalog templates' {placeholders}.
	Vars Vars
	// Evidence are the exact facts the finding rests on (event reason and
	// message, container state, exit code), in the order a person should read them.
	Evidence []string
	// Since is when the cause was first seen; zero lets the engine use the
	// moment the pod became abnormal.
	Since time.Time
	// Severity overrides the catalog's severity when the facts say otherwise.
	Severity Severity
}

// Vars are the named values a finding gives its catalog templates.
type Vars map[string]string

// InContainer sets the finding's container from x.
func (f Finding) InContainer(x Container) Finding {
	f.Container, f.Init = x.Name, x.Init
	return f
}

// EventEvidence renders an event the way `kubectl describe` shows it.
func EventEvidence(e Event) string {
	var b strings.Builder
	b.Grow(len(e.Reason) + len(e.Message) + 48)
	b.WriteString("event ")
	b.WriteString(e.Type)
	b.WriteByte(' ')
	b.WriteString(e.Reason)
	if e.Count > 1 {
		fmt.Fprintf(&b, " (x%d)", e.Count)
	}
	if e.Source != "" {
		b.WriteString(" from ")
		b.WriteString(e.Source)
	}
	b.WriteString(": ")
	b.WriteString(oneLine(e.Message))
	return b.String()
}

// WaitingEvidence renders a container's waiting state.
func WaitingEvidence(x Container) string {
	r, m := x.Waiting()
	s := containerLabel(x) + " waiting: " + r
	if m != "" {
		s += ": " + oneLine(m)
	}
	return s
}

// TerminatedEvidence renders a termination: exit code, reason, signal, message.
// label is "last state" or "state".
func TerminatedEvidence(x Container, label string, t *corev1.ContainerStateTerminated) string {
	var b strings.Builder
	b.Grow(96 + len(t.Message))
	b.WriteString(containerLabel(x))
	b.WriteByte(' ')
	b.WriteString(label)
	b.WriteString(": terminated")
	if t.Reason != "" {
		b.WriteString(" (")
		b.WriteString(t.Reason)
		b.WriteByte(')')
	}
	b.WriteString(", exit code ")
	b.WriteString(strconv.Itoa(int(t.ExitCode)))
	if t.Signal != 0 {
		b.WriteString(", signal ")
		b.WriteString(strconv.Itoa(int(t.Signal)))
	}
	if x.Status != nil && x.Status.RestartCount > 0 {
		b.WriteString(", restarts ")
		b.WriteString(strconv.Itoa(int(x.Status.RestartCount)))
	}
	if t.Message != "" {
		b.WriteString(", message: ")
		b.WriteString(Truncate(oneLine(t.Message), 200))
	}
	return b.String()
}

func containerLabel(x Container) string {
	if x.Init {
		return "init container " + x.Name
	}
	return "container " + x.Name
}

// oneLine folds a multi-line message so evidence and summaries stay one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// Truncate shortens s to at most n bytes on a rune boundary, marking the cut with "…".
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ell = "…"
	cut := n - len(ell)
	for cut > 0 && !runeStart(s[cut]) {
		cut--
	}
	return s[:cut] + ell
}

func runeStart(b byte) bool { return b&0xC0 != 0x80 }

// kubectlAge renders a duration the way kubectl shows ages: 45s, 12m, 3h4m, 2d5h.
func kubectlAge(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
		if s == 0 || m >= 10 {
			return strconv.Itoa(m) + "m"
		}
		return strconv.Itoa(m) + "m" + strconv.Itoa(s) + "s"
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return strconv.Itoa(h) + "h"
		}
		return strconv.Itoa(h) + "h" + strconv.Itoa(m) + "m"
	default:
		days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
		if h == 0 {
			return strconv.Itoa(days) + "d"
		}
		return strconv.Itoa(days) + "d" + strconv.Itoa(h) + "h"
	}
}
