package controllers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	toolscache "k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/controller-runtime/pkg/source"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// Store holds the pods and the events about pods, the two object kinds that
// grow with the cluster, as records (see podRecord). It runs its own informers
// — one cluster-wide, or one per namespace of --namespaces — and answers the
// reconciler's and the mappers' lookups through their indexes. Nodes, PVCs
// and namespaces are few and stay in the manager's cache.
type Store struct {
	prefix string
	engine diagnosis.Options
	names  *internTable
	labels *labelTable
	health *watchHealth
	pods   map[string]toolscache.SharedIndexInformer // by namespace, "" for all
	events map[string]toolscache.SharedIndexInformer
}

// internSweepInterval is how often the store forgets the names of
// namespaces and nodes no record uses any more.
const internSweepInterval = 10 * time.Minute

// Informer indexes of the store.
const (
	storeIndexNode  = "node"  // pod records by spec.nodeName
	storeIndexClaim = "claim" // pod records by "namespace/claim"
	storeIndexPod   = "pod"   // event records by eventPodKey
	storeIndexOwner = "owner" // pod records by their controller's UID
	storeIndexNS    = "ns"    // pod records by namespace
)

// NewStore builds (but does not start) the informers for the scope; their
// list and watch outcomes are reported to health.
func NewStore(cs kubernetes.Interface, opts Options, health *watchHealth) *Store {
	s := &Store{prefix: opts.Output.AnnotationPrefix, engine: opts.Engine.DiagnosisOptions(), names: newInternTable(), labels: newLabelTable(), health: health,
		pods: map[string]toolscache.SharedIndexInformer{}, events: map[string]toolscache.SharedIndexInformer{}}
	namespaces := opts.Scope.Namespaces
	if len(namespaces) == 0 {
		namespaces = []string{metav1.NamespaceAll}
	}
	podSel, eventSel := storeSelectors(opts.Scope)
	for _, ns := range namespaces {
		s.pods[ns] = newInformer(health.watched(path.Join("pods", ns), selectedLW(cs, cs.CoreV1().Pods(ns), podSel)), &corev1.Pod{}, s.podRecord, toolscache.Indexers{
			storeIndexNode:  podIndex(func(r *podRecord) []string { return nonEmpty(r.nodeName) }),
			storeIndexClaim: podIndex(func(r *podRecord) []string { return r.claims }),
			storeIndexOwner: podIndex(func(r *podRecord) []string { return nonEmpty(string(r.owner.uid)) }),
			storeIndexNS:    podIndex(func(r *podRecord) []string { return []string{r.namespace} }),
		})
		s.events[ns] = newInformer(health.watched(path.Join("events", ns), selectedLW(cs, cs.CoreV1().Events(ns), eventSel)), &corev1.Event{}, s.eventRecord, toolscache.Indexers{
			storeIndexPod: func(obj any) ([]string, error) {
				if r, ok := obj.(*eventRecord); ok {
					return nonEmpty(r.podKey), nil
				}
				return nil, nil
			},
		})
	}
	return s
}

// storeSelectors are the field selectors of the pod and event watches: the
// excluded namespaces (when watching all), and for events only those about
// pods and not written by pod-doctor itself.
func storeSelectors(scope ScopeOptions) (pods, events string) {
	var excl []fields.Selector
	if len(scope.Namespaces) == 0 {
		excl = excludeSelectors(scope.ExcludeNamespaces)
	}
	if len(excl) > 0 {
		pods = fields.AndSelectors(excl...).String()
	}
	events = fields.AndSelectors(append([]fields.Selector{
		fields.OneTermEqualSelector("involvedObject.kind", "Pod"),
		fields.OneTermNotEqualSelector("source", ControllerName),
	}, excl...)...).String()
	return pods, events
}

// typedClient is the List and Watch of one typed client, such as
// Pods(ns), Events(ns) or ReplicaSets(ns).
type typedClient[L runtime.Object] interface {
	List(context.Context, metav1.ListOptions) (L, error)
	Watch(context.Context, metav1.ListOptions) (watch.Interface, error)
}

// selectedLW lists and watches c with field selector sel. It tells the
// reflector whether the client supports watch-list streaming (a fake
// clientset does not), as generated informers do.
func selectedLW[L runtime.Object](cs kubernetes.Interface, c typedClient[L], sel string) toolscache.ListerWatcher {
	return toolscache.ToListWatcherWithWatchListSemantics(&toolscache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			o.FieldSelector = sel
			return c.List(ctx, o)
		},
		WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			o.FieldSelector = sel
			return c.Watch(ctx, o)
		},
	}, cs)
}

