//go:build faults

package faults

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// write is one write of the controller's to pods or events, as the API
// server's audit log recorded it (testdata/audit-policy.yaml).
type write struct {
	verb, resource, subresource string
	namespace, name             string
	code                        int
	at                          time.Time // when the API server received it
}

type auditEvent struct {
	Stage     string `json:"stage"`
	Verb      string `json:"verb"`
	ObjectRef struct {
		Resource, Subresource, Namespace, Name string
	} `json:"objectRef"`
	ResponseStatus struct {
		Code int `json:"code"`
	} `json:"responseStatus"`
	RequestReceivedTimestamp time.Time `json:"requestReceivedTimestamp"`
}

// controllerWrites reads every completed write of the controller so far.
// A kill -9 of the API server may cut the last line: it is skipped.
func (cl *cluster) controllerWrites() ([]write, error) {
	f, err := os.Open(cl.auditLog)
	if err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	defer f.Close()
	var out []write
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var e auditEvent
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Stage != "ResponseComplete" {
			continue
		}
		r := e.ObjectRef
		out = append(out, write{verb: e.Verb, resource: r.Resource, subresource: r.Subresource, namespace: r.Namespace, name: r.Name,
			code: e.ResponseStatus.Code, at: e.RequestReceivedTimestamp})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}

// podPatches are the writes that patch a pod of ns (any outcome).
func podPatches(ws []write, ns string) []write {
	var out []write
	for _, w := range ws {
		if w.resource == "pods" && w.subresource == "" && w.verb == "patch" && w.namespace == ns {
			out = append(out, w)
		}
	}
	return out
}

// maxInWindow is the largest number of writes received within any window
// of length d.
func maxInWindow(ws []write, d time.Duration) int {
	best, j := 0, 0
	for i := range ws {
		for ws[i].at.Sub(ws[j].at) >= d {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}
