package dump

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// compactEvent keeps what the engine and the grouping read of an event
// (diagnosis.toEvent, group) and shares repeated strings between events:
// a pod in a crash loop for days can carry a hundred thousand events that
// differ only in their timestamps.
func (o *Objects) compactEvent(e *corev1.Event) corev1.Event {
	out := corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Namespace: o.str(e.Namespace), CreationTimestamp: e.CreationTimestamp},
		InvolvedObject: corev1.ObjectReference{
			Kind: o.str(e.InvolvedObject.Kind), Namespace: o.str(e.InvolvedObject.Namespace),
			Name: e.InvolvedObject.Name, UID: e.InvolvedObject.UID, FieldPath: o.str(e.InvolvedObject.FieldPath),
		},
		Reason:              o.str(e.Reason),
		Message:             o.str(e.Message),
		Type:                o.str(e.Type),
		Source:              corev1.EventSource{Component: o.str(e.Source.Component)},
		ReportingController: o.str(e.ReportingController),
		Count:               e.Count,
		FirstTimestamp:      e.FirstTimestamp,
		LastTimestamp:       e.LastTimestamp,
		EventTime:           e.EventTime,
	}
	if e.Series != nil {
		out.Series = &corev1.EventSeries{Count: e.Series.Count, LastObservedTime: e.Series.LastObservedTime}
	}
	return out
}

// str interns a string.
func (o *Objects) str(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := o.intern[s]; ok {
		return v
	}
	o.intern[s] = s
	return s
}
