package packaging

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	authzv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/ptr"

	"github.com/pod-doctor/pod-doctor/internal/testenv"
)

// cluster is the envtest API server as the tests drive it.
type cluster struct {
	kubeconfig string
	cs         *kubernetes.Clientset
}

// TestApply installs the chart with `helm install` (then upgrades and
// uninstalls it), applies every other value set's `helm template` output and
// `config/default` with `kubectl apply --server-side` to a real API server,
// in namespaces that enforce Pod Security "restricted", and creates a Pod
// from each Deployment's pod template, which PodSecurity admission must
// admit (envtest runs no controller-manager, so no ReplicaSet would).
func TestApply(t *testing.T) {
	env, cfg := testenv.Start(t)
	kc := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(kc, env.KubeConfig, 0o600); err != nil {
		t.Fatal(err)
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{kubeconfig: kc, cs: cs}

	t.Run("helm install, upgrade, uninstall", func(t *testing.T) {
		const ns, release = "pod-doctor", "pod-doctor"
		c.restrictedNamespace(t, ns)
		out, errOut := mustTool(t, "helm", nil, "install", release, chartDir, "-n", ns, "--kubeconfig", kc)
		t.Cleanup(func() { // on failure, free the cluster-scoped names config/default uses too
			if t.Failed() {
				tool(t, "helm", nil, "uninstall", release, "-n", ns, "--kubeconfig", kc)
			}
		})
		assertNoWarnings(t, errOut)
		if !strings.Contains(out, `kubectl get pods -A -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,REASON:.metadata.annotations.pod-doctor\.io/reason`) {
			t.Errorf("helm install printed no custom-columns command:\n%s", out)
		}
		c.admitsPodTemplate(t, ns, "pod-doctor", true)
		c.serviceAccountCan(t, ns, "pod-doctor")

		_, errOut = mustTool(t, "helm", nil, "upgrade", release, chartDir, "-n", ns, "--kubeconfig", kc, "--reuse-values", "--set", "replicas=2")
		assertNoWarnings(t, errOut)
		d, err := cs.AppsV1().Deployments(ns).Get(context.Background(), "pod-doctor", metav1.GetOptions{})
		if err != nil || *d.Spec.Replicas != 2 {
			t.Fatalf("after upgrade: %v, %+v", err, d)
		}
		if _, err := cs.PolicyV1().PodDisruptionBudgets(ns).Get(context.Background(), "pod-doctor", metav1.GetOptions{}); err != nil {
			t.Errorf("after upgrade to 2 replicas: PodDisruptionBudget: %v", err)
		}

		mustTool(t, "helm", nil, "uninstall", release, "-n", ns, "--kubeconfig", kc)
		if _, err := cs.RbacV1().ClusterRoles().Get(context.Background(), "pod-doctor", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Errorf("after uninstall the ClusterRole is still there: %v", err)
		}
		if _, err := cs.AppsV1().Deployments(ns).Get(context.Background(), "pod-doctor", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Errorf("after uninstall the Deployment is still there: %v", err)
		}
	})

	// What the HA set needs from the cluster: the ServiceMonitor CRD and the PriorityClass.
	mustTool(t, "kubectl", nil, "--kubeconfig", kc, "apply", "--server-side", "-f", filepath.Join("testdata", "servicemonitor-crd.yaml"))
	mustTool(t, "kubectl", nil, "--kubeconfig", kc, "wait", "--for=condition=Established", "crd/servicemonitors.monitoring.coreos.com", "--timeout=60s")
	mustTool(t, "kubectl", nil, "--kubeconfig", kc, "create", "priorityclass", "pod-doctor-critical", "--value=1000000")

	for _, v := range valueSets[1:] {
		t.Run("helm template "+v.name, func(t *testing.T) {
			ns := v.name
			c.restrictedNamespace(t, ns)
			manifest := helmTemplate(t, v.release, ns, v.args()...)
			_, errOut := mustTool(t, "kubectl", strings.NewReader(manifest), "--kubeconfig", kc, "apply", "--server-side", "--field-manager=packaging-test", "-f", "-")
			assertNoWarnings(t, errOut)
			c.admitsPodTemplate(t, ns, oneDeployment(t, objects(t, manifest)).Name, false)
			if v.name == "ha" {
				out, _ := mustTool(t, "kubectl", nil, "--kubeconfig", kc, "-n", ns, "get", "servicemonitors,poddisruptionbudgets", "-o", "name")
				if !strings.Contains(out, "servicemonitor.monitoring.coreos.com/pd-ha-pod-doctor") || !strings.Contains(out, "poddisruptionbudget.policy/pd-ha-pod-doctor") {
					t.Errorf("ha: stored objects:\n%s", out)
				}
			}
		})
	}

	t.Run("kubectl apply -k config/default", func(t *testing.T) {
		_, errOut := mustTool(t, "kubectl", nil, "--kubeconfig", kc, "apply", "--server-side", "--field-manager=packaging-test", "-k", filepath.Join(repoRoot, "config", "default"))
		assertNoWarnings(t, errOut)
		nsObj, err := cs.CoreV1().Namespaces().Get(context.Background(), "pod-doctor-system", metav1.GetOptions{})
		if err != nil || nsObj.Labels["pod-security.kubernetes.io/enforce"] != "restricted" {
			t.Fatalf("namespace pod-doctor-system: %v %v", err, nsObj.Labels)
		}
		c.admitsPodTemplate(t, "pod-doctor-system", "pod-doctor", false)
		c.serviceAccountCan(t, "pod-doctor-system", "pod-doctor")
	})
}

// restrictedNamespace creates a namespace that enforces Pod Security "restricted".
func (c *cluster) restrictedNamespace(t *testing.T, name string) {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{
		"pod-security.kubernetes.io/enforce":         "restricted",
		"pod-security.kubernetes.io/enforce-version": "latest",
		"pod-security.kubernetes.io/warn":            "restricted",
	}}}
	if _, err := c.cs.CoreV1().Namespaces().Create(context.Background(), ns, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// admitsPodTemplate creates a Pod from the stored Deployment's pod template
// and fails unless admission accepts it. With negativeControl it first
// checks that a pod allowing privilege escalation is rejected, proving the
// PodSecurity admission is really judging this namespace.
func (c *cluster) admitsPodTemplate(t *testing.T, ns, deployment string, negativeControl bool) {
	t.Helper()
	ctx := context.Background()
	d, err := c.cs.AppsV1().Deployments(ns).Get(ctx, deployment, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("stored Deployment: %v", err)
	}
	pod := func(name string) *corev1.Pod {
		return &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: d.Spec.Template.Labels, Annotations: d.Spec.Template.Annotations},
			Spec:       *d.Spec.Template.Spec.DeepCopy(),
		}
	}
	if negativeControl {
		bad := pod(deployment + "-escalates")
		bad.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = ptr.To(true)
		_, err := c.cs.CoreV1().Pods(ns).Create(ctx, bad, metav1.CreateOptions{})
		if err == nil || !apierrors.IsForbidden(err) || !strings.Contains(err.Error(), "violates PodSecurity") {
			t.Fatalf("a pod with allowPrivilegeEscalation=true was not rejected by PodSecurity (err %v): admission is not active", err)
		}
	}
	created, err := c.cs.CoreV1().Pods(ns).Create(ctx, pod(deployment+"-from-template"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("a pod from the Deployment's template was rejected: %v", err)
	}
	if created.Spec.ServiceAccountName != d.Spec.Template.Spec.ServiceAccountName {
		t.Errorf("pod service account %q", created.Spec.ServiceAccountName)
	}
}

