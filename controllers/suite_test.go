package controllers

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/manager"

	"github.com/pod-doctor/pod-doctor/internal/testenv"
)

// The integration tests share one API server and etcd and one controller
// (the "main replica") running cluster-wide, impersonating the ServiceAccount
// that config/rbac binds — so every test is also a proof of the RBAC. Tests
// use their own namespaces and run in parallel. The namespaces below are
// excluded from the main replica; the scoping and dry-run tests run their own
// managers on them.
const (
	nsExcluded = "pd-excluded"
	nsOnly     = "pd-only"
	nsDryRun   = "pd-dry-run"
	nsRestart  = "pd-restart"
	// Two tenants' namespaces, each served by its own release (TestDisjointReleases).
	nsTenantA = "pd-tenant-a"
	nsTenantB = "pd-tenant-b"

	serviceAccountUser = "system:serviceaccount:pod-doctor-system:pod-doctor"
	testGrace          = 4 * time.Second
	mainInstance       = "replica-main"
	waitTimeout        = 30 * time.Second
	pollInterval       = 100 * time.Millisecond
)

type suiteEnv struct {
	env        *envtest.Environment
	admin      client.Client // direct, uncached: what a user sees
	saConfig   *rest.Config  // impersonates the controller's ServiceAccount
	kubeconfig string        // admin kubeconfig for the real kubectl
	mgr        manager.Manager
	reconciler *PodReconciler
	logs       *syncBuffer
	stop       func()
	tmp        string
}

var (
	suiteOnce sync.Once
	suite     *suiteEnv
	suiteErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if suite != nil {
		suite.teardown()
	}
	os.Exit(code)
}

// shared starts the environment on first use, so `go test -run Unit` stays fast.
func shared(t *testing.T) *suiteEnv {
	t.Helper()
	suiteOnce.Do(func() { suite, suiteErr = startSuite() })
	if suiteErr != nil {
		t.Fatalf("starting the integration environment: %v", suiteErr)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("controller logs (tail):\n%s", suite.logs.tail(40))
		}
	})
	return suite
}

func startSuite() (s *suiteEnv, err error) {
	s = &suiteEnv{logs: &syncBuffer{}}
	if s.tmp, err = os.MkdirTemp("", "pod-doctor-envtest-"); err != nil {
		return nil, err
	}
	env, cfg, err := testenv.StartEnv()
	if err != nil {
		return nil, err
	}
	s.env = env
	defer func() {
		if err != nil {
			s.teardown()
		}
	}()
	if s.admin, err = client.New(cfg, client.Options{Scheme: testScheme()}); err != nil {
		return nil, err
	}
	if err = s.writeKubeconfig(); err != nil {
		return nil, err
	}
	ctx := context.Background()
	for _, ns := range []string{DefaultReleaseNamespace, nsExcluded, nsOnly, nsDryRun, nsRestart, nsTenantA, nsTenantB} {
		if err = s.admin.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}); err != nil {
			return nil, err
		}
	}
	// The RBAC under test is exactly what `kubectl apply -k config/rbac` installs.
	if out, err := s.kubectlRun("apply", "-k", filepath.Join("..", "config", "rbac")); err != nil {
		return nil, fmt.Errorf("kubectl apply -k config/rbac: %v\n%s", err, out)
	}
	if err = createNode(ctx, s.admin, testNode, corev1.ConditionTrue); err != nil {
		return nil, err
	}
	s.saConfig = impersonate(cfg)
	opts := testOptions(mainInstance)
	opts.Scope.ExcludeNamespaces = []string{nsExcluded, nsOnly, nsDryRun, nsRestart, nsTenantA, nsTenantB}
	opts.Manager.LeaderElect = true
	opts.Manager.LeaderElectionNamespace = DefaultReleaseNamespace
	if s.mgr, s.reconciler, s.stop, err = runManager(s.saConfig, opts, s.logs); err != nil {
		return nil, err
	}
	select {
	case <-s.mgr.Elected():
	case <-time.After(waitTimeout):
		return nil, fmt.Errorf("main replica not elected leader")
	}
	return s, nil
}

func (s *suiteEnv) teardown() {
	if s.stop != nil {
		s.stop()
	}
	if s.env != nil {
		_ = s.env.Stop()
	}
	_ = os.RemoveAll(s.tmp)
}

