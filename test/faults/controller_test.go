//go:build faults

package faults

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// controller is one `pod-doctor controller` process (a replica), restarted
// on the same ports when it exits unless the test stopped it: what the
// kubelet does for a Deployment's container (restartPolicy: Always).
type controller struct {
	name                     string
	args                     []string
	metricsAddr, healthAddr  string
	logPath                  string
	mu                       sync.Mutex
	p                        *proc
	stopped                  bool
	restarts                 int
	supervisorDone, stopping chan struct{}
}

// startController runs a replica named name (its POD_NAME, so its
// reportingInstance) against cl with the default flags plus extra.
func startController(t *testing.T, cl *cluster, name string, extra ...string) *controller {
	t.Helper()
	ports := make([]int, 2)
	for i := range ports {
		var err error
		if ports[i], err = freePort(); err != nil {
			t.Fatal(err)
		}
	}
	c := &controller{name: name, logPath: filepath.Join(cl.dir, name+".log"),
		metricsAddr: "127.0.0.1:" + strconv.Itoa(ports[0]), healthAddr: "127.0.0.1:" + strconv.Itoa(ports[1]),
		supervisorDone: make(chan struct{}), stopping: make(chan struct{})}
	c.args = append([]string{"controller", "--kubeconfig=" + cl.kubeconfig,
		"--metrics-bind-address=" + c.metricsAddr, "--health-probe-bind-address=" + c.healthAddr}, extra...)
	if err := c.spawn(); err != nil {
		t.Fatal(err)
	}
	go c.supervise()
	t.Cleanup(func() {
		if err := c.stop(); err != nil {
			t.Log(err)
		}
		if t.Failed() {
			t.Logf("--- tail of %s log:\n%s", name, c.proc().logTail(4000))
		}
	})
	return c
}

func (c *controller) spawn() error {
	p, err := startProc(c.name, c.logPath, controllerBin, c.args, []string{"POD_NAME=" + c.name})
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.p = p
	c.mu.Unlock()
	return nil
}

func (c *controller) proc() *proc {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.p
}

// restartBackoff is the kubelet's crash back-off: 10 s after the first exit,
// doubling up to 5 minutes. A supervisor that restarted at once would count
// every failed start while the API server is still down, which says nothing
// about the controller.
func restartBackoff(restarts int) time.Duration {
	return min(10*time.Second<<restarts, 5*time.Minute)
}

// supervise restarts the process after the kubelet's back-off, until stop.
func (c *controller) supervise() {
	defer close(c.supervisorDone)
	for {
		select {
		case <-c.stopping:
			return
		case <-c.proc().done:
		}
		select {
		case <-c.stopping:
			return
		case <-time.After(restartBackoff(c.restartCount())):
		}
		c.mu.Lock()
		c.restarts++
		c.mu.Unlock()
		if err := c.spawn(); err != nil {
			return
		}
	}
}

// restartCount is how many times the supervisor restarted the process.
func (c *controller) restartCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.restarts
}

// kill is an OOM kill or a node crash: SIGKILL, no lease release. The
// replica stays down (a failover test must not see it come back).
func (c *controller) kill() {
	c.halt()
	c.proc().kill()
}

// stop is a rolling update: SIGTERM, a graceful exit, the lease released.
func (c *controller) stop() error {
	c.halt()
	return c.proc().stop(30 * time.Second)
}

func (c *controller) halt() {
	c.mu.Lock()
	if !c.stopped {
		c.stopped = true
		close(c.stopping)
	}
	c.mu.Unlock()
	<-c.supervisorDone
}

// waitReady waits until /readyz answers 200.
func (c *controller) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + c.healthAddr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %s:\n%s", c.name, timeout, c.proc().logTail(3000))
}

// isLeader reads controller-runtime's leader_election_master_status gauge.
func (c *controller) isLeader() bool {
	m, err := scrape(c.metricsAddr)
	return err == nil && m.sum("leader_election_master_status", nil) == 1
}
