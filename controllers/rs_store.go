package controllers

import (
	"context"
	"path"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	toolscache "k8s.io/client-go/tools/cache"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/source"
)

// ReplicaSets keeps every ReplicaSet as a small record (rsRecord) instead of
// a typed object in the manager's cache. Every Deployment keeps its old
// ReplicaSets — ten by default — and a typed ReplicaSet costs about 2 KiB
// of heap even with its pod template emptied (the template is embedded in
// the struct): with four ReplicaSets per Deployment they would cost more
// than the pods. A record holds what the roll-up, the newest-ReplicaSet
// choice and the write path read: about 300 bytes.
type ReplicaSets struct {
	prefix    string
	names     *internTable
	informers map[string]toolscache.SharedIndexInformer // by namespace, "" for all
}

// rsIndexController indexes the records by their controller's UID.
const rsIndexController = "controller"

// NewReplicaSets builds (but does not start) the informers for the scope.
// Names are interned in names (the pod store's table: the namespaces and
// kinds are the same).
func NewReplicaSets(cs kubernetes.Interface, opts Options, health *watchHealth, names *internTable) *ReplicaSets {
	s := &ReplicaSets{prefix: opts.Output.AnnotationPrefix, names: names, informers: map[string]toolscache.SharedIndexInformer{}}
	namespaces := opts.Scope.Namespaces
	if len(namespaces) == 0 {
		namespaces = []string{metav1.NamespaceAll}
	}
	sel := ""
	if len(opts.Scope.Namespaces) == 0 && len(opts.Scope.ExcludeNamespaces) > 0 {
		sel = fields.AndSelectors(excludeSelectors(opts.Scope.ExcludeNamespaces)...).String()
	}
	for _, ns := range namespaces {
		s.informers[ns] = newInformer(health.watched(path.Join("replicasets", ns), selectedLW(cs, cs.AppsV1().ReplicaSets(ns), sel)), &appsv1.ReplicaSet{}, s.record,
			toolscache.Indexers{rsIndexController: func(obj any) ([]string, error) {
				if r, ok := obj.(*rsRecord); ok {
					return nonEmpty(string(r.owner.uid)), nil
				}
				return nil, nil
			}})
	}
	return s
}

// Start runs the informers until ctx ends, on every replica (warm standby).
func (s *ReplicaSets) Start(ctx context.Context) error {
	for _, inf := range s.informers {
		go inf.RunWithContext(ctx)
	}
	<-ctx.Done()
	return nil
}

// NeedLeaderElection is false: reading is safe on every replica.
func (s *ReplicaSets) NeedLeaderElection() bool { return false }

// HasSynced reports whether every informer has listed its objects.
func (s *ReplicaSets) HasSynced() bool {
	for _, inf := range s.informers {
		if !inf.HasSynced() {
			return false
		}
	}
	return true
}

// Get returns the ReplicaSet ns/name rebuilt from its record.
func (s *ReplicaSets) Get(key types.NamespacedName) (*appsv1.ReplicaSet, bool, error) {
	r, ok, err := recordOf[*rsRecord](s.informers, key)
	if err != nil || !ok {
		return nil, false, err
	}
	return r.decode(), true, nil
}

// Controlled returns the ReplicaSets of namespace ns whose controller has uid.
func (s *ReplicaSets) Controlled(ns string, uid types.UID) []*appsv1.ReplicaSet {
	inf := informerFor(s.informers, ns)
	if inf == nil {
		return nil
	}
	objs, err := inf.GetIndexer().ByIndex(rsIndexController, string(uid))
	if err != nil {
		return nil
	}
	out := make([]*appsv1.ReplicaSet, 0, len(objs))
	for _, o := range objs {
		if r, ok := o.(*rsRecord); ok && r.namespace == ns {
			out = append(out, r.decode())
		}
	}
	return out
}

// Source feeds a controller from the informers, like the pod store's.
func (s *ReplicaSets) Source(h handler.EventHandler, p ...predicate.Predicate) source.SyncingSource {
	return &storeSource{informers: values(s.informers), handler: h, predicates: p}
}

