package controllers

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// announcementTTL is how long the API server keeps an event (its --event-ttl
// default): only an annotation whose cause was first seen within it can
// still be checked against the events.
const announcementTTL = time.Hour

// announcements is what this replica found of pod-doctor's own Diagnosed
// events when it took over: one list, read on the first reconcile.
//
// The annotations are the record of what was announced, but a replica that
// dies between its patch and its event (kill -9, a lost node) leaves an
// annotation nobody announced, and its successor, whose memory is empty,
// would never announce it. The successor therefore checks, once, which of the
// recent annotations have their Diagnosed event, and announces the others.
type announcements struct {
	scope ScopeOptions

	mu sync.Mutex
	// seen holds "pod UID/identity" of each announcement found; nil until
	// loaded. One flat set: at 30,000 announced pods a map per pod cost
	// three times as much.
	seen map[announced]struct{}
}

// announced is one Diagnosed event: the pod it was about and the identity it announced.
type announced struct {
	uid      types.UID
	identity string
}

// announcedSet holds what listAnnouncements found.
type announcedSet = map[announced]struct{}

// load lists the Diagnosed events pod-doctor wrote in scope, once it
// succeeds. A failed list fails the reconcile that needed it (retried with
// the workqueue's back-off, the next one lists again) rather than guess from
// a partial index.
func (a *announcements) load(ctx context.Context, reader client.Reader) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.seen != nil {
		return nil
	}
	seen := announcedSet{}
	namespaces := a.scope.Namespaces
	if len(namespaces) == 0 {
		namespaces = []string{""} // all namespaces
	}
	for _, ns := range namespaces {
		if err := listAnnouncements(ctx, reader, ns, seen); err != nil {
			return err
		}
	}
	a.seen = seen
	return nil
}

// listAnnouncements adds the Diagnosed events of ns ("" for all) to seen, a page at a time.
func listAnnouncements(ctx context.Context, reader client.Reader, ns string, seen announcedSet) error {
	sel := fields.AndSelectors(fields.OneTermEqualSelector("source", ControllerName),
		fields.OneTermEqualSelector("reason", EventReasonDiagnosed))
	events := &corev1.EventList{}
	err := listPages(ctx, reader, events, 0, func() error {
		for i := range events.Items {
			addAnnouncement(seen, &events.Items[i])
		}
		return nil
	}, client.InNamespace(ns), client.MatchingFieldsSelector{Selector: sel})
	if err != nil {
		return fmt.Errorf("list pod-doctor's Diagnosed events: %w", err)
	}
	return nil
}

// addAnnouncement records the identity an event announced: the reason its
// message starts with, and the container its field path names.
func addAnnouncement(seen announcedSet, e *corev1.Event) {
	reason, _, ok := strings.Cut(e.Message, ":")
	if !ok || e.InvolvedObject.UID == "" {
		return
	}
	id := reason
	if _, rest, ok := strings.Cut(e.InvolvedObject.FieldPath, "{"); ok {
		id += "/" + strings.TrimSuffix(rest, "}")
	}
	seen[announced{e.InvolvedObject.UID, id}] = struct{}{}
}

// missing reports an annotation (identity, first seen at since) that no
// Diagnosed event announced, while its event could still exist.
func (a *announcements) missing(uid types.UID, identity, since string, now time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if identity == "" || a.seen == nil {
		return false
	}
	t, err := time.Parse(time.RFC3339, since)
	if err != nil || now.Sub(t) > announcementTTL {
		return false
	}
	_, ok := a.seen[announced{uid, identity}]
	return !ok
}