// serviceAccountCan asks the API server's RBAC authorizer what the
// controller's ServiceAccount may do: what it needs, and nothing on Secrets.
func (c *cluster) serviceAccountCan(t *testing.T, ns, sa string) {
	t.Helper()
	user := "system:serviceaccount:" + ns + ":" + sa
	for _, q := range []struct {
		ns, group, resource, verb string
		want                      bool
	}{
		{"", "", "pods", "watch", true},
		{"any", "", "pods", "patch", true},
		{"any", "", "events", "create", true},
		{"", "", "nodes", "list", true},
		{"", "", "persistentvolumeclaims", "list", true},
		{"", "", "namespaces", "list", true},
		{ns, "coordination.k8s.io", "leases", "update", true},
		{"other", "coordination.k8s.io", "leases", "update", false},
		{"", "", "secrets", "get", false},
		{"", "", "secrets", "list", false},
		{"any", "", "pods", "delete", false},
		{"any", "", "pods/exec", "create", false},
		{"", "", "configmaps", "list", false},
		{"", "", "nodes", "patch", false},
	} {
		sar := &authzv1.SubjectAccessReview{Spec: authzv1.SubjectAccessReviewSpec{
			User:               user,
			Groups:             []string{"system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"},
			ResourceAttributes: &authzv1.ResourceAttributes{Namespace: q.ns, Group: q.group, Resource: q.resource, Verb: q.verb},
		}}
		if r, _, ok := strings.Cut(q.resource, "/"); ok {
			sar.Spec.ResourceAttributes.Resource = r
			sar.Spec.ResourceAttributes.Subresource = q.resource[len(r)+1:]
		}
		res, err := c.cs.AuthorizationV1().SubjectAccessReviews().Create(context.Background(), sar, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status.Allowed != q.want {
			t.Errorf("%s may %s %s %s in %q: %v, want %v", user, q.verb, q.group, q.resource, q.ns, res.Status.Allowed, q.want)
		}
	}
}

// assertNoWarnings fails on API server warnings (PodSecurity warns about
// pod templates of Deployments that the enforced level would reject).
func assertNoWarnings(t *testing.T, stderr string) {
	t.Helper()
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(strings.ToLower(line), "warning") {
			t.Errorf("warning: %s", line)
		}
	}
}
