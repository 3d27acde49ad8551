package controllers

import (
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"
)

// TransformObject slims the objects beyond pods before they enter the
// cache. The pod templates go: they are the largest part of a workload, no
// rule reads them (the pods themselves are in the store), and every
// Deployment keeps its old ReplicaSets — ten by default — each with a full
// template. So do the workloads' selectors (their pods are found by owner)
// and labels but the ignore label, and other people's annotations except
// the Deployment revision that picks the newest ReplicaSet. Idempotent,
// like every transform.
func TransformObject(prefix string) toolscache.TransformFunc {
	return func(obj any) (any, error) {
		// A per-kind transform replaces the cache's default one, which
		// would have dropped the field owners' bookkeeping: often the
		// largest part of a small object.
		if m, ok := obj.(metav1.Object); ok {
			m.SetManagedFields(nil)
		}
		switch o := obj.(type) {
		case *appsv1.Deployment:
			slimWorkload(&o.ObjectMeta, prefix, "")
			o.Spec.Template, o.Spec.Selector = corev1.PodTemplateSpec{}, nil
		case *appsv1.ReplicaSet:
			slimWorkload(&o.ObjectMeta, prefix, revisionAnnotation)
			o.Spec.Template, o.Spec.Selector = corev1.PodTemplateSpec{}, nil
		case *appsv1.StatefulSet:
			slimWorkload(&o.ObjectMeta, prefix, "")
			o.Spec.Template, o.Spec.VolumeClaimTemplates, o.Spec.Selector = corev1.PodTemplateSpec{}, nil, nil
		case *appsv1.DaemonSet:
			slimWorkload(&o.ObjectMeta, prefix, "")
			o.Spec.Template, o.Spec.Selector = corev1.PodTemplateSpec{}, nil
		case *batchv1.Job:
			slimWorkload(&o.ObjectMeta, prefix, "")
			o.Spec.Template, o.Spec.Selector = corev1.PodTemplateSpec{}, nil
		case *batchv1.CronJob:
			slimWorkload(&o.ObjectMeta, prefix, "")
			o.Spec.JobTemplate = batchv1.JobTemplateSpec{}
		case *corev1.Service:
			o.Annotations = keepOurs(o.Annotations, prefix)
		case *networkingv1.Ingress:
			o.Annotations = keepOurs(o.Annotations, prefix)
		case *discoveryv1.EndpointSlice:
			// Only the endpoints' readiness and addresses, and the ports,
			// are read; the Service's pods are found by its selector.
			o.Annotations = nil
			for i := range o.Endpoints {
				e := &o.Endpoints[i]
				e.Hints, e.Zone, e.NodeName, e.DeprecatedTopology, e.Hostname, e.TargetRef = nil, nil, nil, nil, nil, nil
				e.Conditions.Serving, e.Conditions.Terminating = nil, nil
			}
		}
		return obj, nil
	}
}

// slimWorkload keeps of a workload's labels the ignore label, and of its
// annotations ours plus the one named keep ("" for none).
func slimWorkload(m *metav1.ObjectMeta, prefix, keep string) {
	v, kept := m.Annotations[keep]
	m.Annotations = keepOurs(m.Annotations, prefix)
	if kept && keep != "" {
		if m.Annotations == nil {
			m.Annotations = map[string]string{}
		}
		m.Annotations[keep] = v
	}
	if ig, ok := m.Labels[IgnoreLabel]; ok {
		m.Labels = map[string]string{IgnoreLabel: ig}
	} else {
		m.Labels = nil
	}
}

// revisionAnnotation numbers a Deployment's ReplicaSets.
const revisionAnnotation = "deployment.kubernetes.io/revision"
