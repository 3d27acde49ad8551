package snapshot

import (
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// index finds, in one pass over each list, what the roll-ups ask for.
type index struct {
	podsByOwner map[types.UID][]Pod
	podsByNS    map[string][]Pod
	rsByOwner   map[types.UID][]*appsv1.ReplicaSet
	jobsByOwner map[types.UID][]*batchv1.Job
	// eventsByUID holds events by involvedObject UID; eventsByName those
	// recorded without one, by kind/namespace/name.
	eventsByUID  map[types.UID][]corev1.Event
	eventsByName map[string][]corev1.Event
	slices       map[string][]*discoveryv1.EndpointSlice // by namespace/service
	services     map[string]map[string]*corev1.Service   // by namespace, then name
	claimUsers   map[string][]string                     // by namespace/claim: pod names
}

func newIndex(o *Objects, pods []Pod) *index {
	x := &index{
		podsByOwner: map[types.UID][]Pod{}, podsByNS: map[string][]Pod{},
		rsByOwner: map[types.UID][]*appsv1.ReplicaSet{}, jobsByOwner: map[types.UID][]*batchv1.Job{},
		eventsByUID: map[types.UID][]corev1.Event{}, eventsByName: map[string][]corev1.Event{},
		slices: map[string][]*discoveryv1.EndpointSlice{}, services: map[string]map[string]*corev1.Service{},
		claimUsers: map[string][]string{},
	}
	for _, p := range pods {
		x.podsByNS[p.Pod.Namespace] = append(x.podsByNS[p.Pod.Namespace], p)
		if uid := controllerUID(p.Pod); uid != "" {
			x.podsByOwner[uid] = append(x.podsByOwner[uid], p)
		}
		for _, v := range p.Pod.Spec.Volumes {
			if v.PersistentVolumeClaim != nil {
				k := p.Pod.Namespace + "/" + v.PersistentVolumeClaim.ClaimName
				x.claimUsers[k] = append(x.claimUsers[k], p.Pod.Name)
			}
		}
	}
	for _, rs := range o.ReplicaSets {
		if uid := controllerUID(rs); uid != "" {
			x.rsByOwner[uid] = append(x.rsByOwner[uid], rs)
		}
	}
	for _, j := range o.Jobs {
		if uid := controllerUID(j); uid != "" {
			x.jobsByOwner[uid] = append(x.jobsByOwner[uid], j)
		}
	}
	x.indexEvents(o.Events)
	for _, s := range o.EndpointSlices {
		if svc := s.Labels[discoveryv1.LabelServiceName]; svc != "" {
			x.slices[s.Namespace+"/"+svc] = append(x.slices[s.Namespace+"/"+svc], s)
		}
	}
	for _, s := range o.Services {
		if x.services[s.Namespace] == nil {
			x.services[s.Namespace] = map[string]*corev1.Service{}
		}
		x.services[s.Namespace][s.Name] = s
	}
	return x
}

func (x *index) indexEvents(events []corev1.Event) {
	for _, e := range events {
		ref := e.InvolvedObject
		if ref.Kind == "Pod" || ref.Kind == "" {
			continue
		}
		if ref.UID != "" {
			x.eventsByUID[ref.UID] = append(x.eventsByUID[ref.UID], e)
			continue
		}
		ns := ref.Namespace
		if ns == "" && ref.Kind != "Namespace" {
			ns = e.Namespace
		}
		k := ref.Kind + "/" + ns + "/" + ref.Name
		x.eventsByName[k] = append(x.eventsByName[k], e)
	}
}

// events returns the events about one object: by its UID, and by name for
// events recorded without a UID.
func (x *index) events(kind string, m metav1.Object) []corev1.Event {
	byName := x.eventsByName[kind+"/"+m.GetNamespace()+"/"+m.GetName()]
	byUID := x.eventsByUID[m.GetUID()]
	if len(byName) == 0 {
		return byUID
	}
	return append(append([]corev1.Event(nil), byUID...), byName...)
}

// controllerUID is the UID of the object's controller, "" when it has none.
func controllerUID(m metav1.Object) types.UID {
	if ref := metav1.GetControllerOf(m); ref != nil {
		return ref.UID
	}
	return ""
}
