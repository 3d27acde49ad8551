//go:build faults

package faults

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// Labels that put a namespace under one of the suite's
// ValidatingAdmissionPolicies (testdata/deny-*.yaml).
const (
	labelDenyEvents   = "faults.pod-doctor.io/deny-events"
	labelDenyPodPatch = "faults.pod-doctor.io/deny-pod-patch"
)

// asController is a client that authenticates as the admin but acts as the
// controller's ServiceAccount (impersonation), to probe what the API server
// lets the controller do.
func (cl *cluster) asController() (kubernetes.Interface, error) {
	cfg := rest.CopyConfig(cl.cfg)
	cfg.Impersonate = rest.ImpersonationConfig{UserName: controllerUser,
		Groups: []string{"system:serviceaccounts", "system:serviceaccounts:" + releaseNS, "system:authenticated"}}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("impersonating client: %w", err)
	}
	return cs, nil
}

// installPolicy creates the policy and binding of testdata/file and waits
// until the API server enforces it: policies are compiled asynchronously,
// so a probe (a dry-run request as the controller) must be refused first.
func (cl *cluster) installPolicy(t *testing.T, file string, probe func(ctx context.Context, cs kubernetes.Interface) error) {
	t.Helper()
	ctx := context.Background()
	if err := cl.applyFile(ctx, filepath.Join("testdata", file)); err != nil {
		t.Fatal(err)
	}
	cs, err := cl.asController()
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := probe(ctx, cs)
		if apierrors.IsForbidden(err) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("policy of %s not enforced after 30s: the probe got %v", file, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// probeEventCreate tries to create an event in ns (dry run).
func probeEventCreate(ns string) func(context.Context, kubernetes.Interface) error {
	return func(ctx context.Context, cs kubernetes.Interface) error {
		e := &corev1.Event{ObjectMeta: metav1.ObjectMeta{GenerateName: "probe-", Namespace: ns},
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: ns, Name: "probe"},
			Type:           corev1.EventTypeNormal, Reason: "Probe", Message: "probe", Source: corev1.EventSource{Component: "pod-doctor"}}
		_, err := cs.CoreV1().Events(ns).Create(ctx, e, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		return err
	}
}

// probePodPatch tries to annotate pod ns/name (dry run).
func probePodPatch(ns, name string) func(context.Context, kubernetes.Interface) error {
	return func(ctx context.Context, cs kubernetes.Interface) error {
		_, err := cs.CoreV1().Pods(ns).Patch(ctx, name, "application/merge-patch+json",
			[]byte(`{"metadata":{"annotations":{"pod-doctor.io/probe":"x"}}}`), metav1.PatchOptions{DryRun: []string{metav1.DryRunAll}})
		return err
	}
}
