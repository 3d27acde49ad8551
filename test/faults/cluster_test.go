//go:build faults

package faults

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// cluster is one etcd and one kube-apiserver, started as processes so a
// test can kill -9 the API server and start it again on the same port and
// the same etcd data directory: what a control-plane node crash looks like
// to a controller.
type cluster struct {
	dir                         string
	pki                         *pki
	etcdPort, peerPort, apiPort int
	etcd, api                   *proc
	auditLog                    string
	// kubeconfig is the controller's (its ServiceAccount's token).
	kubeconfig string
	// admin is the test's own client (system:masters), unthrottled.
	cfg *rest.Config
	cs  kubernetes.Interface
	c   client.Client
	// apiArgs are extra kube-apiserver flags, for the next (re)start.
	apiArgs []string
}

// startCluster starts etcd and the API server, installs the shipped RBAC
// and the release namespace, and registers a Ready node. Everything is
// stopped when the test ends; logs stay in the test's temporary directory
// and their tails are printed when it failed.
func startCluster(t *testing.T) *cluster {
	t.Helper()
	requireTools(t)
	cl := &cluster{dir: t.TempDir()}
	cl.auditLog = filepath.Join(cl.dir, "audit.log")
	var err error
	if cl.pki, err = writePKI(cl.dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*int{&cl.etcdPort, &cl.peerPort, &cl.apiPort} {
		if *p, err = freePort(); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { cl.stop(t) })
	if err := onFreePort(cl.startEtcd, filepath.Join(cl.dir, "etcd.log"), &cl.etcdPort); err != nil {
		t.Fatal(err)
	}
	if err := onFreePort(cl.startAPIServer, filepath.Join(cl.dir, "kube-apiserver.log"), &cl.apiPort); err != nil {
		t.Fatal(err)
	}
	if err := cl.clients(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := cl.createNamespace(ctx, releaseNS, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"service_account.yaml", "role.yaml", "role_binding.yaml", "leader_election_role.yaml", "leader_election_role_binding.yaml"} {
		if err := cl.applyFile(ctx, filepath.Join(repoRoot, "config", "rbac", f)); err != nil {
			t.Fatal(err)
		}
	}
	if err := cl.createReadyNode(ctx, nodeName); err != nil {
		t.Fatal(err)
	}
	return cl
}

// onFreePort starts a server, again on another port when the one chosen
// was taken between freePort and the server's bind (an outgoing
// connection's ephemeral port, another test's process): the server's log
// says so.
func onFreePort(start func() error, logPath string, port *int) error {
	for attempt := 1; ; attempt++ {
		err := start()
		if err == nil || attempt == 3 {
			return err
		}
		if log, _ := os.ReadFile(logPath); !strings.Contains(string(log), "address already in use") {
			return err
		}
		var perr error
		if *port, perr = freePort(); perr != nil {
			return perr
		}
	}
}

func (cl *cluster) stop(t *testing.T) {
	for _, p := range []*proc{cl.api, cl.etcd} {
		if p == nil {
			continue
		}
		if err := p.stop(20 * time.Second); err != nil {
			t.Log(err)
		}
		if t.Failed() {
			t.Logf("--- tail of %s log:\n%s", p.name, p.logTail(3000))
		}
	}
}

func (cl *cluster) startEtcd() error {
	peer := "http://127.0.0.1:" + strconv.Itoa(cl.peerPort)
	client := "http://127.0.0.1:" + strconv.Itoa(cl.etcdPort)
	args := []string{
		"--name=faults", "--data-dir=" + filepath.Join(cl.dir, "etcd"),
		"--listen-client-urls=" + client, "--advertise-client-urls=" + client,
		"--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer, "--initial-cluster=faults=" + peer,
		// The storm writes hundreds of statuses a second on a shared disk:
		// durability is not what is under test.
		"--unsafe-no-fsync", "--quota-backend-bytes=8589934592",
	}
	var err error
	if cl.etcd, err = startProc("etcd", filepath.Join(cl.dir, "etcd.log"), tool("etcd"), args, nil); err != nil {
		return err
	}
	return waitHTTP(http.DefaultClient, client+"/health", cl.etcd, 60*time.Second)
}

// startAPIServer starts (or restarts, on the same port and etcd) the API server
// and waits for /readyz.
func (cl *cluster) startAPIServer() error {
	policy := filepath.Join(cl.dir, "audit-policy.yaml")
	if err := copyFile(filepath.Join("testdata", "audit-policy.yaml"), policy); err != nil {
		return err
	}
	args := []string{
		"--etcd-servers=http://127.0.0.1:" + strconv.Itoa(cl.etcdPort),
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + strconv.Itoa(cl.apiPort),
		"--tls-cert-file=" + cl.pki.certFile, "--tls-private-key-file=" + cl.pki.keyFile,
		"--token-auth-file=" + cl.pki.tokens, "--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc", "--service-account-key-file=" + cl.pki.saPub,
		"--service-account-signing-key-file=" + cl.pki.saKey, "--service-cluster-ip-range=10.0.0.0/24",
		// No controller-manager creates the default ServiceAccounts.
		"--disable-admission-plugins=ServiceAccount", "--allow-privileged=true",
		// A loopback advertise address is refused by the endpoint reconciler
		// of the kubernetes Service, which nothing here needs.
		"--endpoint-reconciler-type=none",
		"--audit-policy-file=" + policy, "--audit-log-path=" + cl.auditLog, "--audit-log-mode=blocking",
	}
	args = append(args, cl.apiArgs...)
	var err error
	if cl.api, err = startProc("kube-apiserver", filepath.Join(cl.dir, "kube-apiserver.log"), tool("kube-apiserver"), args, nil); err != nil {
		return err
	}
	hc, err := readyzClient(cl.pki.caFile)
	if err != nil {
		return err
	}
	return waitHTTP(hc, cl.url()+"/readyz", cl.api, 90*time.Second)
}

// killAPIServer is a crash of the control-plane node: SIGKILL, no graceful
// shutdown, in-flight requests cut.
func (cl *cluster) killAPIServer() { cl.api.kill() }

func (cl *cluster) url() string { return "https://127.0.0.1:" + strconv.Itoa(cl.apiPort) }

func (cl *cluster) clients() error {
	cl.cfg = &rest.Config{Host: cl.url(), BearerToken: adminToken, TLSClientConfig: rest.TLSClientConfig{CAFile: cl.pki.caFile},
		QPS: -1, UserAgent: "faults-test"}
	var err error
	if cl.cs, err = kubernetes.NewForConfig(cl.cfg); err != nil {
		return fmt.Errorf("clientset: %w", err)
	}
	if cl.c, err = client.New(cl.cfg, client.Options{}); err != nil {
		return fmt.Errorf("controller-runtime client: %w", err)
	}
	cl.kubeconfig = filepath.Join(cl.dir, "controller.kubeconfig")
	return os.WriteFile(cl.kubeconfig, []byte(kubeconfig(cl.url(), cl.pki.caFile, controllerToken)), 0o600)
}

func kubeconfig(server, ca, token string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: faults
  cluster: {server: %q, certificate-authority: %q}
users:
- name: pod-doctor
  user: {token: %q}
contexts:
- name: faults
  context: {cluster: faults, user: pod-doctor}
current-context: faults
`, server, ca, token)
}

// waitHTTP polls url until it answers 200, failing early when p exits.
func waitHTTP(hc *http.Client, url string, p *proc, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if p.exited() {
			return fmt.Errorf("%s exited (%v) before %s answered (its log is printed below)", p.name, p.exitErr, url)
		}
		if resp, err := hc.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready at %s after %s (its log is printed below)", p.name, url, timeout)
}

// readyzClient trusts the cluster's CA and sends the admin token.
func readyzClient(caFile string) (*http.Client, error) {
	rt, err := rest.TransportFor(&rest.Config{BearerToken: adminToken, TLSClientConfig: rest.TLSClientConfig{CAFile: caFile}})
	if err != nil {
		return nil, fmt.Errorf("readyz transport: %w", err)
	}
	return &http.Client{Transport: rt, Timeout: 2 * time.Second}, nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return fmt.Errorf("read %s: %w", from, err)
	}
	return os.WriteFile(to, b, 0o644)
}
