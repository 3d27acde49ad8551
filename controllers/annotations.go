package controllers

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/pod-doctor/pod-doctor/diagnosis"
	"github.com/pod-doctor/pod-doctor/internal/sanitize"
)

// Limits of the annotation contract (design.md).
const (
	MaxSummaryLen = 256
	MaxHintLen    = 512
)

// Keys are the six annotation keys of the contract under one prefix.
type Keys struct {
	Prefix    string
	Reason    string
	Summary   string
	Hint      string
	Container string
	Severity  string
	Since     string
}

// NewKeys derives the keys from a prefix such as "pod-doctor.io/".
func NewKeys(prefix string) Keys {
	return Keys{
		Prefix: prefix, Reason: prefix + "reason", Summary: prefix + "summary", Hint: prefix + "hint",
		Container: prefix + "container", Severity: prefix + "severity", Since: prefix + "since",
	}
}

// All lists the keys in a fixed order.
func (k Keys) All() []string {
	return []string{k.Reason, k.Summary, k.Hint, k.Container, k.Severity, k.Since}
}

// Current returns the values of our keys present in ann; other keys are not
// ours and are never read or written.
func (k Keys) Current(ann map[string]string) map[string]string {
	out := map[string]string{}
	for _, key := range k.All() {
		if v, ok := ann[key]; ok {
			out[key] = v
		}
	}
	return out
}

// Identity is what makes a diagnosis "the same" for events and `since`:
// the reason and the container. "" means not diagnosed.
func (k Keys) Identity(ours map[string]string) string {
	r := ours[k.Reason]
	if r == "" {
		return ""
	}
	if c := ours[k.Container]; c != "" {
		return r + "/" + c
	}
	return r
}

// Desired returns the annotations d should leave on the pod (empty for a
// healthy pod). `since` keeps the first-diagnosed time from current while the
// identity stays the same, so a summary that changes (a restart count, a node
// count) does not reset it.
//
// This is where the texts of a diagnosis enter the write path: every value
// goes through sanitize.Text (summaries quote messages from the cluster),
// and the Diagnosed event's message is built from these values.
func (k Keys) Desired(d *diagnosis.Diagnosis, current map[string]string, now time.Time) map[string]string {
	out := map[string]string{}
	if d == nil {
		return out
	}
	out[k.Reason] = sanitize.Text(string(d.Reason))
	out[k.Summary] = diagnosis.Truncate(sanitize.Text(d.Summary), MaxSummaryLen)
	if len(d.Hints) > 0 && d.Hints[0] != "" {
		out[k.Hint] = diagnosis.Truncate(sanitize.Text(d.Hints[0]), MaxHintLen)
	}
	if d.Container != "" {
		out[k.Container] = sanitize.Text(d.Container)
	}
	if d.Severity != "" {
		out[k.Severity] = string(d.Severity)
	}
	out[k.Since] = k.since(d, current, now)
	return out
}

func (k Keys) since(d *diagnosis.Diagnosis, current map[string]string, now time.Time) string {
	if prev, ok := current[k.Since]; ok && k.Identity(current) == identityOf(d) {
		if _, err := time.Parse(time.RFC3339, prev); err == nil {
			return prev
		}
	}
	t := d.Since
	if t.IsZero() {
		t = now
	}
	return t.UTC().Format(time.RFC3339)
}

func identityOf(d *diagnosis.Diagnosis) string {
	if d.Container != "" {
		return string(d.Reason) + "/" + d.Container
	}
	return string(d.Reason)
}

// MergePatch returns the JSON merge patch that turns current into desired,
// touching only our keys (null deletes a key), or nil when nothing changes.
// The pod's UID is included so the patch fails instead of annotating a new
// pod that reuses the name (a StatefulSet replacement).
func (k Keys) MergePatch(uid types.UID, current, desired map[string]string) []byte {
	changes := map[string]*string{}
	for _, key := range k.All() {
		cur, had := current[key]
		want, has := desired[key]
		switch {
		case has && (!had || cur != want):
			changes[key] = &want
		case !has && had:
			changes[key] = nil
		}
	}
	if len(changes) == 0 {
		return nil
	}
	meta := map[string]any{"annotations": changes}
	if uid != "" {
		meta["uid"] = uid
	}
	b, err := json.Marshal(map[string]any{"metadata": meta})
	if err != nil { // maps of strings always marshal
		panic(fmt.Sprintf("marshal merge patch: %v", err))
	}
	return b
}

// patchAnnotations applies a merge patch of our keys (MergePatch) to the
// target: the one way pod-doctor writes to a pod or any other object.
func patchAnnotations(ctx context.Context, c client.Client, t target, patch []byte) error {
	return c.Patch(ctx, t.patchObject(), client.RawPatch(types.MergePatchType, patch))
}

// DiagnosedMessage is the event message of the contract:
// "<Reason>: <summary> Hint: <hint>", built from the annotation values so
// the event and the annotations say the same thing.
func (k Keys) DiagnosedMessage(ours map[string]string) string {
	msg := ours[k.Reason] + ": " + ours[k.Summary]
	if h := ours[k.Hint]; h != "" {
		msg += " Hint: " + h
	}
	return msg
}

// RecoveredMessage names what the pod recovered from. Its values are read
// back from the pod, where anyone may have edited them: sanitized again.
func (k Keys) RecoveredMessage(prev map[string]string) string {
	return sanitize.Text(k.recoveredMessage(prev))
}

func (k Keys) recoveredMessage(prev map[string]string) string {
	var b strings.Builder
	b.WriteString("Recovered from ")
	b.WriteString(prev[k.Reason])
	if c := prev[k.Container]; c != "" {
		b.WriteString(" (container ")
		b.WriteString(c)
		b.WriteString(")")
	}
	if s := prev[k.Since]; s != "" {
		b.WriteString(", diagnosed since ")
		b.WriteString(s)
	}
	return b.String()
}

// keepOurs returns only the annotations under prefix, so the cache does not
// hold users' annotations (last-applied-configuration can be many KiB).
// The new map is sized for what it keeps (a clone would keep the buckets
// of every annotation it dropped).
func keepOurs(ann map[string]string, prefix string) map[string]string {
	var out map[string]string
	for k, v := range ann {
		if strings.HasPrefix(k, prefix) {
			if out == nil {
				out = make(map[string]string, len(ourKeyNames))
			}
			out[k] = v
		}
	}
	return out
}

// ourKeyNames are the contract's keys without their prefix (see Keys).
var ourKeyNames = []string{"reason", "summary", "hint", "container", "severity", "since"}