// rsRecord is what a ReplicaSet keeps in memory.
type rsRecord struct {
	recordMeta
	uid      types.UID
	created  metav1.Time
	deleting *metav1.Time
	owner    podOwner
	revision string
	ours     map[string]string
	ignore   *string // the ignore label's value, nil when absent
	replicas *int32
	// available and ready are the status counts, failure the ReplicaFailure condition.
	available, ready int32
	failure          *appsv1.ReplicaSetCondition
}

// record is the informer's transform.
func (s *ReplicaSets) record(obj any) (any, error) {
	rs, ok := obj.(*appsv1.ReplicaSet)
	if !ok {
		return obj, nil // a record already, or a tombstone
	}
	r := &rsRecord{recordMeta: recordMeta{name: rs.Name, namespace: s.names.get(rs.Namespace), rv: rs.ResourceVersion},
		uid: rs.UID, created: rs.CreationTimestamp, deleting: rs.DeletionTimestamp, replicas: rs.Spec.Replicas,
		revision: rs.Annotations[revisionAnnotation], ours: keepOurs(rs.Annotations, s.prefix),
		available: rs.Status.AvailableReplicas, ready: rs.Status.ReadyReplicas}
	if ref := metav1.GetControllerOf(rs); ref != nil {
		r.owner = podOwner{kind: s.names.get(ref.Kind), name: ref.Name, uid: ref.UID}
	}
	if v, ok := rs.Labels[IgnoreLabel]; ok {
		r.ignore = &v
	}
	for _, c := range rs.Status.Conditions {
		if c.Type == appsv1.ReplicaSetReplicaFailure {
			c := c
			r.failure = &c
		}
	}
	return r, nil
}

// decode rebuilds the ReplicaSet as far as the record keeps it.
func (r *rsRecord) decode() *appsv1.ReplicaSet {
	rs := &appsv1.ReplicaSet{
		TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: kindReplicaSet},
		ObjectMeta: metav1.ObjectMeta{Name: r.name, Namespace: r.namespace, ResourceVersion: r.rv, UID: r.uid,
			CreationTimestamp: r.created, DeletionTimestamp: r.deleting, OwnerReferences: r.GetOwnerReferences(), Labels: r.GetLabels()},
		Spec:   appsv1.ReplicaSetSpec{Replicas: r.replicas},
		Status: appsv1.ReplicaSetStatus{AvailableReplicas: r.available, ReadyReplicas: r.ready},
	}
	if len(r.ours) > 0 || r.revision != "" {
		rs.Annotations = make(map[string]string, len(r.ours)+1)
		for k, v := range r.ours {
			rs.Annotations[k] = v
		}
		if r.revision != "" {
			rs.Annotations[revisionAnnotation] = r.revision
		}
	}
	if r.failure != nil {
		rs.Status.Conditions = []appsv1.ReplicaSetCondition{*r.failure}
	}
	return rs
}

func (r *rsRecord) DeepCopyObject() runtime.Object {
	c := *r
	return &c
}

// The metav1.Object getters the handlers, predicates and mappers read.

func (r *rsRecord) GetUID() types.UID                  { return r.uid }
func (r *rsRecord) GetCreationTimestamp() metav1.Time  { return r.created }
func (r *rsRecord) GetDeletionTimestamp() *metav1.Time { return r.deleting }
func (r *rsRecord) GetAnnotations() map[string]string  { return r.ours }
func (r *rsRecord) GetOwnerReferences() []metav1.OwnerReference {
	if r.owner.uid == "" {
		return nil
	}
	return []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: r.owner.kind, Name: r.owner.name, UID: r.owner.uid, Controller: ptr.To(true)}}
}

func (r *rsRecord) GetLabels() map[string]string {
	if r.ignore == nil {
		return nil
	}
	return map[string]string{IgnoreLabel: *r.ignore}
}
