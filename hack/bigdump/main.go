// Command bigdump writes a synthetic `kubectl get pods,events -o yaml` List of
// about -mb megabytes (one pod in five failing to pull its image, with its
// kubelet event), to measure `pod-doctor diagnose -f` on huge dumps:
//
//	go run ./hack/bigdump -mb 200 > /tmp/big.yaml
//	/usr/bin/time -v bin/pod-doctor diagnose -f /tmp/big.yaml -o json > /dev/null
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
)

const pod = `- apiVersion: v1
  kind: Pod
  metadata:
    name: web-%[1]d
    namespace: ns-%[2]d
    uid: uid-%[1]d
    creationTimestamp: "2024-05-01T10:00:00Z"
    labels: {app: web, tier: frontend, team: shop}
    annotations: {note: "%[3]s"}
  spec:
    nodeName: node-%[2]d
    containers:
    - name: web
      image: registry.example.com/shop/web:%[4]s
      resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
  status:
    phase: %[5]s
    startTime: "2024-05-01T10:00:00Z"
    conditions:
    - {type: Ready, status: "%[6]s", lastTransitionTime: "2024-05-01T10:00:10Z"}
    containerStatuses:
    - name: web
      image: registry.example.com/shop/web:%[4]s
      ready: %[7]s
      restartCount: 0
      state: %[8]s
`

const event = `- apiVersion: v1
  kind: Event
  metadata: {name: web-%[1]d.1, namespace: ns-%[2]d}
  involvedObject: {kind: Pod, name: web-%[1]d, namespace: ns-%[2]d, uid: uid-%[1]d, fieldPath: "spec.containers{web}"}
  reason: Failed
  message: 'Failed to pull image "registry.example.com/shop/web:missing": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/web:missing": failed to resolve reference "registry.example.com/shop/web:missing": registry.example.com/shop/web:missing: not found'
  source: {component: kubelet, host: node-%[2]d}
  type: Warning
  count: 3
  firstTimestamp: "2024-05-01T10:00:05Z"
  lastTimestamp: "2024-05-01T10:09:00Z"
`

func main() {
	mb := flag.Int("mb", 200, "approximate size in megabytes")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	fmt.Fprint(w, "apiVersion: v1\nitems:\n")
	pad := strings.Repeat("x", 300)
	for i, size := 0, 0; size < *mb<<20; i++ {
		s := healthy(i, pad)
		if i%5 == 0 {
			s = broken(i, pad)
		}
		n, _ := w.WriteString(s)
		size += n
	}
	fmt.Fprint(w, "kind: List\nmetadata:\n  resourceVersion: \"\"\n")
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "bigdump:", err)
		os.Exit(1)
	}
}

func healthy(i int, pad string) string {
	return fmt.Sprintf(pod, i, i%50, pad, "1.0", "Running", "True", "true", `{running: {startedAt: "2024-05-01T10:00:09Z"}}`)
}

func broken(i int, pad string) string {
	state := `{waiting: {reason: ImagePullBackOff, message: "Back-off pulling image \"registry.example.com/shop/web:missing\""}}`
	return fmt.Sprintf(pod, i, i%50, pad, "missing", "Pending", "False", "false", state) + fmt.Sprintf(event, i, i%50)
}
