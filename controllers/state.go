package controllers

import (
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// memory is what the controller remembers about one pod between
// reconciles: only what the pod's annotations cannot tell. The annotations
// are the record of what was announced; memory is lost on a restart or a
// failover, and decide treats its absence as "nothing pending".
type memory struct {
	uid types.UID
	// written are our annotations as our last patch left them, basedOn the
	// resourceVersion of the cached pod that patch was computed from: while
	// the cache still shows that version it predates our write.
	written map[string]string
	basedOn string
	// refreshed is when the annotations of the current cause were last
	// written, or first seen by this process; zero when there are none.
	refreshed time.Time
	// announced is the key of the last event planned after a successful
	// patch, so a cache that shows an older version of the pod does not
	// make the same announcement twice; "" when none is in doubt.
	announced string
	// pending is an event the API refused that will be retried.
	pending *eventPlan
	// unclassifiedAt is when a not yet written Unclassified verdict was
	// first seen (zero otherwise).
	unclassifiedAt time.Time
}

// eventPlan is one event to create about a pod.
type eventPlan struct {
	// key names the announcement ("Diagnosed ImageNotFound/app"); identity
	// is the cause on the pod it belongs to ("" for Recovered); cause the
	// reason code it is about (the one recovered from, for Recovered).
	key, identity   string
	cause           string
	warning         bool
	reason, message string
	container       string
	init            bool
	// attempt counts tries (1 for the first); at is when a pending retry is
	// due; failure classifies the last refusal (see refusal).
	attempt int
	at      time.Time
	failure string
}

// settle returns how long to wait before writing a new Unclassified verdict
// (see unclassifiedSettle); zero to go ahead.
func (m *memory) settle(d *diagnosis.Diagnosis, current string, now time.Time) time.Duration {
	if d == nil || d.Reason != diagnosis.ReasonUnclassified || current == identityOf(d) {
		m.unclassifiedAt = time.Time{}
		return 0
	}
	if m.unclassifiedAt.IsZero() {
		m.unclassifiedAt = now
	}
	return m.unclassifiedAt.Add(unclassifiedSettle).Sub(now)
}

func (m *memory) idle() bool {
	return m.written == nil && m.refreshed.IsZero() && m.announced == "" && m.pending == nil && m.unclassifiedAt.IsZero()
}

// podState is one pod's memory and its contribution to PodsDiagnosed.
type podState struct {
	mem   memory
	gauge gaugeLabels
}

// stateStore is the controller's memory, keyed by pod name. Workers reconcile
// different pods concurrently, so the map is locked; one pod is never
// reconciled by two workers at once, so an entry needs no lock of its own.
type stateStore struct {
	mu   sync.Mutex
	pods map[types.NamespacedName]podState
}

func newStateStore() *stateStore {
	return &stateStore{pods: map[types.NamespacedName]podState{}}
}

// get returns the state of a pod; a name now used by a new pod starts
// afresh (stale is the old pod's gauge contribution, to be moved away).
func (s *stateStore) get(key types.NamespacedName, uid types.UID) (st podState, stale gaugeLabels) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.pods[key]
	if ok && st.mem.uid == uid {
		return st, gaugeLabels{}
	}
	return podState{mem: memory{uid: uid}}, st.gauge
}

// put stores a pod's state, or drops it when there is nothing to remember
// (healthy, nothing pending): most pods.
func (s *stateStore) put(key types.NamespacedName, st podState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.gauge == (gaugeLabels{}) && st.mem.idle() {
		delete(s.pods, key)
		return
	}
	s.pods[key] = st
}

// forget drops a deleted pod and returns its gauge contribution.
func (s *stateStore) forget(key types.NamespacedName) gaugeLabels {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.pods[key]
	delete(s.pods, key)
	return st.gauge
}
