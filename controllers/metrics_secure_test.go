package controllers

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// TestSecureMetrics: with --metrics-secure, /metrics answers over HTTPS,
// to nobody without a token (401), to a ServiceAccount the API server does
// not authorize for GET /metrics (403), and to one it does (200). The
// controller asks with its own ServiceAccount's RBAC (config/rbac).
func TestSecureMetrics(t *testing.T) {
	s := shared(t)
	t.Parallel()
	opts := testOptions("replica-secure-metrics")
	opts.Manager.MetricsBindAddress, opts.Manager.MetricsSecure = freeAddr(t), true
	opts.Scope.Namespaces = []string{"pd-secure-metrics"} // no pods: it only serves metrics
	_, _, stop, err := runManager(s.saConfig, opts, s.logs)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	ctx := context.Background()
	cs := kubernetes.NewForConfigOrDie(s.env.Config)
	ns := s.newNamespace(t, "scraper", nil)
	if _, err := cs.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "prometheus"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	tr, err := cs.CoreV1().ServiceAccounts(ns).CreateToken(ctx, "prometheus", &authenticationv1.TokenRequest{}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	url := "https://" + opts.Manager.MetricsBindAddress + "/metrics"
	if !poll(waitTimeout, func() bool { code, _ := scrapeAs(url, ""); return code == http.StatusUnauthorized }) {
		code, _ := scrapeAs(url, "")
		t.Fatalf("without a token: %d, want 401", code)
	}
	if code, _ := scrapeAs(url, tr.Status.Token); code != http.StatusForbidden {
		t.Errorf("a ServiceAccount without RBAC for /metrics: %d, want 403", code)
	}
	role := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: ns + "-metrics-reader"},
		Rules: []rbacv1.PolicyRule{{NonResourceURLs: []string{"/metrics"}, Verbs: []string{"get"}}}}
	binding := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: ns + "-metrics-reader"},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: role.Name},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "prometheus", Namespace: ns}}}
	if _, err := cs.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var body string
	if !poll(waitTimeout, func() bool {
		var code int
		code, body = scrapeAs(url, tr.Status.Token)
		return code == http.StatusOK
	}) {
		t.Fatalf("a ServiceAccount bound to GET /metrics is refused: %s", body)
	}
	if !strings.Contains(body, MetricAPIWrites+`{kind="patch"}`) {
		t.Errorf("metrics lack %s", MetricAPIWrites)
	}
}

// scrapeAs GETs url with the bearer token ("" for none), trusting the
// controller's self-signed certificate.
func scrapeAs(url, token string) (int, string) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err.Error()
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec // self-signed, test only
	resp, err := c.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
