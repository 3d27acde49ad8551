package packaging

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// TestHelmLint: `helm lint --strict` passes for the defaults and every value
// set, with no warning (the one INFO helm prints, "icon is recommended", is
// allowed: the project has no logo).
func TestHelmLint(t *testing.T) {
	for _, v := range valueSets {
		args := append([]string{"lint", chartDir, "--strict"}, v.args()...)
		out, errOut := mustTool(t, "helm", nil, args...)
		if !strings.Contains(out, "1 chart(s) linted, 0 chart(s) failed") {
			t.Errorf("%s: helm lint:\n%s%s", v.name, out, errOut)
		}
		for _, line := range strings.Split(out+errOut, "\n") {
			if strings.Contains(line, "[WARNING]") || strings.Contains(line, "[ERROR]") ||
				(strings.Contains(line, "[INFO]") && !strings.Contains(line, "icon is recommended")) {
				t.Errorf("%s: helm lint: %s", v.name, line)
			}
		}
	}
}

// TestSchemaRejectsBadValues: values.schema.json turns typos into readable
// errors at install time.
func TestSchemaRejectsBadValues(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--set", "replicas=two"}, "at '/replicas': got string, want integer"},
		{[]string{"--set", "replica=2"}, "at '': additional properties 'replica' not allowed"},
		{[]string{"--set", "image.repo=x"}, "at '/image': additional properties 'repo' not allowed"},
		{[]string{"--set", "lang=fr"}, "at '/lang': value must be one of 'en', 'zh'"},
		{[]string{"--set", "dryRun=yes"}, "at '/dryRun': got string, want boolean"},
		{[]string{"--set", "gracePeriod=2min"}, "at '/gracePeriod': '2min' does not match pattern"},
		{[]string{"--set", "initStuckThreshold=ten"}, "at '/initStuckThreshold': 'ten' does not match pattern"},
		{[]string{"--set", "namespaces=team-a"}, "at '/namespaces': got string, want array"},
		{[]string{"--set", "metrics.port=0"}, "at '/metrics/port': minimum: got 0, want 1"},
		{[]string{"--set", "annotationPrefix=Bad_Prefix/"}, "at '/annotationPrefix': 'Bad_Prefix/' does not match pattern"},
	}
	for _, c := range cases {
		args := append([]string{"template", "pod-doctor", chartDir}, c.args...)
		out, errOut, err := tool(t, "helm", nil, args...)
		if err == nil {
			t.Errorf("helm template %s: accepted, want rejected\n%s", strings.Join(c.args, " "), out)
			continue
		}
		if !strings.Contains(errOut, "values don't meet the specifications of the schema") || !strings.Contains(errOut, c.want) {
			t.Errorf("helm template %s:\n%s\nwant a schema error containing %q", strings.Join(c.args, " "), errOut, c.want)
		}
	}

	// Not a schema matter, but as readable: a ServiceMonitor needs metrics.
	_, errOut, err := tool(t, "helm", nil, "template", "pod-doctor", chartDir, "--set", "serviceMonitor.enabled=true", "--set", "metrics.enabled=false")
	if err == nil || !strings.Contains(errOut, "serviceMonitor.enabled needs metrics.enabled") {
		t.Errorf("serviceMonitor without metrics: err %v\n%s", err, errOut)
	}
}