func newInformer(lw toolscache.ListerWatcher, example runtime.Object, transform toolscache.TransformFunc, idx toolscache.Indexers) toolscache.SharedIndexInformer {
	inf := toolscache.NewSharedIndexInformerWithOptions(lw, example, toolscache.SharedIndexInformerOptions{Indexers: idx})
	if err := inf.SetTransform(transform); err != nil { // only fails once started
		panic(err)
	}
	return inf
}

func podIndex(f func(*podRecord) []string) toolscache.IndexFunc {
	return func(obj any) ([]string, error) {
		r, ok := obj.(*podRecord)
		if !ok {
			return nil, nil
		}
		return f(r), nil
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// podRecord is the pod informer's transform: slim the pod (TransformPod,
// compactSettled) and keep it as protobuf with its index values.
func (s *Store) podRecord(obj any) (any, error) {
	p, ok := obj.(*corev1.Pod)
	if !ok {
		return obj, nil // a record already, or a tombstone
	}
	if _, err := TransformPod(s.prefix)(p); err != nil {
		return nil, err
	}
	// Labels and the controller are read before compaction, which drops
	// them from a settled pod: the objects beyond pods select and own
	// settled pods too.
	r := &podRecord{recordMeta: s.meta(p.Name, p.Namespace, p.ResourceVersion),
		nodeName: s.intern(p.Spec.NodeName), pending: isPending(p)}
	r.labels, r.labelsKey = s.labels.get(p.Labels)
	if ref := metav1.GetControllerOf(p); ref != nil {
		r.owner = podOwner{kind: s.intern(ref.Kind), name: s.intern(ref.Name), uid: types.UID(s.intern(string(ref.UID)))}
	}
	r.settled = compactSettled(p, time.Now(), s.engine)
	for _, c := range claimNames(p) {
		r.claims = append(r.claims, p.Namespace+"/"+c)
	}
	// What the record holds is not repeated in raw (decodePod restores it).
	p.TypeMeta = metav1.TypeMeta{}
	p.Name, p.Namespace, p.ResourceVersion = "", "", ""
	// Our annotations are kept beside raw, so raw changes only when the
	// pod itself does (podChanged).
	p.Labels = nil
	r.ours, p.Annotations = p.Annotations, nil
	raw, err := p.Marshal()
	if err != nil {
		return nil, fmt.Errorf("encode pod %s/%s: %w", r.namespace, r.name, err)
	}
	r.raw = raw
	return r, nil
}

func (r *podRecord) decode() (*corev1.Pod, error) {
	p := &corev1.Pod{}
	if err := p.Unmarshal(r.raw); err != nil {
		return nil, fmt.Errorf("decode pod %s/%s: %w", r.namespace, r.name, err)
	}
	p.Name, p.Namespace, p.ResourceVersion = r.name, r.namespace, r.rv
	p.Labels, p.Annotations = r.labels, r.ours
	return p, nil
}

// eventRecord is the event informer's transform.
func (s *Store) eventRecord(obj any) (any, error) {
	e, ok := obj.(*corev1.Event)
	if !ok {
		return obj, nil
	}
	if _, err := TransformEvent(e); err != nil {
		return nil, err
	}
	r := &eventRecord{recordMeta: s.meta(e.Name, e.Namespace, e.ResourceVersion),
		podKey: eventPodKey(e), podName: e.InvolvedObject.Name, last: lastSeen(e).UnixNano()}
	// What the record holds is not repeated in raw (decode restores it).
	e.TypeMeta = metav1.TypeMeta{}
	e.Name, e.Namespace, e.ResourceVersion = "", "", ""
	fp := e.InvolvedObject.FieldPath
	e.InvolvedObject = corev1.ObjectReference{FieldPath: fp}
	raw, err := e.Marshal()
	if err != nil {
		return nil, fmt.Errorf("encode event %s/%s: %w", r.namespace, r.name, err)
	}
	r.raw = raw
	return r, nil
}

func (r *eventRecord) decode(e *corev1.Event) error {
	if err := e.Unmarshal(r.raw); err != nil {
		return fmt.Errorf("decode event %s/%s: %w", r.namespace, r.name, err)
	}
	e.Name, e.Namespace, e.ResourceVersion = r.name, r.namespace, r.rv
	e.InvolvedObject.Kind, e.InvolvedObject.APIVersion = "Pod", "v1"
	e.InvolvedObject.Namespace, e.InvolvedObject.Name = r.namespace, r.podName
	if !strings.Contains(r.podKey, "/") {
		e.InvolvedObject.UID = types.UID(r.podKey)
	}
	return nil
}

func (s *Store) meta(name, namespace, rv string) recordMeta {
	return recordMeta{name: name, namespace: s.intern(namespace), rv: rv}
}

// intern returns one shared copy of a namespace or node name.
func (s *Store) intern(v string) string { return s.names.get(v) }

// namesInUse yields the interned names the records hold.
func (s *Store) namesInUse(yield func(string)) {
	for _, inf := range s.all() {
		for _, obj := range inf.GetIndexer().List() {
			switch r := obj.(type) {
			case *podRecord:
				yield(r.namespace)
				yield(r.nodeName)
				yield(r.owner.kind)
				yield(r.owner.name)
				yield(string(r.owner.uid))
			case *eventRecord:
				yield(r.namespace)
			}
		}
	}
}

// labelsInUse yields the keys of the label sets the pod records hold.
func (s *Store) labelsInUse(yield func(string)) {
	for _, inf := range s.pods {
		for _, obj := range inf.GetIndexer().List() {
			if r, ok := obj.(*podRecord); ok && r.labelsKey != "" {
				yield(r.labelsKey)
			}
		}
	}
}

// Start runs the informers until ctx ends. Every replica runs them (see
// NeedLeaderElection), so a standby takes over with a warm cache.
func (s *Store) Start(ctx context.Context) error {
	for _, inf := range s.all() {
		go inf.RunWithContext(ctx)
	}
	t := time.NewTicker(internSweepInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			s.names.sweep(s.namesInUse)
			s.labels.sweep(s.labelsInUse)
		}
	}
}

// NeedLeaderElection is false: reading is safe on every replica.
func (s *Store) NeedLeaderElection() bool { return false }

// HasSynced reports whether every informer has listed its objects.
func (s *Store) HasSynced() bool {
	for _, inf := range s.all() {
		if !inf.HasSynced() {
			return false
		}
	}
	return true
}

func (s *Store) all() []toolscache.SharedIndexInformer {
	out := make([]toolscache.SharedIndexInformer, 0, len(s.pods)+len(s.events))
	for _, inf := range s.pods {
		out = append(out, inf)
	}
	for _, inf := range s.events {
		out = append(out, inf)
	}
	return out
}

// informerFor returns the informer that holds namespace ns, nil when ns is
// out of scope.
func informerFor(m map[string]toolscache.SharedIndexInformer, ns string) toolscache.SharedIndexInformer {
	if inf, ok := m[metav1.NamespaceAll]; ok {
		return inf
	}
	return m[ns]
}

// recordOf returns the record of key from the informer holding its
// namespace; found is false when it is not cached.
func recordOf[R any](m map[string]toolscache.SharedIndexInformer, key types.NamespacedName) (r R, found bool, err error) {
	inf := informerFor(m, key.Namespace)
	if inf == nil {
		return r, false, nil
	}
	obj, ok, err := inf.GetIndexer().GetByKey(key.Namespace + "/" + key.Name)
	if err != nil || !ok {
		return r, false, err
	}
	if r, ok = obj.(R); !ok {
		return r, false, fmt.Errorf("cache of %s holds %T", key, obj)
	}
	return r, true, nil
}

// Pod decodes the cached pod; ok is false when it is not cached.
func (s *Store) Pod(key types.NamespacedName) (*corev1.Pod, bool, error) {
	r, ok, err := recordOf[*podRecord](s.pods, key)
	if err != nil || !ok {
		return nil, false, err
	}
	p, err := r.decode()
	if err != nil {
		return nil, false, err
	}
	return p, true, nil
}

// Events decodes the newest max events about the pod (by UID, and by name
// for events recorded without one).
func (s *Store) Events(pod *corev1.Pod, max int) ([]corev1.Event, error) {
	inf := informerFor(s.events, pod.Namespace)
	if inf == nil {
		return nil, nil
	}
	var recs []*eventRecord
	for _, key := range []string{string(pod.UID), podNameKey(pod.Namespace, pod.Name)} {
		objs, err := inf.GetIndexer().ByIndex(storeIndexPod, key)
		if err != nil {
			return nil, fmt.Errorf("events of %s/%s: %w", pod.Namespace, pod.Name, err)
		}
		for _, o := range objs {
			if r, ok := o.(*eventRecord); ok {
				recs = append(recs, r)
			}
		}
	}
	if len(recs) > max {
		// Newest first, so only what the engine will see is decoded.
		slices.SortStableFunc(recs, func(a, b *eventRecord) int { return cmp.Compare(b.last, a.last) })
		recs = recs[:max]
	}
	out := make([]corev1.Event, len(recs))
	for i, r := range recs {
		if err := r.decode(&out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PodsOnNode lists the pods bound to a node.
func (s *Store) PodsOnNode(node string) []reconcile.Request {
	var out []reconcile.Request
	for _, inf := range s.pods {
		out = appendRequests(out, inf, storeIndexNode, node, nil)
	}
	return out
}

// PendingPodsUsingClaim lists the pending pods that use a PVC.
func (s *Store) PendingPodsUsingClaim(ns, claim string) []reconcile.Request {
	inf := informerFor(s.pods, ns)
	if inf == nil {
		return nil
	}
	return appendRequests(nil, inf, storeIndexClaim, ns+"/"+claim, func(r *podRecord) bool { return r.pending })
}

// PodsInNamespace lists every cached pod of a namespace. It scans the keys:
// it runs only when a namespace's ignore label changes, which does not
// justify an index entry per pod.
func (s *Store) PodsInNamespace(ns string) []reconcile.Request {
	inf := informerFor(s.pods, ns)
	if inf == nil {
		return nil
	}
	var out []reconcile.Request
	prefix := ns + "/"
	for _, key := range inf.GetIndexer().ListKeys() {
		if name, ok := strings.CutPrefix(key, prefix); ok {
			out = append(out, reconcile.Request{NamespacedName: types.NamespacedName{Namespace: ns, Name: name}})
		}
	}
	return out
}

func appendRequests(out []reconcile.Request, inf toolscache.SharedIndexInformer, index, value string, keep func(*podRecord) bool) []reconcile.Request {
	objs, err := inf.GetIndexer().ByIndex(index, value)
	if err != nil {
		return out
	}
	for _, o := range objs {
		if r, ok := o.(*podRecord); ok && (keep == nil || keep(r)) {
			out = append(out, reconcile.Request{NamespacedName: types.NamespacedName{Namespace: r.namespace, Name: r.name}})
		}
	}
	return out
}

// PodSource and EventSource feed the controller from the store's informers.
func (s *Store) PodSource(h handler.EventHandler, p ...predicate.Predicate) source.SyncingSource {
	return &storeSource{informers: values(s.pods), handler: h, predicates: p}
}

// EventSource: see PodSource.
func (s *Store) EventSource(h handler.EventHandler, p ...predicate.Predicate) source.SyncingSource {
	return &storeSource{informers: values(s.events), handler: h, predicates: p}
}

func values(m map[string]toolscache.SharedIndexInformer) []toolscache.SharedIndexInformer {
	out := make([]toolscache.SharedIndexInformer, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// storeSource registers the controller's handler on the store's informers
// and makes the controller wait until they have synced.
type storeSource struct {
	informers  []toolscache.SharedIndexInformer
	handler    handler.EventHandler
	predicates []predicate.Predicate
}

func (ss *storeSource) Start(ctx context.Context, q workqueue.TypedRateLimitingInterface[reconcile.Request]) error {
	for _, inf := range ss.informers {
		src := &source.Informer{Informer: inf, Handler: ss.handler, Predicates: ss.predicates}
		if err := src.Start(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func (ss *storeSource) WaitForSync(ctx context.Context) error {
	synced := make([]toolscache.InformerSynced, len(ss.informers))
	for i, inf := range ss.informers {
		synced[i] = inf.HasSynced
	}
	if !toolscache.WaitForCacheSync(ctx.Done(), synced...) {
		return errors.New("pod-doctor store did not sync")
	}
	return nil
}

func (ss *storeSource) String() string {
	return fmt.Sprintf("pod-doctor store (%d informers)", len(ss.informers))
}
