// Package diagnosis is pod-doctor's rule engine: given a Pod, the Events about
// it, its Node, the PVCs it uses and a clock value, it names the one root cause
// a person should fix first.
//
// The package is pure on purpose: no client, no I/O, no clock reads, no mutable
// globals. The controller, the offline `diagnose` command and the tests all
// feed it plain API objects and get the same answer for the same input.
package diagnosis

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Category groups reason codes by the part of the pod lifecycle that failed.
type Category string

// The categories of design.md.
const (
	CategoryScheduling  Category = "Scheduling"
	CategoryImage       Category = "Image"
	CategoryConfig      Category = "Config"
	CategoryRuntime     Category = "Runtime"
	CategoryVolume      Category = "Volume"
	CategoryCrash       Category = "Crash"
	CategoryProbe       Category = "Probe"
	CategoryTermination Category = "Termination"
	CategoryNode        Category = "Node"
	CategoryEviction    Category = "Eviction"
	CategoryUnknown     Category = "Unknown"
	// Categories of objects beyond pods.
	CategoryAdmission Category = "Admission"
	CategoryWorkload  Category = "Workload"
	CategoryNetwork   Category = "Network"
	CategoryStorage   Category = "Storage"
	CategoryNamespace Category = "Namespace"
)

// Severity says whether the pod can recover without someone acting.
type Severity string

// Severities of design.md.
const (
	// SeverityCritical means the pod will not recover by itself.
	SeverityCritical Severity = "Critical"
	// SeverityWarning means the pod may recover (capacity frees up, a node returns).
	SeverityWarning Severity = "Warning"
	// SeverityInfo is for facts worth knowing that need no action.
	SeverityInfo Severity = "Info"
)

// ParseSeverity reads a severity, in any case.
func ParseSeverity(s string) (Severity, error) {
	for _, v := range []Severity{SeverityCritical, SeverityWarning, SeverityInfo} {
		if strings.EqualFold(s, string(v)) {
			return v, nil
		}
	}
	return "", fmt.Errorf("unknown severity %q (want Critical, Warning or Info)", s)
}

// SeverityAtLeast reports whether s is min or more severe (Critical >
// Warning > Info).
func SeverityAtLeast(s, min Severity) bool { return severityRank(s) <= severityRank(min) }

// Lang selects the language of summaries and hints.
type Lang string

// Supported languages.
const (
	LangEN Lang = "en"
	LangZH Lang = "zh"
)

// ParseLang validates a --lang value.
func ParseLang(s string) (Lang, bool) {
	switch Lang(s) {
	case LangEN, LangZH:
		return Lang(s), true
	}
	return "", false
}

// Diagnosis is the engine's verdict on one abnormal pod (design.md, "The diagnosis value").
type Diagnosis struct {
	Reason    Reason    `json:"reason"`
	Category  Category  `json:"category"`
	Severity  Severity  `json:"severity"`
	Container string    `json:"container"`
	Init      bool      `json:"init"`
	Summary   string    `json:"summary"`
	Evidence  []string  `json:"evidence"`
	Hints     []string  `json:"hints"`
	Since     time.Time `json:"since"`
	// Incident is the fact this diagnosis shares with others of the same
	// reason ("node worker-3", "registry docker.io"; see IncidentKey), ""
	// when the code has none. Not part of the JSON record: `diagnose
	// --groups` shows the groups it makes.
	Incident string `json:"-"`
}

// Input is everything the engine may look at for one pod.
type Input struct {
	Pod *corev1.Pod
	// Events are the core/v1 Events whose involvedObject is this pod, in any order.
	Events []corev1.Event
	// Node is the node the pod is bound to, nil when unbound or unknown.
	Node *corev1.Node
	// Nodes are all nodes of the cluster when known (nil when not), used to
	// check a pending pod's nodeSelector / node affinity against real labels.
	Nodes []*corev1.Node
	// NodeFacts, when built from Nodes (NewNodeFacts), share what the
	// scheduling rules compute over every node between the inputs of one
	// sweep; nil computes it for this input alone.
	NodeFacts *NodeFacts
	// PVCs maps claim name to claim for the claims the pod uses. A nil map means
	// "not looked up"; a non-nil map without an entry means the claim does not exist.
	PVCs map[string]*corev1.PersistentVolumeClaim
	// ClaimCauses are the diagnoses of the claims the pod uses, by claim
	// name (diagnosis/storage: why a Pending claim does not bind), when
	// known: a PVCNotBound summary names its claim's cause. Nil when not.
	ClaimCauses map[string]*Diagnosis
	// Now is the clock value the time-based rules use.
	Now time.Time
}

// Options tune the engine; the zero value is not valid, use DefaultOptions.
type Options struct {
	// GracePeriod is how long a normal start (ContainerCreating, PodInitializing,
	// an unscheduled pod, Running-not-Ready) may take before it is abnormal. It is
	// also the margin after a deletion's own grace period before it is "stuck".
	GracePeriod time.Duration
	// RestartWindow is how recent a restart must be to count (the kubelet resets
	// its crash back-off after 10 minutes, so older restarts are history).
	RestartWindow time.Duration
	// InitStuckThreshold is how long an init container (not a native sidecar)
	// may run without finishing before the pod is InitContainerStuck; until
	// then the pod counts as starting normally, however long PodInitializing lasts.
	InitStuckThreshold time.Duration
	// Lang selects the language of Summary and Hints.
	Lang Lang
}

// DefaultOptions are the values design.md specifies.
func DefaultOptions() Options {
	return Options{GracePeriod: 2 * time.Minute, RestartWindow: 10 * time.Minute, InitStuckThreshold: 10 * time.Minute, Lang: LangEN}
}

// Result is what Diagnose returns.
type Result struct {
	// Diagnosis is nil for a healthy pod.
	Diagnosis *Diagnosis
	// RecheckAt is the earliest future time at which the verdict could change
	// with no change to any input object (a grace period or restart window
	// expiring); zero when only a change of the objects can change it. The
	// controller requeues for exactly this time instead of polling.
	RecheckAt time.Time
}
