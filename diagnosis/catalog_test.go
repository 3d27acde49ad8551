package diagnosis_test

import (
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/internal/texttest"
	"github.com/pod-doctor/pod-doctor/diagnosis/namespace"
	"github.com/pod-doctor/pod-doctor/diagnosis/network"
	"github.com/pod-doctor/pod-doctor/diagnosis/storage"
	"github.com/pod-doctor/pod-doctor/diagnosis/workload"
)

// catalogV1 is the public reason catalog of design.md: codes may be added,
// never renamed or removed. Changing this list is changing a public contract.
var catalogV1 = map[diagnosis.Category][]diagnosis.Reason{
	diagnosis.CategoryScheduling: {"InsufficientResources", "NodeSelectorMismatch", "PodAffinityUnsatisfied",
		"TopologySpreadUnsatisfied", "UntoleratedTaint", "NodeUnschedulable", "HostPortConflict",
		"VolumeNodeAffinityConflict", "PVCNotBound", "NoNodesAvailable", "SchedulingGated", "SchedulerNotRunning"},
	diagnosis.CategoryImage: {"ImageNotFound", "ImagePullUnauthorized", "ImagePullSecretMissing", "RegistryUnreachable",
		"RegistryInsecureHTTP", "RegistryCertUntrusted", "ImagePullRateLimited", "ImageCorrupt", "ImagePullTimeout",
		"InvalidImageName", "ImageNeverPullMissing", "SandboxImagePullFailed"},
	diagnosis.CategoryConfig: {"ConfigMapNotFound", "SecretNotFound", "ConfigKeyNotFound", "RunAsNonRootViolation",
		"CommandNotFound", "CommandNotExecutable", "MemoryLimitTooLow"},
	diagnosis.CategoryRuntime: {"CNIFailure", "PodIPExhausted", "NodeDiskFull", "NodeDiskIOError", "ContainerRuntimeError",
		"ContainerNameConflict", "NodeMemoryAllocationFailed", "SandboxCreateTimeout"},
	diagnosis.CategoryVolume: {"VolumeMultiAttach", "VolumeMountFailed"},
	diagnosis.CategoryCrash: {"OOMKilled", "ContainerKilled", "AppCrash", "DNSResolutionFailed",
		"CompletedInRestartLoop", "LifecycleHookFailed", "InitContainerStuck"},
	diagnosis.CategoryProbe:       {"LivenessProbeFailed", "StartupProbeFailed", "ReadinessProbeFailed"},
	diagnosis.CategoryTermination: {"FinalizerBlocking", "TerminationStuck"},
	diagnosis.CategoryNode:        {"NodeLost", "NodeAdmissionRejected", "NodeShutdown"},
	diagnosis.CategoryEviction:    {"Evicted", "Preempted"},
	diagnosis.CategoryUnknown:     {"Unclassified"},
	// Beyond pods (catalog v2).
	diagnosis.CategoryAdmission: {"QuotaExceeded", "ServiceAccountNotFound", "PodSecurityRejected", "LimitRangeRejected",
		"AdmissionWebhookDenied", "AdmissionWebhookUnavailable", "PodCreateFailed"},
	diagnosis.CategoryWorkload:  {"JobFailed", "RolloutStuck"},
	diagnosis.CategoryNetwork:   {"ServiceSelectorMatchesNothing", "ServiceTargetPortMismatch", "ServiceNoReadyEndpoints", "IngressBackendNotFound", "IngressClassNotFound"},
	diagnosis.CategoryStorage:   {"StorageClassNotFound", "ProvisionerNotRunning", "ProvisioningFailed"},
	diagnosis.CategoryNamespace: {"NamespaceStuckTerminating"},
}

func TestCatalogMatchesDesign(t *testing.T) {
	want := map[diagnosis.Reason]diagnosis.Category{}
	for cat, codes := range catalogV1 {
		for _, c := range codes {
			want[c] = cat
		}
	}
	if len(want) != 77 {
		t.Fatalf("design.md publishes 77 codes (57 of v1; NodeShutdown, InitContainerStuck and the 18 beyond pods of v2), the test lists %d", len(want))
	}
	seen := map[diagnosis.Reason]bool{}
	for _, e := range diagnosis.Catalog() {
		if seen[e.Reason] {
			t.Errorf("%s: duplicate entry", e.Reason)
		}
		seen[e.Reason] = true
		cat, ok := want[e.Reason]
		if !ok {
			t.Errorf("%s: not in catalog v1 (add it to design.md and this test first)", e.Reason)
			continue
		}
		if e.Category != cat {
			t.Errorf("%s: category %s, want %s", e.Reason, e.Category, cat)
		}
	}
	for code := range want {
		if !seen[code] {
			t.Errorf("%s: missing from the catalog", code)
		}
	}
}

