package controllers

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	authv1 "k8s.io/api/authorization/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"
)

// TestRBAC proves the generated role is enough and not too much. The main
// replica that every other test relies on already runs as the ServiceAccount
// bound only by config/rbac (applied with kubectl apply -k); this test checks
// the role file itself, asks the API server what the ServiceAccount may do,
// and that the replica holds the leader Lease (the leader election Role).
func TestRBAC(t *testing.T) {
	s := shared(t)
	t.Parallel()

	data, err := os.ReadFile(filepath.Join("..", "config", "rbac", "role.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var role rbacv1.ClusterRole
	if err := yaml.Unmarshal(data, &role); err != nil {
		t.Fatal(err)
	}
	allowedVerbs := []string{"get", "list", "watch", "patch", "create"}
	for _, r := range role.Rules {
		for _, res := range r.Resources {
			if res == "secrets" || res == "*" {
				t.Errorf("ClusterRole grants %v on %q", r.Verbs, res)
			}
		}
		for _, v := range r.Verbs {
			if !slices.Contains(allowedVerbs, v) {
				t.Errorf("ClusterRole grants verb %q on %v", v, r.Resources)
			}
		}
	}

	cs, err := kubernetes.NewForConfig(s.saConfig)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		verb, resource, group, namespace string
		want                             bool
	}{
		{"list", "secrets", "", "", false},
		{"get", "secrets", "", "default", false},
		{"watch", "secrets", "", DefaultReleaseNamespace, false},
		{"update", "pods", "", "default", false},
		{"delete", "pods", "", "default", false},
		{"patch", "pods", "", "default", true},
		{"watch", "events", "", "", true},
		{"create", "events", "", "default", true},
		{"watch", "nodes", "", "", true},
		{"patch", "deployments", "apps", "default", true},
		{"update", "deployments", "apps", "default", false},
		{"delete", "replicasets", "apps", "default", false},
		{"patch", "jobs", "batch", "default", true},
		{"patch", "services", "", "default", true},
		{"patch", "ingresses", "networking.k8s.io", "default", true},
		{"patch", "persistentvolumeclaims", "", "default", true},
		{"patch", "namespaces", "", "", true},
		{"watch", "endpointslices", "discovery.k8s.io", "", true},
		{"patch", "endpointslices", "discovery.k8s.io", "default", false},
		{"list", "ingressclasses", "networking.k8s.io", "", true},
		{"list", "storageclasses", "storage.k8s.io", "", true},
		{"get", "configmaps", "", "default", false},
		{"create", "tokenreviews", "authentication.k8s.io", "", true},
		{"create", "subjectaccessreviews", "authorization.k8s.io", "", true},
		{"update", "leases", "coordination.k8s.io", DefaultReleaseNamespace, true},
		{"update", "leases", "coordination.k8s.io", "default", false},
	} {
		rev, err := cs.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &authv1.SelfSubjectAccessReview{
			Spec: authv1.SelfSubjectAccessReviewSpec{ResourceAttributes: &authv1.ResourceAttributes{
				Verb: tc.verb, Resource: tc.resource, Group: tc.group, Namespace: tc.namespace}},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rev.Status.Allowed != tc.want {
			t.Errorf("%s may %s %s in %q: %v, want %v", serviceAccountUser, tc.verb, tc.resource, tc.namespace, rev.Status.Allowed, tc.want)
		}
	}
	if _, err := cs.CoreV1().Secrets("default").List(ctx, metav1.ListOptions{}); err == nil {
		t.Error("the ServiceAccount can list secrets")
	}

	key := types.NamespacedName{Namespace: DefaultReleaseNamespace, Name: DefaultOptions().Manager.LeaderElectionID}
	leaseCS, _ := kubernetes.NewForConfig(s.env.Config)
	l, err := leaseCS.CoordinationV1().Leases(key.Namespace).Get(ctx, key.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("leader Lease: %v", err)
	}
	if lease := (*coordinationv1.Lease)(l); lease.Spec.HolderIdentity == nil || *lease.Spec.HolderIdentity == "" {
		t.Errorf("lease %s has no holder", key)
	}
}

// TestSecondReplicaStandsBy starts a second replica with leader election on
// the same Lease: it serves /healthz and /readyz (warm cache) but writes
// nothing while the main replica leads, and stops gracefully.
func TestSecondReplicaStandsBy(t *testing.T) {
	s := shared(t)
	t.Parallel()
	opts := testOptions("replica-standby")
	opts.Manager.LeaderElect = true
	opts.Manager.LeaderElectionNamespace = DefaultReleaseNamespace
	opts.Manager.HealthProbeBindAddress = freeAddr(t)
	mgr, _, stop, err := runManager(s.saConfig, opts, s.logs)
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	for _, path := range []string{"/healthz", "/readyz"} {
		url := "http://" + opts.Manager.HealthProbeBindAddress + path
		if !poll(waitTimeout, func() bool {
			resp, err := http.Get(url)
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		}) {
			t.Errorf("%s never returned 200", url)
		}
	}

	ns := s.newNamespace(t, "standby", nil)
	pod := s.createPod(t, imagePod(ns, "seen-by-two"), imagePullBackOffStatus, imagePullEvents)
	s.waitReason(t, ns, pod.Name, "ImageNotFound")
	s.assertQuiet(t, pod, 1)
	if evs := s.ourEvents(t, pod); len(evs) != 1 || evs[0].ReportingInstance != mainInstance {
		t.Errorf("events %v: want exactly one, by the leader", eventSummaries(evs))
	}
	select {
	case <-mgr.Elected():
		t.Error("the standby replica was elected while the leader runs")
	default:
	}

	start := time.Now()
	stop()
	stopped = true
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("graceful shutdown took %s", d)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprintf("127.0.0.1:%d", l.Addr().(*net.TCPAddr).Port)
}
