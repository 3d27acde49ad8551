package controllers

import (
	"strconv"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/types"
)

// podState is what the controller remembers about one pod between
// reconciles. The pod's annotations stay the source of truth for what was
// written; this only covers what the cache cannot tell yet.
type podState struct {
	uid types.UID
	// gauge is the pod's current contribution to PodsDiagnosed.
	gauge gaugeLabels
	// writtenRV is the resourceVersion our last patch produced. Until the
	// cache shows it, the cached annotations are older than our own write and
	// must not be diffed (that would repeat the patch and the event).
	writtenRV uint64
	// emitted is the transition whose event was written but whose patch has
	// not succeeded yet, so a retried patch does not repeat the event.
	emitted string
	// unclassifiedAt is when a not yet written Unclassified verdict was
	// first seen (zero otherwise).
	unclassifiedAt time.Time
	// dryRun holds the annotations a dry run would have written; nil when
	// nothing was "written" yet.
	dryRun map[string]string
}

// stateStore is the controller's memory, keyed by pod name. Workers reconcile
// different pods concurrently, so the map is locked; one pod is never
// reconciled by two workers at once, so an entry needs no lock of its own.
type stateStore struct {
	mu   sync.Mutex
	pods map[types.NamespacedName]*podState
}

func newStateStore() *stateStore {
	return &stateStore{pods: map[types.NamespacedName]*podState{}}
}

// get returns the entry for a pod, resetting it when the name now belongs to
// a new pod (the caller must move the old gauge contribution away).
func (s *stateStore) get(key types.NamespacedName, uid types.UID) (st *podState, stale gaugeLabels) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.pods[key]
	if !ok {
		st = &podState{uid: uid}
		s.pods[key] = st
		return st, gaugeLabels{}
	}
	if st.uid != uid {
		stale = st.gauge
		*st = podState{uid: uid}
	}
	return st, stale
}

// forget drops a deleted pod and returns its gauge contribution.
func (s *stateStore) forget(key types.NamespacedName) gaugeLabels {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.pods[key]
	if !ok {
		return gaugeLabels{}
	}
	delete(s.pods, key)
	return st.gauge
}

// dropIfIdle forgets a pod that has nothing to remember (healthy, nothing
// pending): most pods, whose entries would otherwise cost memory for nothing.
func (s *stateStore) dropIfIdle(key types.NamespacedName) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.pods[key]; ok && st.idle() {
		delete(s.pods, key)
	}
}

func (st *podState) idle() bool {
	return st.gauge == gaugeLabels{} && st.writtenRV == 0 && st.emitted == "" && st.dryRun == nil && st.unclassifiedAt.IsZero()
}

// cacheBehind reports whether the cached resourceVersion is older than our
// last write. resourceVersions are opaque by contract, but the API server
// derives them from etcd's revision counter; if one does not parse we assume
// the cache caught up, which at worst repeats an idempotent patch.
func (st *podState) cacheBehind(cachedRV string) bool {
	if st.writtenRV == 0 {
		return false
	}
	rv, err := strconv.ParseUint(cachedRV, 10, 64)
	if err != nil || rv >= st.writtenRV {
		st.writtenRV = 0
		return false
	}
	return true
}

func (st *podState) wrote(rv string) {
	if n, err := strconv.ParseUint(rv, 10, 64); err == nil {
		st.writtenRV = n
	}
}