func TestCatalogEntriesComplete(t *testing.T) {
	for _, e := range diagnosis.Catalog() {
		switch e.Severity {
		case diagnosis.SeverityCritical, diagnosis.SeverityWarning, diagnosis.SeverityInfo:
		default:
			t.Errorf("%s: bad severity %q", e.Reason, e.Severity)
		}
		if e.Doc == "" {
			t.Errorf("%s: no Doc", e.Reason)
		}
		if len(e.Hints) == 0 {
			t.Errorf("%s: no hints", e.Reason)
		}
		for i, txt := range append([]diagnosis.Text{e.Summary}, e.Hints...) {
			if txt.EN == "" || txt.ZH == "" {
				t.Errorf("%s text %d: both languages required: %+v", e.Reason, i, txt)
				continue
			}
			if en, zh := diagnosis.Placeholders(txt.EN), diagnosis.Placeholders(txt.ZH); !sameSet(en, zh) {
				t.Errorf("%s text %d: placeholders differ: en %v zh %v", e.Reason, i, en, zh)
			}
		}
	}
}

// TestPhrasesComplete holds the sentence fragments rules put into catalog
// templates (catalog_phrases.go) to the catalog's standard: both languages,
// and the same facts in both. A phrase whose English is exactly {quote} shows
// the cluster's own English words; its Chinese translates them instead.
func TestPhrasesComplete(t *testing.T) {
	phrases := diagnosis.Phrases()
	if len(phrases) < 100 {
		t.Fatalf("only %d phrases found: the accessor misses a table", len(phrases))
	}
	for name, txt := range phrases {
		if txt.EN == "" || txt.ZH == "" {
			t.Errorf("%s: both languages required: %+v", name, txt)
			continue
		}
		if txt.EN == "{quote}" {
			continue
		}
		if en, zh := diagnosis.Placeholders(txt.EN), diagnosis.Placeholders(txt.ZH); !sameSet(en, zh) {
			t.Errorf("%s: placeholders differ: en %v zh %v", name, en, zh)
		}
	}
}

// TestNoTextOutsideCatalog: user-facing Chinese lives in catalog_*.go only;
// a rule that writes it inline bypasses TestPhrasesComplete.
func TestNoTextOutsideCatalog(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, name := range files {
		if strings.HasPrefix(name, "catalog_") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile(name, -1, len(src)), src, nil, 0) // comments skipped
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if (tok == token.STRING || tok == token.CHAR) && texttest.HasHan(lit) {
				t.Errorf("%s: Chinese text in code, move it to catalog_phrases.go: %s", fset.Position(pos), lit)
			}
		}
	}
}

// families are the engines of the objects beyond pods: their rule lists
// and where their fixtures live.
var families = []struct {
	dir   string
	rules func() []diagnosis.Reason
}{
	{"workload", workload.RuleReasons},
	{"network", network.RuleReasons},
	{"storage", storage.RuleReasons},
	{"namespace", namespace.RuleReasons},
}

// TestEveryCodeHasRuleAndFixtures: a code without a rule cannot fire; a rule
// without two fixtures is untested. A pod code's rule and fixtures are in
// this package; a code of the objects beyond pods (Entry.Kinds) has them in
// one family package.
func TestEveryCodeHasRuleAndFixtures(t *testing.T) {
	rules := map[diagnosis.Reason]int{}
	for _, r := range diagnosis.RuleReasons() {
		rules[r]++
	}
	for _, f := range families {
		for _, r := range f.rules() {
			rules[r]++
		}
	}
	for _, e := range diagnosis.Catalog() {
		if e.Reason != diagnosis.ReasonUnclassified && rules[e.Reason] != 1 {
			t.Errorf("%s: %d rules registered, want 1", e.Reason, rules[e.Reason])
		}
		pattern := filepath.Join("testdata", string(e.Reason), "*.yaml")
		if len(e.Kinds) > 0 {
			pattern = filepath.Join("*", "testdata", string(e.Reason), "*.yaml")
		}
		files, _ := filepath.Glob(pattern)
		if len(files) < 2 {
			t.Errorf("%s: %d fixtures (%s), want at least 2", e.Reason, len(files), pattern)
		}
	}
	for r := range rules {
		if _, ok := diagnosis.Lookup(r); !ok {
			t.Errorf("rule %s has no catalog entry", r)
		}
	}
	dirs, _ := os.ReadDir("testdata")
	for _, d := range dirs {
		code := diagnosis.Reason(d.Name())
		if _, ok := diagnosis.Lookup(code); !ok && code != diagnosis.ReasonHealthy && d.Name() != "fuzz" {
			t.Errorf("testdata/%s is not a catalog code", d.Name())
		}
	}
}

// TestIncidentKeysAreCatalogCodes: the incident table names catalog codes
// only; that each of their diagnoses carries its incident is checked on
// every fixture (checkTexts here, checkTexts of diagnosis/snapshot).
func TestIncidentKeysAreCatalogCodes(t *testing.T) {
	n := 0
	for _, e := range diagnosis.Catalog() {
		if _, ok := diagnosis.IncidentKeyOf(e.Reason); ok {
			n++
		}
	}
	if n != 17 {
		t.Errorf("%d catalog codes group into incidents, want the 17 of diagnosis/incident.go", n)
	}
}

func sameSet(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	a, b = dedupe(a), dedupe(b)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
