// Command bigdump writes a synthetic `kubectl get pods,events -o yaml` List of
// about -mb megabytes (one pod in five failing to pull its image, with its
// kubelet event), to measure `pod-doctor diagnose -f` on huge dumps:
//
//	go run ./hack/bigdump -mb 200 > /tmp/big.yaml
//	/usr/bin/time -v bin/pod-doctor diagnose -f /tmp/big.yaml -o json > /dev/null
//
// With -events N it writes instead one pod failing to pull its image and N
// kubelet events about it (a pod left in back-off for weeks):
//
//	go run ./hack/bigdump -events 100000 > /tmp/events.yaml
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// pod and event are in kubectl's layout: block style, sequences at their
// key's column, long strings single-quoted.
const pod = `- apiVersion: v1
  kind: Pod
  metadata:
    annotations:
      note: '%[3]s'
    creationTimestamp: "2024-05-01T10:00:00Z"
    labels:
      app: web
      team: shop
      tier: frontend
    name: web-%[1]d
    namespace: ns-%[2]d
    uid: uid-%[1]d
  spec:
    containers:
    - image: registry.example.com/shop/web:%[4]s
      name: web
      resources:
        limits:
          memory: 256Mi
        requests:
          cpu: 100m
          memory: 128Mi
    nodeName: node-%[2]d
  status:
    conditions:
    - lastTransitionTime: "2024-05-01T10:00:10Z"
      status: "%[6]s"
      type: Ready
    containerStatuses:
    - image: registry.example.com/shop/web:%[4]s
      name: web
      ready: %[7]s
      restartCount: 0
      state:
%[8]s
    phase: %[5]s
    startTime: "2024-05-01T10:00:00Z"
`

const event = `- apiVersion: v1
  count: 3
  firstTimestamp: "2024-05-01T10:00:05Z"
  involvedObject:
    fieldPath: spec.containers{web}
    kind: Pod
    name: web-%[1]d
    namespace: ns-%[2]d
    uid: uid-%[1]d
  kind: Event
  lastTimestamp: "2024-05-01T10:09:00Z"
  message: 'Failed to pull image "registry.example.com/shop/web:missing": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/web:missing": failed to resolve reference "registry.example.com/shop/web:missing": registry.example.com/shop/web:missing: not found'
  metadata:
    name: web-%[1]d.1
    namespace: ns-%[2]d
  reason: Failed
  source:
    component: kubelet
    host: node-%[2]d
  type: Warning
`

func main() {
	mb := flag.Int("mb", 200, "approximate size in megabytes")
	events := flag.Int("events", 0, "write one pod with this many events instead")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	fmt.Fprint(w, "apiVersion: v1\nitems:\n")
	if *events > 0 {
		writeEvents(w, *events)
	} else {
		writePods(w, *mb)
	}
	fmt.Fprint(w, "kind: List\nmetadata:\n  resourceVersion: \"\"\n")
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "bigdump:", err)
		os.Exit(1)
	}
}

func healthy(i int, pad string) string {
	state := "        running:\n          startedAt: \"2024-05-01T10:00:09Z\""
	return fmt.Sprintf(pod, i, i%50, pad, "1.0", "Running", "True", "true", state)
}

func broken(i int, pad string) string {
	return brokenPod(i, pad) + fmt.Sprintf(event, i, i%50)
}

func brokenPod(i int, pad string) string {
	state := "        waiting:\n          message: Back-off pulling image \"registry.example.com/shop/web:missing\"\n          reason: ImagePullBackOff"
	return fmt.Sprintf(pod, i, i%50, pad, "missing", "Pending", "False", "false", state)
}

func writePods(w *bufio.Writer, mb int) {
	pad := strings.Repeat("x", 300)
	for i, size := 0, 0; size < mb<<20; i++ {
		s := healthy(i, pad)
		if i%5 == 0 {
			s = broken(i, pad)
		}
		n, _ := w.WriteString(s)
		size += n
	}
}

// oneEvent is a kubelet event about pod web-0 in kubectl's layout.
const oneEvent = `- apiVersion: v1
  kind: Event
  metadata:
    name: web-0.%[1]x
    namespace: ns-0
  involvedObject:
    kind: Pod
    name: web-0
    namespace: ns-0
    uid: uid-0
    fieldPath: spec.containers{web}
  reason: %[2]s
  message: '%[3]s'
  source:
    component: kubelet
    host: node-1
  type: %[4]s
  count: 1
  firstTimestamp: "%[5]s"
  lastTimestamp: "%[5]s"
`

// writeEvents writes pod web-0, in image pull back-off, and n events about
// it, one every 10 seconds, cycling through what the kubelet reports.
func writeEvents(w *bufio.Writer, n int) {
	fmt.Fprint(w, brokenPod(0, ""))
	start := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	kinds := [][3]string{
		{"Pulling", `Pulling image "registry.example.com/shop/web:missing"`, "Normal"},
		{"Failed", `Failed to pull image "registry.example.com/shop/web:missing": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/web:missing": not found`, "Warning"},
		{"Failed", "Error: ErrImagePull", "Warning"},
		{"BackOff", `Back-off pulling image "registry.example.com/shop/web:missing"`, "Normal"},
	}
	for i := 0; i < n; i++ {
		k := kinds[i%len(kinds)]
		at := start.Add(time.Duration(i) * 10 * time.Second).Format(time.RFC3339)
		fmt.Fprintf(w, oneEvent, i, k[0], k[1], k[2], at)
	}
}
