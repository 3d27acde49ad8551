package controllers

import (
	"context"
	"fmt"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// scopeCleanup removes our annotations from pods in the namespaces the scope
// excludes (--exclude-namespaces). Nothing watches those pods any more, so a
// cause written by an earlier run with a wider scope would stay on them
// forever and mislead whoever reads it. It runs once, on the leader, when the
// manager starts; the annotations go quietly (no Recovered event: the pod
// did not recover, we stopped looking), as for a namespace that opts out.
//
// Pods outside a --namespaces allow-list are left alone: such a release is
// often one of several with disjoint scopes, and a pod outside this one's
// scope belongs to another release's records (its RBAC may not even allow
// listing them).
type scopeCleanup struct {
	reader   client.Reader // the API server, not the cache (which skips these namespaces)
	pageSize int64         // zero: listPageSize
	writer   client.Client
	keys     Keys
	scope    ScopeOptions
	log      logr.Logger
}

// NeedLeaderElection: only the replica that writes cleans up.
func (c *scopeCleanup) NeedLeaderElection() bool { return true }

// Start cleans every excluded namespace. A failure is logged and does not
// stop the manager: the clean-up is a courtesy, the next start retries it.
func (c *scopeCleanup) Start(ctx context.Context) error {
	for _, ns := range c.scope.ExcludeNamespaces {
		n, err := c.cleanNamespace(ctx, ns)
		if err != nil {
			c.log.Error(err, "clean-up of an excluded namespace failed", "namespace", ns, "cleaned", n)
			continue
		}
		if n > 0 {
			c.log.Info("removed stale annotations from an excluded namespace", "namespace", ns, "pods", n)
		}
	}
	return nil
}

// cleanNamespace pages through the namespace's pods' metadata and strips our
// keys from every pod that carries one; it returns how many it cleaned.
func (c *scopeCleanup) cleanNamespace(ctx context.Context, ns string) (int, error) {
	cleaned := 0
	list := &metav1.PartialObjectMetadataList{}
	list.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("PodList"))
	err := listPages(ctx, c.reader, list, c.pageSize, func() error {
		for i := range list.Items {
			done, err := c.strip(ctx, &list.Items[i])
			if err != nil {
				return err
			}
			if done {
				cleaned++
			}
		}
		return nil
	}, client.InNamespace(ns))
	if err != nil {
		return cleaned, fmt.Errorf("clean pods of %s: %w", ns, err)
	}
	return cleaned, nil
}

// strip patches our keys away from one pod; false when it carried none.
func (c *scopeCleanup) strip(ctx context.Context, pod *metav1.PartialObjectMetadata) (bool, error) {
	patch := c.keys.MergePatch(pod.UID, c.keys.Current(pod.Annotations), map[string]string{})
	if patch == nil {
		return false, nil
	}
	err := patchAnnotations(ctx, c.writer, objectTarget(kindPod, "v1", pod), patch)
	switch {
	case apierrors.IsNotFound(err) || apierrors.IsConflict(err):
		return false, nil // gone, or replaced by a pod of the same name that we never annotated
	case err != nil:
		return false, fmt.Errorf("remove annotations of %s/%s: %w", pod.Namespace, pod.Name, err)
	}
	return true, nil
}