func testScheme() *runtime.Scheme {
	sch := runtime.NewScheme()
	_ = addToScheme(sch)
	_ = coordinationv1.AddToScheme(sch)
	return sch
}

// impersonate returns cfg acting as the controller's ServiceAccount, with the
// groups the API server gives every ServiceAccount token.
func impersonate(cfg *rest.Config) *rest.Config {
	c := rest.CopyConfig(cfg)
	c.Impersonate = rest.ImpersonationConfig{
		UserName: serviceAccountUser,
		Groups:   []string{"system:serviceaccounts", "system:serviceaccounts:" + DefaultReleaseNamespace, "system:authenticated"},
	}
	return c
}

// testOptions are the flag defaults with test-sized timings and no endpoints
// (several managers share the process).
func testOptions(instance string) Options {
	o := DefaultOptions()
	o.Engine.GracePeriod = testGrace
	o.Output.Instance = instance
	o.Manager.LeaderElect = false
	o.Manager.MetricsBindAddress = "0"
	o.Manager.HealthProbeBindAddress = "0"
	o.Manager.SkipNameValidation = true
	o.Manager.QPS = -1
	return o
}

// runManager validates opts, starts a manager and returns a stop function
// that waits for a graceful shutdown.
func runManager(cfg *rest.Config, opts Options, logs *syncBuffer) (manager.Manager, *PodReconciler, func(), error) {
	if err := opts.Validate(); err != nil {
		return nil, nil, nil, err
	}
	log := zap.New(zap.WriteTo(logs))
	mgr, r, err := NewManager(cfg, opts, log.WithValues("instance", opts.Output.Instance))
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mgr.Start(ctx) }()
	stop := func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				fmt.Fprintf(logs, "manager stopped with error: %v\n", err)
			}
		case <-time.After(20 * time.Second):
			fmt.Fprintln(logs, "manager did not stop within 20s")
		}
	}
	if !mgr.GetCache().WaitForCacheSync(ctx) {
		stop()
		return nil, nil, nil, fmt.Errorf("cache did not sync")
	}
	return mgr, r, stop, nil
}

func (s *suiteEnv) writeKubeconfig() error {
	user, err := s.env.AddUser(envtest.User{Name: "envtest-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return err
	}
	kc, err := user.KubeConfig()
	if err != nil {
		return err
	}
	s.kubeconfig = filepath.Join(s.tmp, "kubeconfig")
	return os.WriteFile(s.kubeconfig, kc, 0o600)
}

func (s *suiteEnv) kubectlRun(args ...string) (string, error) {
	bin := filepath.Join(testenv.ToolsDir(), "kubectl")
	cmd := exec.Command(bin, append([]string{"--kubeconfig", s.kubeconfig}, args...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// kubectl runs the real kubectl as the envtest admin, failing the test on error.
func (s *suiteEnv) kubectl(t *testing.T, args ...string) string {
	t.Helper()
	testenv.Tool(t, "kubectl")
	out, err := s.kubectlRun(args...)
	if err != nil {
		t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// uniqueName appends a random suffix (the shared namespaces outlive a test).
func uniqueName(prefix string) string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// newNamespace creates a namespace unique to the test.
func (s *suiteEnv) newNamespace(t *testing.T, prefix string, labels map[string]string) string {
	t.Helper()
	name := uniqueName(prefix)
	if err := s.admin.Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}); err != nil {
		t.Fatal(err)
	}
	return name
}

// createPod creates the pod, then writes its status through the status
// subresource like the kubelet, then records the events. It returns the pod
// as stored.
func (s *suiteEnv) createPod(t *testing.T, pod *corev1.Pod, status func(*corev1.Pod) corev1.PodStatus, events func(*corev1.Pod) []*corev1.Event) *corev1.Pod {
	t.Helper()
	ctx := context.Background()
	if err := s.admin.Create(ctx, pod); err != nil {
		t.Fatalf("create pod: %v", err)
	}
	if status != nil {
		pod = s.setStatus(t, pod, status)
	}
	if events != nil {
		s.createEvents(t, events(pod)...)
	}
	return pod
}

// setStatus replaces the pod's status through the status subresource.
func (s *suiteEnv) setStatus(t *testing.T, pod *corev1.Pod, status func(*corev1.Pod) corev1.PodStatus) *corev1.Pod {
	t.Helper()
	ctx := context.Background()
	cur := &corev1.Pod{}
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		if err := s.admin.Get(ctx, client.ObjectKeyFromObject(pod), cur); err != nil {
			return err
		}
		cur.Status = status(cur)
		return s.admin.Status().Update(ctx, cur)
	})
	if err != nil {
		t.Fatalf("update pod status: %v", err)
	}
	return cur
}

func (s *suiteEnv) createEvents(t *testing.T, events ...*corev1.Event) {
	t.Helper()
	for _, e := range events {
		if err := s.admin.Create(context.Background(), e); err != nil {
			t.Fatalf("create event %s: %v", e.Reason, err)
		}
	}
}

func (s *suiteEnv) getPod(t *testing.T, ns, name string) *corev1.Pod {
	t.Helper()
	p := &corev1.Pod{}
	if err := s.admin.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: name}, p); err != nil {
		t.Fatalf("get pod: %v", err)
	}
	return p
}

