package namespace

import (
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func deleting(conds ...corev1.NamespaceCondition) *corev1.Namespace {
	del := metav1.NewTime(t0)
	return &corev1.Namespace{
		ObjectMeta: metav1.ObjectMeta{Name: "shop", DeletionTimestamp: &del},
		Spec:       corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{corev1.FinalizerKubernetes}},
		Status:     corev1.NamespaceStatus{Phase: corev1.NamespaceTerminating, Conditions: conds},
	}
}

func cond(t corev1.NamespaceConditionType, reason, msg string) corev1.NamespaceCondition {
	return corev1.NamespaceCondition{Type: t, Status: corev1.ConditionTrue, Reason: reason, Message: msg}
}

// TestDiagnose pins the gate, the causes the fixtures do not reach, the
// severity and which hints are kept (by their command).
func TestDiagnose(t *testing.T) {
	tests := []struct {
		name     string
		in       Input
		summary  string // "" = no diagnosis
		severity diagnosis.Severity
		hints    []string // a command each kept hint holds, in order
		recheck  time.Time
	}{
		{name: "no namespace", in: Input{Now: t0}},
		{name: "active", in: Input{Namespace: &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "shop"}}, Now: t0}},
		{name: "within grace", in: Input{Namespace: deleting(), Now: t0.Add(time.Minute)}, recheck: t0.Add(2 * time.Minute)},
		{name: "content deletion fails", in: Input{Namespace: deleting(cond(corev1.NamespaceDeletionContentFailure, "ContentDeletionFailed",
			`Failed to delete all resource types, 1 remaining: Internal error occurred: failed calling webhook "validate.kyverno.svc": context deadline exceeded`)),
			Now: t0.Add(5 * time.Minute)},
			summary:  `Namespace shop has been terminating for 5m: deleting its content fails: Failed to delete all resource types, 1 remaining: Internal error occurred: failed calling webhook "validate.kyverno.svc": context deadline exceeded`,
			severity: diagnosis.SeverityWarning, hints: []string{"kubectl api-resources"}},
		{name: "group versions unparsable", in: Input{Namespace: deleting(cond(corev1.NamespaceDeletionGVParsingFailure, "GroupVersionParsingFailed",
			`unexpected GroupVersion string: /v1/beta`)), Now: t0.Add(5 * time.Minute)},
			summary:  "Namespace shop has been terminating for 5m: API group versions cannot be parsed: unexpected GroupVersion string: /v1/beta",
			severity: diagnosis.SeverityWarning, hints: []string{"kubectl get apiservice"}},
		{name: "content remaining without finalizers", in: Input{Namespace: deleting(cond(corev1.NamespaceContentRemaining, "SomeResourcesRemain",
			"Some resources are remaining: persistentvolumeclaims. has 2 resource instances, pods. has 1 resource instances")), Now: t0.Add(5 * time.Minute)},
			summary:  "Namespace shop has been terminating for 5m: objects remain: persistentvolumeclaims has 2 resource instances, pods has 1 resource instances",
			severity: diagnosis.SeverityWarning, hints: []string{"kubectl api-resources"}},
		{name: "discovery failure and a metadata finalizer: both named, Critical", in: func() Input {
			ns := deleting(cond(corev1.NamespaceDeletionDiscoveryFailure, "DiscoveryFailed",
				"Discovery failed for some groups, 2 failing: unable to retrieve the complete list of server APIs: custom.metrics.k8s.io/v1beta1: the server is currently unable to handle the request, metrics.k8s.io/v1beta1: the server is currently unable to handle the request"))
			ns.Finalizers = []string{"example.com/guard"}
			return Input{Namespace: ns, Now: t0.Add(time.Hour)}
		}(),
			summary:  "Namespace shop has been terminating for 1h: API discovery fails for custom.metrics.k8s.io/v1beta1, metrics.k8s.io/v1beta1 (an unavailable APIService), so its content cannot all be found and deleted; metadata.finalizers still lists example.com/guard",
			severity: diagnosis.SeverityCritical, hints: []string{"kubectl get apiservice", "kubectl patch namespace shop"}},
		{name: "controller done but its finalizer left", in: Input{Namespace: deleting(corev1.NamespaceCondition{
			Type: corev1.NamespaceContentRemaining, Status: corev1.ConditionFalse, Reason: "ContentRemoved", Message: "All content successfully removed"}),
			Now: t0.Add(5 * time.Minute)},
			summary:  "Namespace shop has been terminating for 5m: the namespace controller has not removed its finalizer kubernetes although it reports no remaining content",
			severity: diagnosis.SeverityWarning, hints: []string{"kubectl api-resources", "kube-controller-manager"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Diagnose(tt.in, diagnosis.DefaultOptions())
			if !res.RecheckAt.Equal(tt.recheck) {
				t.Errorf("RecheckAt %v, want %v", res.RecheckAt, tt.recheck)
			}
			d := res.Diagnosis
			if d == nil || tt.summary == "" {
				if (d == nil) != (tt.summary == "") {
					t.Fatalf("diagnosis %+v, want summary %q", d, tt.summary)
				}
				return
			}
			if d.Reason != diagnosis.ReasonNamespaceStuckTerminating || d.Summary != tt.summary || d.Severity != tt.severity {
				t.Errorf("got %s %s %q\nwant %s %q", d.Reason, d.Severity, d.Summary, tt.severity, tt.summary)
			}
			if len(d.Hints) != len(tt.hints) {
				t.Fatalf("hints %q, want one each with %q", d.Hints, tt.hints)
			}
			for i, h := range tt.hints {
				if !strings.Contains(d.Hints[i], h) {
					t.Errorf("hint %d %q lacks %q", i, d.Hints[i], h)
				}
			}
		})
	}
}