// TestSchemaMatchesValues: every key of values.yaml is in the schema and the
// schema lists no key values.yaml lacks, at every level the schema closes.
func TestSchemaMatchesValues(t *testing.T) {
	var values map[string]any
	b, err := os.ReadFile(filepath.Join(chartDir, "values.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &values); err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	b, err = os.ReadFile(filepath.Join(chartDir, "values.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatalf("values.schema.json: %v", err)
	}
	var check func(path string, vals map[string]any, sch map[string]any)
	check = func(path string, vals map[string]any, sch map[string]any) {
		props, _ := sch["properties"].(map[string]any)
		if sch["additionalProperties"] != false {
			return // an open map (labels, resources): nothing to match
		}
		var vk, sk []string
		for k := range vals {
			vk = append(vk, k)
		}
		for k := range props {
			if k != "global" {
				sk = append(sk, k)
			}
		}
		sort.Strings(vk)
		sort.Strings(sk)
		if !slices.Equal(vk, sk) {
			t.Errorf("%s: values.yaml keys %v, schema properties %v", path, vk, sk)
		}
		for k, v := range vals {
			sub, _ := props[k].(map[string]any)
			if m, ok := v.(map[string]any); ok && sub != nil {
				check(path+"."+k, m, sub)
			}
		}
	}
	check("values", values, schema)
}

// render renders a value set and parses it.
func render(t *testing.T, v valueSet, ns string) []*unstructured.Unstructured {
	t.Helper()
	return objects(t, helmTemplate(t, v.release, ns, v.args()...))
}

// TestRenderedValueSets checks what each value set renders, before any API
// server judges it (TestApply does that).
func TestRenderedValueSets(t *testing.T) {
	for _, v := range valueSets {
		t.Run(v.name, func(t *testing.T) {
			objs := render(t, v, "ns-"+v.name)
			d := oneDeployment(t, objs)
			spec := d.Spec.Template.Spec
			c := spec.Containers[0]
			flags := flagValues(c.Args)

			// Shared by every set.
			if c.Args[0] != "controller" {
				t.Errorf("first arg %q, want the controller sub-command", c.Args[0])
			}
			if flags["leader-elect"] != "true" || flags["leader-election-namespace"] != "ns-"+v.name {
				t.Errorf("leader election flags %v", flags)
			}
			assertRestricted(t, spec)
			if c.LivenessProbe == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" || c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" {
				t.Errorf("probes: liveness %+v readiness %+v", c.LivenessProbe, c.ReadinessProbe)
			}
			if c.Image != "docker.io/pod-doctor/pod-doctor:0.1.0" {
				t.Errorf("image %q, want the chart's appVersion tag", c.Image)
			}
			sas := ofKind(objs, "ServiceAccount")
			if len(sas) != 1 || sas[0].GetName() != spec.ServiceAccountName {
				t.Errorf("ServiceAccount %v, pod uses %q", sas, spec.ServiceAccountName)
			}
			for _, k := range []string{"ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"} {
				if n := len(ofKind(objs, k)); n != 1 {
					t.Errorf("%d %s, want 1", n, k)
				}
			}
			pdbs := ofKind(objs, "PodDisruptionBudget")
			services := ofKind(objs, "Service")
			monitors := ofKind(objs, "ServiceMonitor")

			switch v.name {
			case "defaults":
				if d.Name != "pod-doctor" || *d.Spec.Replicas != 1 || len(pdbs) != 0 || len(monitors) != 0 || len(services) != 1 {
					t.Errorf("defaults: name %s replicas %d, %d PDB, %d ServiceMonitor, %d Service", d.Name, *d.Spec.Replicas, len(pdbs), len(monitors), len(services))
				}
				want := map[string]string{
					"metrics-bind-address": ":8080", "metrics-secure": "false", "health-probe-bind-address": ":8081",
					"leader-election-id": "pod-doctor.pod-doctor.io", "annotation-prefix": "pod-doctor.io/",
					"grace-period": "2m", "restart-window": "10m", "init-stuck-threshold": "10m", "watch-failure-threshold": "2m", "lang": "en", "max-events-per-pod": "32", "kube-api-qps": "200",
					"kube-api-burst": "400", "max-concurrent-reconciles": "4", "dry-run": "false",
					"zap-log-level": "info", "zap-encoder": "json", "memory-limit": "$(MEMORY_LIMIT)",
					"kinds": "deployments,replicasets,statefulsets,daemonsets,jobs,cronjobs,services,ingresses,persistentvolumeclaims,namespaces",
				}
				for k, w := range want {
					if flags[k] != w {
						t.Errorf("--%s=%q, want %q", k, flags[k], w)
					}
				}
				if _, ok := flags["namespaces"]; ok {
					t.Errorf("defaults watch every namespace, got --namespaces=%s", flags["namespaces"])
				}
				req := c.Resources.Requests
				if !req.Cpu().Equal(resource.MustParse("50m")) || !req.Memory().Equal(resource.MustParse("64Mi")) ||
					!c.Resources.Limits.Memory().Equal(resource.MustParse("256Mi")) || !c.Resources.Limits.Cpu().IsZero() {
					t.Errorf("resources %+v, want requests 50m/64Mi, limit 256Mi memory, no CPU limit", c.Resources)
				}
				if spec.Affinity != nil {
					t.Errorf("one replica needs no anti-affinity: %+v", spec.Affinity)
				}
			case "ha":
				if *d.Spec.Replicas != 2 || len(pdbs) != 1 {
					t.Fatalf("ha: replicas %d, %d PDB", *d.Spec.Replicas, len(pdbs))
				}
				pdb := into[policyv1.PodDisruptionBudget](t, pdbs[0])
				if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.IntValue() != 1 || !labelsMatch(pdb.Spec.Selector.MatchLabels, d.Spec.Template.Labels) {
					t.Errorf("PDB %+v does not keep 1 of the pods", pdb.Spec)
				}
				if spec.Affinity == nil || spec.Affinity.PodAntiAffinity == nil {
					t.Errorf("two replicas should prefer different nodes")
				}
				if len(monitors) != 1 {
					t.Fatalf("%d ServiceMonitor, want 1", len(monitors))
				}
				sm := monitors[0]
				if sm.GetLabels()["release"] != "kube-prometheus-stack" {
					t.Errorf("ServiceMonitor labels %v", sm.GetLabels())
				}
				eps, _, _ := unstructured.NestedSlice(sm.Object, "spec", "endpoints")
				if len(eps) != 1 || eps[0].(map[string]any)["port"] != "metrics" || eps[0].(map[string]any)["interval"] != "15s" {
					t.Errorf("ServiceMonitor endpoints %v", eps)
				}
				sel, _, _ := unstructured.NestedStringMap(sm.Object, "spec", "selector", "matchLabels")
				if !labelsMatch(sel, services[0].GetLabels()) {
					t.Errorf("ServiceMonitor selector %v does not select Service labels %v", sel, services[0].GetLabels())
				}
				if spec.PriorityClassName != "pod-doctor-critical" || spec.NodeSelector["kubernetes.io/os"] != "linux" || len(spec.Tolerations) != 1 ||
					d.Spec.Template.Annotations["example.com/owner"] != "sre" || d.Spec.Template.Labels["team"] != "platform" {
					t.Errorf("scheduling knobs not applied: %+v", spec)
				}
			case "namespaced":
				if flags["namespaces"] != "team-a,team-b" {
					t.Errorf("--namespaces=%q", flags["namespaces"])
				}
			case "metrics-off":
				if len(services) != 0 || flags["metrics-bind-address"] != "0" {
					t.Errorf("metrics off: %d Service, --metrics-bind-address=%s", len(services), flags["metrics-bind-address"])
				}
				for _, p := range c.Ports {
					if p.Name == "metrics" {
						t.Errorf("metrics port still declared")
					}
				}
				if flags["exclude-namespaces"] != "kube-system,kube-public" || !c.Resources.Limits.Memory().Equal(resource.MustParse("512Mi")) {
					t.Errorf("exclusions %q, limits %v", flags["exclude-namespaces"], c.Resources.Limits)
				}
			case "zh":
				want := map[string]string{"lang": "zh", "annotation-prefix": "doctor.example.com/", "grace-period": "5m",
					"zap-log-level": "debug", "zap-encoder": "console", "dry-run": "true", "kube-api-qps": "7.5",
					"leader-election-lease-duration": "30s"}
				for k, w := range want {
					if flags[k] != w {
						t.Errorf("--%s=%q, want %q", k, flags[k], w)
					}
				}
			}
		})
	}
}

func labelsMatch(selector, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// assertRestricted checks the Pod Security "restricted" settings in the
// spec itself (the API server's PodSecurity admission judges them too, in TestApply).
func assertRestricted(t *testing.T, spec corev1.PodSpec) {
	t.Helper()
	psc := spec.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser != 65532 ||
		psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Errorf("pod securityContext %+v", psc)
	}
	for _, c := range spec.Containers {
		sc := c.SecurityContext
		if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
			sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
			sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) != 0 ||
			sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
			t.Errorf("container %s securityContext %+v", c.Name, sc)
		}
	}
	if spec.AutomountServiceAccountToken == nil || !*spec.AutomountServiceAccountToken {
		t.Errorf("the controller needs its token mounted")
	}
	if spec.HostNetwork || spec.HostPID || spec.HostIPC || len(spec.Volumes) != 0 {
		t.Errorf("host namespaces or volumes in the pod: %+v", spec)
	}
}