// waitReason polls the API server (not a cache) until the pod's reason
// annotation equals want ("" for "no annotation"), returning the pod.
func (s *suiteEnv) waitReason(t *testing.T, ns, name, want string) *corev1.Pod {
	t.Helper()
	var p *corev1.Pod
	ok := poll(waitTimeout, func() bool {
		p = &corev1.Pod{}
		if err := s.admin.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: name}, p); err != nil {
			return false
		}
		return p.Annotations[testKeys.Reason] == want
	})
	if !ok {
		t.Fatalf("pod %s/%s: reason annotation %q, want %q (annotations %v)", ns, name, p.Annotations[testKeys.Reason], want, p.Annotations)
	}
	return p
}

// ourEvents lists the events pod-doctor wrote about a pod, oldest first.
func (s *suiteEnv) ourEvents(t *testing.T, pod *corev1.Pod) []corev1.Event {
	t.Helper()
	var list corev1.EventList
	if err := s.admin.List(context.Background(), &list, client.InNamespace(pod.Namespace)); err != nil {
		t.Fatal(err)
	}
	var out []corev1.Event
	for _, e := range list.Items {
		if e.InvolvedObject.UID == pod.UID && e.ReportingController == ControllerName {
			out = append(out, e)
		}
	}
	// Names end in the creation time in hex nanoseconds: sort by it.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].LastTimestamp.Before(&out[j-1].LastTimestamp); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// waitEvents polls until pod-doctor wrote n events about the pod.
func (s *suiteEnv) waitEvents(t *testing.T, pod *corev1.Pod, n int) []corev1.Event {
	t.Helper()
	var evs []corev1.Event
	if !poll(waitTimeout, func() bool { evs = s.ourEvents(t, pod); return len(evs) >= n }) {
		t.Fatalf("pod %s: %d pod-doctor events, want %d: %v", pod.Name, len(evs), n, eventSummaries(evs))
	}
	return evs
}

func eventSummaries(evs []corev1.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Type+" "+e.Reason+": "+e.Message)
	}
	return out
}

// barrier waits until the main replica has diagnosed a fresh broken pod in
// ns, plus a margin: pods created before it had every chance to be handled,
// so their absence of annotations is meaningful.
func (s *suiteEnv) barrier(t *testing.T, ns string) {
	t.Helper()
	p := s.createPod(t, imagePod(ns, "barrier"), imagePullBackOffStatus, imagePullEvents)
	s.waitReason(t, ns, p.Name, "ImageNotFound")
	time.Sleep(time.Second)
}

func poll(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(pollInterval)
	}
}

func createNode(ctx context.Context, c client.Client, name string, ready corev1.ConditionStatus) error {
	n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{
		"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}}}
	if err := c.Create(ctx, n); err != nil {
		return err
	}
	return setNodeReady(ctx, c, name, ready)
}

func setNodeReady(ctx context.Context, c client.Client, name string, ready corev1.ConditionStatus) error {
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		n := &corev1.Node{}
		if err := c.Get(ctx, types.NamespacedName{Name: name}, n); err != nil {
			return err
		}
		n.Status = nodeStatus(ready)
		return c.Status().Update(ctx, n)
	})
}

// syncBuffer collects the managers' logs for failure output and assertions.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) tail(n int) string {
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
