package controllers

import (
	"context"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// The kinds beyond pods (design.md, "Beyond pods").
const (
	kindDeployment  = "Deployment"
	kindReplicaSet  = "ReplicaSet"
	kindStatefulSet = "StatefulSet"
	kindDaemonSet   = "DaemonSet"
	kindJob         = "Job"
	kindCronJob     = "CronJob"
	kindService     = "Service"
	kindIngress     = "Ingress"
	kindClaim       = "PersistentVolumeClaim"
	kindNamespace   = "Namespace"
)

// kindSpec is one kind the ObjectReconciler handles: how to read it and how
// to diagnose it. Its watches are in object_watches.go.
type kindSpec struct {
	kind, apiVersion string
	// flag is the name --kinds takes for it.
	flag      string
	newObject func() client.Object
	diagnose  func(g *gatherer, ctx context.Context, obj client.Object, now time.Time) (verdict, error)
}

// kindSpecs are the kinds in the order their controllers are registered.
var kindSpecs = []*kindSpec{
	{kindDeployment, "apps/v1", "deployments", func() client.Object { return &appsv1.Deployment{} }, (*gatherer).deployment},
	{kindReplicaSet, "apps/v1", "replicasets", func() client.Object { return &appsv1.ReplicaSet{} }, (*gatherer).owner},
	{kindStatefulSet, "apps/v1", "statefulsets", func() client.Object { return &appsv1.StatefulSet{} }, (*gatherer).owner},
	{kindDaemonSet, "apps/v1", "daemonsets", func() client.Object { return &appsv1.DaemonSet{} }, (*gatherer).owner},
	{kindJob, "batch/v1", "jobs", func() client.Object { return &batchv1.Job{} }, (*gatherer).owner},
	{kindCronJob, "batch/v1", "cronjobs", func() client.Object { return &batchv1.CronJob{} }, (*gatherer).cronJob},
	{kindService, "v1", "services", func() client.Object { return &corev1.Service{} }, (*gatherer).service},
	{kindIngress, "networking.k8s.io/v1", "ingresses", func() client.Object { return &networkingv1.Ingress{} }, (*gatherer).ingress},
	{kindClaim, "v1", "persistentvolumeclaims", func() client.Object { return &corev1.PersistentVolumeClaim{} }, (*gatherer).claim},
	{kindNamespace, "v1", "namespaces", func() client.Object { return &corev1.Namespace{} }, (*gatherer).namespace},
}

// controllerName is the name of a kind's controller (metrics, logs).
func (s *kindSpec) controllerName() string { return "pod-doctor-" + strings.ToLower(s.kind) }

// KindFlagValues are the values --kinds accepts: pods and every kind beyond pods.
func KindFlagValues() []string {
	out := []string{"pods"}
	for _, s := range kindSpecs {
		out = append(out, s.flag)
	}
	return out
}
