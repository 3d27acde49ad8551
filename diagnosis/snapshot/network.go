package snapshot

import (
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/diagnosis/network"
)

// services diagnoses every Service from the pods it selects and its
// EndpointSlices, remembering the verdicts for the Ingresses.
func (d *diagnoser) services() []Verdict {
	d.bySvc = map[string]*diagnosis.Diagnosis{}
	sets := map[string][]map[string]string{}
	var out []Verdict
	for _, s := range d.objs.Services {
		in := network.ServiceInput{Service: s, Events: d.x.events("Service", s), Now: d.now}
		if d.objs.Known["Pod"] {
			if _, ok := sets[s.Namespace]; !ok {
				sets[s.Namespace] = labelSets(d.x.podsByNS[s.Namespace])
			}
			in.LabelSets = sets[s.Namespace]
		}
		in.Pods = selected(s, d.x.podsByNS[s.Namespace])
		if d.objs.Known["EndpointSlice"] {
			// Listed: a Service without a slice has none (as in the controller).
			in.EndpointSlices = orEmpty(d.x.slices[s.Namespace+"/"+s.Name])
		}
		dg := network.DiagnoseService(in, d.opts).Diagnosis
		d.bySvc[s.Namespace+"/"+s.Name] = dg
		out = append(out, Verdict{Object: ObjectOf("Service", s), Diagnosis: dg})
	}
	return out
}

// selected are the pods a Service's selector matches; none for a Service
// without a selector (its endpoints are managed by hand).
func selected(s *corev1.Service, pods []Pod) []network.ServicePod {
	if len(s.Spec.Selector) == 0 {
		return nil
	}
	sel := labels.SelectorFromSet(s.Spec.Selector)
	var out []network.ServicePod
	for _, p := range pods {
		if sel.Matches(labels.Set(p.Pod.Labels)) {
			out = append(out, network.ServicePod{Pod: p.Pod, Diagnosis: p.Diagnosis})
		}
	}
	return out
}

// labelSets are the distinct label sets of the pods, in first-seen order.
func labelSets(pods []Pod) []map[string]string {
	out := []map[string]string{}
	for _, p := range pods {
		if !slices.ContainsFunc(out, func(s map[string]string) bool { return maps.Equal(s, p.Pod.Labels) }) {
			out = append(out, p.Pod.Labels)
		}
	}
	return out
}

// ingresses diagnoses every Ingress from its backend Services' verdicts.
func (d *diagnoser) ingresses() []Verdict {
	var out []Verdict
	for _, ing := range d.objs.Ingresses {
		in := network.IngressInput{Ingress: ing, Now: d.now, Verdicts: map[string]*diagnosis.Diagnosis{}}
		if d.objs.Known["Service"] {
			in.Services = map[string]*corev1.Service{}
			for _, name := range network.BackendServices(ing) {
				if s, ok := d.x.services[ing.Namespace][name]; ok {
					in.Services[name] = s
					in.Verdicts[name] = d.bySvc[ing.Namespace+"/"+name]
				}
			}
		}
		if d.objs.Known["IngressClass"] {
			in.Classes = orEmpty(d.objs.IngressClasses)
		}
		out = append(out, Verdict{Object: ObjectOf("Ingress", ing), Diagnosis: network.DiagnoseIngress(in, d.opts).Diagnosis})
	}
	return out
}

// orEmpty turns a nil list that is known to be complete into an empty one:
// the families read nil as "not known".
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