// TestHintIndexes pins the hint constants to the catalog's order: each
// index must point at the hint with that cause's command.
func TestHintIndexes(t *testing.T) {
	e, ok := diagnosis.Lookup(diagnosis.ReasonNamespaceStuckTerminating)
	if !ok {
		t.Fatal("no catalog entry")
	}
	want := map[int]string{
		hintLeftovers: "kubectl api-resources --verbs=list --namespaced", hintAPIService: "kubectl get apiservice | grep False",
		hintContentFinalizer: "kubectl patch <kind> <object>", hintSpecFinalizer: "/finalize -f -",
		hintMetaFinalizer: "kubectl patch namespace {name}", hintController: "component=kube-controller-manager",
	}
	if len(e.Hints) != len(want) {
		t.Fatalf("catalog has %d hints, the package indexes %d", len(e.Hints), len(want))
	}
	for i, cmd := range want {
		if !strings.Contains(e.Hints[i].EN, cmd) || !strings.Contains(e.Hints[i].ZH, cmd) {
			t.Errorf("hint %d does not hold %q: %+v", i, cmd, e.Hints[i])
		}
	}
	if !slices.Equal(RuleReasons(), []diagnosis.Reason{diagnosis.ReasonNamespaceStuckTerminating}) {
		t.Errorf("rules %v", RuleReasons())
	}
}

// TestOddInputs: whatever a dump holds, the rule itself never panics
// (diagnose has no safety net) and still names the namespace.
func TestOddInputs(t *testing.T) {
	del := metav1.NewTime(t0)
	odd := []*corev1.Namespace{
		{ObjectMeta: metav1.ObjectMeta{DeletionTimestamp: &del}},
		{ObjectMeta: metav1.ObjectMeta{Name: "x", DeletionTimestamp: &del, Finalizers: []string{""}},
			Spec:   corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{""}},
			Status: corev1.NamespaceStatus{Conditions: []corev1.NamespaceCondition{{Status: corev1.ConditionTrue}, {Type: corev1.NamespaceContentRemaining, Status: corev1.ConditionTrue}}}},
	}
	for i, ns := range odd {
		d := diagnose(Input{Namespace: ns, Now: t0.Add(time.Hour)}, diagnosis.DefaultOptions())
		if d == nil || d.Reason != diagnosis.ReasonNamespaceStuckTerminating || len(d.Hints) == 0 {
			t.Errorf("%d: %+v", i, d)
		}
	}
}
