package snapshot

import (
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/storage"
)

// Claims answers, for the pod engine, why the Pending claims a pod uses do
// not bind (diagnosis.Input.ClaimCauses), each claim diagnosed once. It
// needs no pod list: the pod asking uses the claim, which is all a
// WaitForFirstConsumer claim needs to know.
type Claims struct {
	d  *diagnoser
	mu sync.Mutex
	// memo holds each claim's cause by claim and asking pod: the evidence
	// names the pod, and pods may ask concurrently (sweep).
	memo map[string]*diagnosis.Diagnosis
}

// NewClaims prepares the claims of a snapshot for the pods' questions.
func NewClaims(objs *Objects, now time.Time, opts diagnosis.Options) *Claims {
	return &Claims{d: &diagnoser{objs: objs, x: newIndex(objs, nil), now: now, opts: opts}, memo: map[string]*diagnosis.Diagnosis{}}
}

// For returns the causes of the pod's Pending claims by claim name; nil
// when none has one.
func (c *Claims) For(in diagnosis.Input) map[string]*diagnosis.Diagnosis {
	var out map[string]*diagnosis.Diagnosis
	for name, pvc := range in.PVCs {
		if pvc == nil || pvc.Status.Phase == corev1.ClaimBound {
			continue
		}
		if d := c.cause(pvc, in.Pod.Name); d != nil {
			if out == nil {
				out = map[string]*diagnosis.Diagnosis{}
			}
			out[name] = d
		}
	}
	return out
}

func (c *Claims) cause(pvc *corev1.PersistentVolumeClaim, user string) *diagnosis.Diagnosis {
	key := pvc.Namespace + "/" + pvc.Name + "/" + user
	c.mu.Lock()
	d, ok := c.memo[key]
	c.mu.Unlock()
	if ok {
		return d
	}
	d = storage.Diagnose(c.d.claimInput(pvc, []string{user}), c.d.opts).Diagnosis
	c.mu.Lock()
	c.memo[key] = d
	c.mu.Unlock()
	return d
}
