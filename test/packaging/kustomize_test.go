package packaging

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/equality"
)

// TestKustomizeMatchesChart: `kubectl kustomize config/default` installs the
// same controller as the chart's defaults (image, flags, security, probes,
// resources, ports), and its bindings grant the roles to the ServiceAccount
// the Deployment runs as.
func TestKustomizeMatchesChart(t *testing.T) {
	const ns = "pod-doctor-system"
	kobjs := objects(t, kustomize(t, "config/default"))
	hobjs := render(t, valueSets[0], ns)
	kd, hd := oneDeployment(t, kobjs), oneDeployment(t, hobjs)
	kc, hc := kd.Spec.Template.Spec.Containers[0], hd.Spec.Template.Spec.Containers[0]

	if kd.Namespace != ns {
		t.Errorf("config/default Deployment in %q, want %q", kd.Namespace, ns)
	}
	nss := ofKind(kobjs, "Namespace")
	if len(nss) != 1 || nss[0].GetName() != ns || nss[0].GetLabels()["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Errorf("config/default must create namespace %s enforcing restricted: %v", ns, nss)
	}
	if kc.Image != hc.Image {
		t.Errorf("image: kustomize %q, chart %q (config/manager/kustomization.yaml newTag must be the chart's appVersion)", kc.Image, hc.Image)
	}
	kf, hf := flagValues(kc.Args), flagValues(hc.Args)
	if kf["leader-election-namespace"] != "$(POD_NAMESPACE)" {
		t.Errorf("kustomize --leader-election-namespace=%q, want $(POD_NAMESPACE)", kf["leader-election-namespace"])
	}
	delete(kf, "leader-election-namespace")
	delete(hf, "leader-election-namespace")
	if !equality.Semantic.DeepEqual(kf, hf) || kc.Args[0] != hc.Args[0] {
		t.Errorf("flags differ:\n kustomize %v\n chart     %v", kc.Args, hc.Args)
	}
	for _, c := range []struct {
		what string
		a, b any
	}{
		{"container securityContext", kc.SecurityContext, hc.SecurityContext},
		{"pod securityContext", kd.Spec.Template.Spec.SecurityContext, hd.Spec.Template.Spec.SecurityContext},
		{"liveness probe", kc.LivenessProbe, hc.LivenessProbe},
		{"readiness probe", kc.ReadinessProbe, hc.ReadinessProbe},
		{"resources", kc.Resources, hc.Resources},
		{"ports", kc.Ports, hc.Ports},
		{"env", kc.Env, hc.Env},
		{"serviceAccountName", kd.Spec.Template.Spec.ServiceAccountName, hd.Spec.Template.Spec.ServiceAccountName},
		{"automountServiceAccountToken", kd.Spec.Template.Spec.AutomountServiceAccountToken, hd.Spec.Template.Spec.AutomountServiceAccountToken},
		{"replicas", kd.Spec.Replicas, hd.Spec.Replicas},
		{"selector", kd.Spec.Selector, hd.Spec.Selector},
	} {
		if !equality.Semantic.DeepEqual(c.a, c.b) {
			t.Errorf("%s differs:\n kustomize %+v\n chart     %+v", c.what, c.a, c.b)
		}
	}
	assertRestricted(t, kd.Spec.Template.Spec)

	// The metrics Service selects the Deployment's pods on the metrics port.
	svcs := ofKind(kobjs, "Service")
	if len(svcs) != 1 {
		t.Fatalf("%d Services, want the metrics Service", len(svcs))
	}
	svc := into[corev1.Service](t, svcs[0])
	if !labelsMatch(svc.Spec.Selector, kd.Spec.Template.Labels) || len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].TargetPort.String() != "metrics" {
		t.Errorf("metrics Service %+v does not reach the pods", svc.Spec)
	}

	// RBAC wiring: the ServiceAccount exists, and every binding's role exists
	// and is granted to it.
	sa := kd.Spec.Template.Spec.ServiceAccountName
	found := false
	for _, o := range ofKind(kobjs, "ServiceAccount") {
		found = found || (o.GetName() == sa && o.GetNamespace() == ns)
	}
	if !found {
		t.Errorf("ServiceAccount %s/%s is not in config/default", ns, sa)
	}
	roles := map[string]bool{}
	for _, k := range []string{"ClusterRole", "Role"} {
		for _, o := range ofKind(kobjs, k) {
			roles[k+"/"+o.GetName()] = true
		}
	}
	bindings := 0
	for _, k := range []string{"ClusterRoleBinding", "RoleBinding"} {
		for _, o := range ofKind(kobjs, k) {
			bindings++
			var ref rbacv1.RoleRef
			var subjects []rbacv1.Subject
			if k == "RoleBinding" {
				b := into[rbacv1.RoleBinding](t, o)
				ref, subjects = b.RoleRef, b.Subjects
			} else {
				b := into[rbacv1.ClusterRoleBinding](t, o)
				ref, subjects = b.RoleRef, b.Subjects
			}
			if !roles[ref.Kind+"/"+ref.Name] {
				t.Errorf("%s %s refers to %s %s, which config/default does not create", k, o.GetName(), ref.Kind, ref.Name)
			}
			if len(subjects) != 1 || subjects[0].Kind != "ServiceAccount" || subjects[0].Name != sa || subjects[0].Namespace != ns {
				t.Errorf("%s %s subjects %+v, want ServiceAccount %s/%s", k, o.GetName(), subjects, ns, sa)
			}
		}
	}
	if bindings < 2 {
		t.Errorf("%d bindings, want the ClusterRoleBinding and the leader-election RoleBinding", bindings)
	}
}