// TestNotes: NOTES.txt prints the custom-columns and describe commands, with
// the annotation prefix escaped for kubectl's JSONPath.
func TestNotes(t *testing.T) {
	for _, c := range []struct {
		args   []string
		prefix string
	}{
		{nil, `pod-doctor\.io/`},
		{[]string{"--set", "annotationPrefix=doctor.example.com"}, `doctor\.example\.com/`},
	} {
		args := append([]string{"install", "pod-doctor", chartDir, "-n", "pod-doctor", "--dry-run=client"}, c.args...)
		out, _ := mustTool(t, "helm", nil, args...)
		_, notes, ok := strings.Cut(out, "NOTES:\n")
		if !ok {
			t.Fatalf("no NOTES in:\n%s", out)
		}
		want := "kubectl get pods -A -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,REASON:.metadata.annotations." +
			c.prefix + "reason,SUMMARY:.metadata.annotations." + c.prefix + "summary"
		if !strings.Contains(notes, want) || !strings.Contains(notes, "kubectl describe pod <pod>") {
			t.Errorf("NOTES lack %q or describe:\n%s", want, notes)
		}
	}
}

// TestControllerKnowsChartFlags builds pod-doctor and checks that every flag
// the chart and config/manager pass is one `pod-doctor controller` defines: a
// misspelt flag would crash-loop the controller in a real cluster.
func TestControllerKnowsChartFlags(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "pod-doctor")
	cmd := execGo(t, "build", "-trimpath", "-o", bin, "./cmd/pod-doctor") // flags of `make build`: shares its build cache
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/pod-doctor: %v\n%s", err, b)
	}
	help, _ := execCmd(bin, "controller", "--help").CombinedOutput() // exit code varies with the flag library
	known := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s+(?:-\w, )?--?([a-z][a-z0-9-]*)`).FindAllStringSubmatch(string(help), -1) {
		known[m[1]] = true
	}
	if len(known) < 10 {
		t.Fatalf("could not read the flags of `pod-doctor controller --help`:\n%s", help)
	}
	var argSets [][]string
	for _, v := range valueSets {
		argSets = append(argSets, oneDeployment(t, render(t, v, "x")).Spec.Template.Spec.Containers[0].Args)
	}
	argSets = append(argSets, oneDeployment(t, objects(t, kustomize(t, "config/manager"))).Spec.Template.Spec.Containers[0].Args)
	for _, args := range argSets {
		for f := range flagValues(args) {
			if !known[f] {
				t.Errorf("--%s is passed to the controller but `pod-doctor controller` has no such flag", f)
			}
		}
		// The values parse and validate too: with a kubeconfig that does not
		// exist, the controller gets past its flags and fails on loading it.
		run := slices.Clone(args)
		for i, a := range run {
			// The kubelet expands them (MEMORY_LIMIT is limits.memory in bytes).
			run[i] = strings.NewReplacer("$(POD_NAMESPACE)", "pod-doctor-system", "$(MEMORY_LIMIT)", "268435456").Replace(a)
		}
		out, err := execCmd(bin, append(run, "--kubeconfig=/nonexistent/kubeconfig")...).CombinedOutput()
		if err == nil || !strings.Contains(string(out), "load kubeconfig /nonexistent/kubeconfig") {
			t.Errorf("pod-doctor %s: want it to accept the flags and fail loading the kubeconfig, got %v:\n%s", strings.Join(run, " "), err, out)
		}
	}
}
