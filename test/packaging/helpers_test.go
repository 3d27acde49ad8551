// Package packaging proves the Helm chart (charts/pod-doctor), the kustomize
// config (config/) and the RBAC with the real, pinned helm and kubectl
// binaries and a real kube-apiserver (internal/testenv): lint, render,
// schema, RBAC drift, and Pod Security "restricted" admission.
package packaging

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"

	"github.com/pod-doctor/pod-doctor/internal/testenv"
)

var (
	repoRoot = filepath.Join("..", "..")
	chartDir = filepath.Join(repoRoot, "charts", "pod-doctor")
	// toolHome keeps helm's and kubectl's caches and config out of $HOME.
	toolHome string
)

func TestMain(m *testing.M) {
	var err error
	if toolHome, err = os.MkdirTemp("", "pod-doctor-packaging-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(toolHome)
	os.Exit(code)
}

// valueSet is one `helm template` configuration the tests render and apply.
type valueSet struct {
	name    string // also the release name and the namespace it is applied to
	release string
	files   []string // values files under testdata/
}

var valueSets = []valueSet{
	{name: "defaults", release: "pod-doctor"},
	{name: "ha", release: "pd-ha", files: []string{"values-ha.yaml"}},
	{name: "namespaced", release: "pd-namespaced", files: []string{"values-namespaced.yaml"}},
	{name: "metrics-off", release: "pd-metrics-off", files: []string{"values-metrics-off.yaml"}},
	{name: "zh", release: "pd-zh", files: []string{"values-zh.yaml"}},
}

func (v valueSet) args() []string {
	var a []string
	for _, f := range v.files {
		a = append(a, "-f", filepath.Join("testdata", f))
	}
	return a
}

// tool runs a pinned binary (helm or kubectl) and returns stdout and stderr.
func tool(t *testing.T, name string, stdin io.Reader, args ...string) (string, string, error) {
	t.Helper()
	cmd := exec.Command(testenv.Tool(t, name), args...)
	cmd.Env = append(os.Environ(),
		"HOME="+toolHome,
		"HELM_CACHE_HOME="+filepath.Join(toolHome, "helm-cache"),
		"HELM_CONFIG_HOME="+filepath.Join(toolHome, "helm-config"),
		"HELM_DATA_HOME="+filepath.Join(toolHome, "helm-data"),
		"KUBECACHEDIR="+filepath.Join(toolHome, "kube-cache"),
	)
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return out.String(), errb.String(), err
}

// mustTool is tool that fails the test on a non-zero exit.
func mustTool(t *testing.T, name string, stdin io.Reader, args ...string) (string, string) {
	t.Helper()
	out, errOut, err := tool(t, name, stdin, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), err, out, errOut)
	}
	return out, errOut
}

// helmTemplate renders the chart for a release in namespace ns.
func helmTemplate(t *testing.T, release, ns string, extra ...string) string {
	t.Helper()
	args := append([]string{"template", release, chartDir, "--namespace", ns}, extra...)
	out, _ := mustTool(t, "helm", nil, args...)
	return out
}

// kustomize renders a kustomization with the real kubectl.
func kustomize(t *testing.T, dir string) string {
	t.Helper()
	out, _ := mustTool(t, "kubectl", nil, "kustomize", filepath.Join(repoRoot, dir))
	return out
}

// objects parses a multi-document manifest stream.
func objects(t *testing.T, manifest string) []*unstructured.Unstructured {
	t.Helper()
	dec := utilyaml.NewYAMLOrJSONDecoder(strings.NewReader(manifest), 4096)
	var objs []*unstructured.Unstructured
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return objs
			}
			t.Fatalf("parsing manifests: %v", err)
		}
		if len(m) == 0 {
			continue
		}
		objs = append(objs, &unstructured.Unstructured{Object: m})
	}
}

// ofKind returns the objects of one kind.
func ofKind(objs []*unstructured.Unstructured, kind string) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, o := range objs {
		if o.GetKind() == kind {
			out = append(out, o)
		}
	}
	return out
}

// into converts an unstructured object to a typed one.
func into[T any](t *testing.T, u *unstructured.Unstructured) *T {
	t.Helper()
	var v T
	if err := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(u.Object, &v, true); err != nil {
		t.Fatalf("%s %s: %v", u.GetKind(), u.GetName(), err)
	}
	return &v
}

// oneDeployment returns the only Deployment of a manifest.
func oneDeployment(t *testing.T, objs []*unstructured.Unstructured) *appsv1.Deployment {
	t.Helper()
	ds := ofKind(objs, "Deployment")
	if len(ds) != 1 {
		t.Fatalf("want 1 Deployment, got %d", len(ds))
	}
	return into[appsv1.Deployment](t, ds[0])
}

// flagValues maps "--flag=value" arguments to their values (last one wins).
func flagValues(args []string) map[string]string {
	m := map[string]string{}
	for _, a := range args {
		if name, val, ok := strings.Cut(a, "="); ok && strings.HasPrefix(name, "--") {
			m[strings.TrimPrefix(name, "--")] = val
		}
	}
	return m
}

// execGo runs the go command in the repository root.
func execGo(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	return cmd
}

func execCmd(name string, args ...string) *exec.Cmd { return exec.Command(name, args...) }
