package controllers

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// scenario is one abnormal pod, end to end: what the kubelet / scheduler
// show, and the code a user must then see.
type scenario struct {
	name, category, reason, container string
	pod                               func(ns string) *corev1.Pod
	status                            func(*corev1.Pod) corev1.PodStatus
	events                            func(*corev1.Pod) []*corev1.Event
	before                            func(t *testing.T, s *suiteEnv, ns string)       // objects the pod needs
	after                             func(t *testing.T, s *suiteEnv, pod *corev1.Pod) // actions once it exists
}

func categoryScenarios() []scenario {
	return []scenario{
		{name: "scheduling", category: "Scheduling", reason: "InsufficientResources",
			pod: func(ns string) *corev1.Pod {
				p := basePod(ns, "big-request")
				p.Spec.NodeName = ""
				p.Spec.Containers[0].Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("64"), corev1.ResourceMemory: resource.MustParse("256Gi")}
				p.Spec.Containers[0].Resources.Limits = nil
				return p
			},
			status: func(p *corev1.Pod) corev1.PodStatus {
				return corev1.PodStatus{Phase: corev1.PodPending, QOSClass: corev1.PodQOSBurstable, Conditions: []corev1.PodCondition{
					cond(corev1.PodScheduled, corev1.ConditionFalse, "Unschedulable", insufficientMsg, ago(time.Minute))}}
			},
			events: func(p *corev1.Pod) []*corev1.Event {
				return []*corev1.Event{schedulerEvent(p, "Warning", "FailedScheduling", insufficientMsg, ago(10*time.Second).Time)}
			}},
		{name: "image", category: "Image", reason: "ImageNotFound", container: "app",
			pod: func(ns string) *corev1.Pod { return imagePod(ns, "web") }, status: imagePullBackOffStatus, events: imagePullEvents},
		{name: "config", category: "Config", reason: "ConfigMapNotFound", container: "app",
			pod: func(ns string) *corev1.Pod {
				p := basePod(ns, "needs-config")
				p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "APP_MODE", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{
					LocalObjectReference: corev1.LocalObjectReference{Name: "app-config"}, Key: "mode"}}}}
				return p
			},
			status: func(p *corev1.Pod) corev1.PodStatus {
				cs := containerStatus(p)
				cs.ContainerID = ""
				cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "CreateContainerConfigError", Message: `configmap "app-config" not found`}
				return podStatus(corev1.PodPending, false, ago(2*time.Minute), cs)
			},
			events: func(p *corev1.Pod) []*corev1.Event {
				first, last := ago(2*time.Minute).Time, ago(5*time.Second).Time
				return []*corev1.Event{
					schedulerScheduled(p, first),
					kubeletEvent(p, "Normal", "Pulled", `Container image "nginx:1.27" already present on machine`, "app", 11, first, last),
					kubeletEvent(p, "Warning", "Failed", `Error: configmap "app-config" not found`, "app", 11, first, last),
				}
			}},
		{name: "runtime", category: "Runtime", reason: "CNIFailure",
			pod: func(ns string) *corev1.Pod { return basePod(ns, "no-network") },
			status: func(p *corev1.Pod) corev1.PodStatus {
				st := creatingStatus(p, 3*time.Minute)
				st.Conditions[0].Status = corev1.ConditionFalse
				return st
			},
			events: func(p *corev1.Pod) []*corev1.Event {
				first, last := ago(3*time.Minute).Time, ago(8*time.Second).Time
				return []*corev1.Event{
					schedulerScheduled(p, first),
					legacyEvent(p, "kubelet", testNode, "Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "5a0c1b3f1e0a4c6e8f2d7b9a1c3e5f7a9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a": plugin type="calico" failed (add): stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/`, "", 14, first, last),
				}
			}},
		{name: "volume", category: "Volume", reason: "VolumeMultiAttach",
			before: func(t *testing.T, s *suiteEnv, ns string) {
				s.boundClaim(t, ns, "data", "pvc-0a1b2c3d-4e5f-4789-abcd-ef0123456789")
			},
			pod: func(ns string) *corev1.Pod {
				p := basePod(ns, "db-0")
				p.Spec.Volumes = []corev1.Volume{{Name: "data", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "data"}}}}
				p.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/var/lib/db"}}
				return p
			},
			status: func(p *corev1.Pod) corev1.PodStatus {
				return creatingStatus(p, 4*time.Minute)
			},
			events: func(p *corev1.Pod) []*corev1.Event {
				first, last := ago(4*time.Minute).Time, ago(15*time.Second).Time
				return []*corev1.Event{
					schedulerScheduled(p, first),
					legacyEvent(p, "attachdetach-controller", "", "Warning", "FailedAttachVolume", `Multi-Attach error for volume "pvc-0a1b2c3d-4e5f-4789-abcd-ef0123456789" Volume is already exclusively attached to one node and can't be attached to another`, "", 1, first, first),
					kubeletEvent(p, "Warning", "FailedMount", "Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[]: timed out waiting for the condition", "", 2, first, last),
				}
			}},
		{name: "crash", category: "Crash", reason: "OOMKilled", container: "app",
			pod: func(ns string) *corev1.Pod { return basePod(ns, "hungry") }, status: oomStatus, events: oomEvents},
		{name: "probe", category: "Probe", reason: "ReadinessProbeFailed", container: "app",
			pod: func(ns string) *corev1.Pod {
				p := basePod(ns, "not-ready")
				p.Spec.Containers[0].ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromInt32(8080)}},
					PeriodSeconds: 10, TimeoutSeconds: 1, FailureThreshold: 3, SuccessThreshold: 1}
				return p
			},
			status: func(p *corev1.Pod) corev1.PodStatus {
				at := ago(5 * time.Minute)
				cs := containerStatus(p)
				cs.Started = ptr.To(true)
				cs.State.Running = &corev1.ContainerStateRunning{StartedAt: at}
				return podStatus(corev1.PodRunning, false, at, cs)
			},
			events: func(p *corev1.Pod) []*corev1.Event {
				first, last := ago(5*time.Minute).Time, ago(3*time.Second).Time
				return []*corev1.Event{kubeletEvent(p, "Warning", "Unhealthy",
					`Readiness probe failed: Get "http://10.244.1.17:8080/healthz": dial tcp 10.244.1.17:8080: connect: connection refused`, "app", 31, first, last)}
			}},
		{name: "termination", category: "Termination", reason: "FinalizerBlocking",
			pod: func(ns string) *corev1.Pod {
				p := basePod(ns, "held")
				p.Finalizers = []string{"example.com/cleanup"}
				return p
			},
			status: func(p *corev1.Pod) corev1.PodStatus {
				cs := containerStatus(p)
				cs.State.Terminated = &corev1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", StartedAt: ago(10 * time.Minute), FinishedAt: ago(time.Minute)}
				return podStatus(corev1.PodSucceeded, false, ago(10*time.Minute), cs)
			},
			// Deleting it starts the clock: nothing else happens to the pod, so
			// the diagnosis proves the requeue at the engine's RecheckAt.
			after: func(t *testing.T, s *suiteEnv, p *corev1.Pod) {
				if err := s.admin.Delete(context.Background(), p, client.GracePeriodSeconds(0)); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "eviction", category: "Eviction", reason: "Evicted",
			pod: func(ns string) *corev1.Pod { return basePod(ns, "evicted") },
			status: func(p *corev1.Pod) corev1.PodStatus {
				cs := containerStatus(p)
				cs.State.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "ContainerStatusUnknown",
					Message: "The container could not be located when the pod was terminated", StartedAt: ago(time.Hour), FinishedAt: ago(time.Minute)}
				st := podStatus(corev1.PodFailed, false, ago(time.Hour), cs)
				st.Reason, st.Message = "Evicted", evictedMsg
				st.PodIP = ""
				return st
			},
			events: func(p *corev1.Pod) []*corev1.Event {
				at := ago(time.Minute).Time
				return []*corev1.Event{
					kubeletEvent(p, "Warning", "Evicted", evictedMsg, "", 1, at, at),
					kubeletEvent(p, "Normal", "Killing", "Stopping container app", "app", 1, at, at),
				}
			}},
		{name: "unknown", category: "Unknown", reason: "Unclassified", container: "app",
			pod: func(ns string) *corev1.Pod { return basePod(ns, "odd") },
			status: func(p *corev1.Pod) corev1.PodStatus {
				cs := containerStatus(p)
				cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "QuotaReservationPending", Message: "waiting for the device plugin to hand out a slot"}
				return podStatus(corev1.PodPending, false, ago(time.Minute), cs)
			}},
	}
}

const (
	insufficientMsg = "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
	evictedMsg      = "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91868Ki. Container app was using 1514000Ki, request is 0, has larger consumption of memory. "
)

// TestCategoriesEndToEnd: one pod per category, diagnosed by the running
// controller, checked the way a user would with the real kubectl. (The Node
// category is TestNodeNotReadyEnqueuesItsPods.)
func TestCategoriesEndToEnd(t *testing.T) {
	s := shared(t)
	for _, sc := range categoryScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			ns := s.newNamespace(t, "cat-"+sc.name, nil)
			if sc.before != nil {
				sc.before(t, s, ns)
			}
			pod := s.createPod(t, sc.pod(ns), sc.status, sc.events)
			if sc.after != nil {
				sc.after(t, s, pod)
			}
			got := s.waitReason(t, ns, pod.Name, sc.reason)
			s.assertDiagnosis(t, got, sc.reason, sc.container)
			if v := metricValue(RegisteredMetrics().PodsDiagnosed.WithLabelValues(ns, sc.reason, sc.category, got.Annotations[testKeys.Severity])); v < 1 {
				t.Errorf("%s{reason=%s,category=%s} = %v, want >= 1", MetricPodsDiagnosed, sc.reason, sc.category, v)
			}
		})
	}
}

// assertDiagnosis checks the annotations, the one Diagnosed event, and what
// kubectl get / describe show.
func (s *suiteEnv) assertDiagnosis(t *testing.T, pod *corev1.Pod, reason, container string) {
	t.Helper()
	a := pod.Annotations
	if a[testKeys.Container] != container {
		t.Errorf("container annotation %q, want %q", a[testKeys.Container], container)
	}
	for _, k := range []string{testKeys.Summary, testKeys.Severity, testKeys.Since} {
		if a[k] == "" {
			t.Errorf("annotation %s missing: %v", k, a)
		}
	}
	if _, err := time.Parse(time.RFC3339, a[testKeys.Since]); err != nil {
		t.Errorf("since %q is not RFC 3339", a[testKeys.Since])
	}
	// The event carries the summary of the moment it was written; the
	// annotations may have been refined since (a count, a quoted message).
	evs := s.waitEvents(t, pod, 1)
	e := evs[0]
	if len(evs) != 1 || e.Type != corev1.EventTypeWarning || e.Reason != EventReasonDiagnosed ||
		!strings.HasPrefix(e.Message, reason+": ") || !strings.Contains(e.Message, " Hint: ") || e.Source.Component != ControllerName {
		t.Errorf("pod-doctor events = %v, want one Warning Diagnosed %q", eventSummaries(evs), testKeys.DiagnosedMessage(a))
	}
	out := s.kubectl(t, "get", "pods", "-n", pod.Namespace, "-o", `custom-columns=NAME:.metadata.name,REASON:.metadata.annotations.pod-doctor\.io/reason`)
	if !hasRow(out, pod.Name, reason) {
		t.Errorf("kubectl get pods shows\n%s\nwant a row %q %q", out, pod.Name, reason)
	}
	desc := s.kubectl(t, "describe", "pod", pod.Name, "-n", pod.Namespace)
	for _, want := range []string{"Diagnosed", ControllerName, e.Message, "Hint: " + a[testKeys.Hint]} {
		if !strings.Contains(desc, want) {
			t.Errorf("kubectl describe pod lacks %q:\n%s", want, desc)
		}
	}
}

func hasRow(table, name, reason string) bool {
	for _, line := range strings.Split(table, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == name && f[1] == reason {
			return true
		}
	}
	return false
}

// TestNodeNotReadyEnqueuesItsPods: a healthy pod turns NodeLost when only its
// node changes (the node watch and the spec.nodeName index).
func TestNodeNotReadyEnqueuesItsPods(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ctx := context.Background()
	ns := s.newNamespace(t, "node", nil)
	node := "node-" + ns
	if err := createNode(ctx, s.admin, node, corev1.ConditionTrue); err != nil {
		t.Fatal(err)
	}
	p := basePod(ns, "on-failing-node")
	p.Spec.NodeName = node
	pod := s.createPod(t, p, runningStatus, nil)
	bystander := s.createPod(t, basePod(ns, "on-other-node"), runningStatus, nil)
	s.barrier(t, ns)
	if a := s.getPod(t, ns, pod.Name).Annotations; a[testKeys.Reason] != "" {
		t.Fatalf("healthy pod diagnosed: %v", a)
	}
	if err := setNodeReady(ctx, s.admin, node, corev1.ConditionUnknown); err != nil {
		t.Fatal(err)
	}
	got := s.waitReason(t, ns, pod.Name, "NodeLost")
	s.assertDiagnosis(t, got, "NodeLost", "")
	if v := metricValue(RegisteredMetrics().PodsDiagnosed.WithLabelValues(ns, "NodeLost", "Node", got.Annotations[testKeys.Severity])); v < 1 {
		t.Errorf("gauge for NodeLost/Node = %v", v)
	}
	if a := s.getPod(t, ns, bystander.Name).Annotations; a[testKeys.Reason] != "" {
		t.Errorf("pod on a healthy node diagnosed: %v", a)
	}
}

// TestDiagnosisChangesAndRecovers: ImagePullBackOff → fixed → OOMKilled.
// Each new identity gets one Diagnosed event, the fix one Recovered event and
// the removal of every key, and the user's annotations are never touched.
func TestDiagnosisChangesAndRecovers(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ns := s.newNamespace(t, "change", nil)
	userAnn := map[string]string{"team": "payments", "pod-doctor.io/note": "owned by the user", "example.com/checksum": "abc123"}
	p := imagePod(ns, "api")
	p.Annotations = userAnn
	pod := s.createPod(t, p, imagePullBackOffStatus, imagePullEvents)

	got := s.waitReason(t, ns, pod.Name, "ImageNotFound")
	assertUserAnnotations(t, got, userAnn)
	firstSince := got.Annotations[testKeys.Since]

	// Fixed: the image was pushed, the container runs and is ready.
	s.setStatus(t, pod, runningStatus)
	got = s.waitReason(t, ns, pod.Name, "")
	for _, k := range testKeys.All() {
		if _, ok := got.Annotations[k]; ok {
			t.Errorf("annotation %s left after recovery", k)
		}
	}
	assertUserAnnotations(t, got, userAnn)
	evs := s.waitEvents(t, pod, 2)
	if e := evs[1]; e.Type != corev1.EventTypeNormal || e.Reason != EventReasonRecovered || !strings.Contains(e.Message, "ImageNotFound") {
		t.Errorf("second event = %s %s %q, want Normal Recovered from ImageNotFound", e.Type, e.Reason, e.Message)
	}

	// Then it runs out of memory.
	s.setStatus(t, pod, oomStatus)
	s.createEvents(t, oomEvents(pod)...)
	got = s.waitReason(t, ns, pod.Name, "OOMKilled")
	assertUserAnnotations(t, got, userAnn)
	if got.Annotations[testKeys.Since] == firstSince {
		t.Errorf("since %s kept across a change of diagnosis", firstSince)
	}
	evs = s.waitEvents(t, pod, 3)
	want := []string{"Warning Diagnosed ImageNotFound", "Normal Recovered", "Warning Diagnosed OOMKilled"}
	if len(evs) != 3 {
		t.Fatalf("events %v, want %v", eventSummaries(evs), want)
	}
	for i, e := range evs {
		if w := strings.Fields(want[i]); e.Type != w[0] || e.Reason != w[1] || (len(w) > 2 && !strings.HasPrefix(e.Message, w[2]+":")) {
			t.Errorf("event %d = %s %s %q, want %s", i, e.Type, e.Reason, e.Message, want[i])
		}
	}
	s.assertQuiet(t, pod, 3)
}

func assertUserAnnotations(t *testing.T, pod *corev1.Pod, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if pod.Annotations[k] != v {
			t.Errorf("user annotation %s = %q, want %q", k, pod.Annotations[k], v)
		}
	}
}

// assertQuiet checks that nothing more is written about the pod for a while.
func (s *suiteEnv) assertQuiet(t *testing.T, pod *corev1.Pod, events int) {
	t.Helper()
	before := s.getPod(t, pod.Namespace, pod.Name).ResourceVersion
	time.Sleep(1500 * time.Millisecond)
	if after := s.getPod(t, pod.Namespace, pod.Name).ResourceVersion; after != before {
		t.Errorf("pod written again while unchanged (resourceVersion %s -> %s)", before, after)
	}
	if evs := s.ourEvents(t, pod); len(evs) != events {
		t.Errorf("events %v, want %d", eventSummaries(evs), events)
	}
}

// countingClient counts every write a reconciler makes.
type countingClient struct {
	client.Client
	writes int
}

func (c *countingClient) Create(ctx context.Context, obj client.Object, opts ...client.CreateOption) error {
	c.writes++
	return c.Client.Create(ctx, obj, opts...)
}

func (c *countingClient) Patch(ctx context.Context, obj client.Object, p client.Patch, opts ...client.PatchOption) error {
	c.writes++
	return c.Client.Patch(ctx, obj, p, opts...)
}

func (c *countingClient) Update(ctx context.Context, obj client.Object, opts ...client.UpdateOption) error {
	c.writes++
	return c.Client.Update(ctx, obj, opts...)
}

func (c *countingClient) Delete(ctx context.Context, obj client.Object, opts ...client.DeleteOption) error {
	c.writes++
	return c.Client.Delete(ctx, obj, opts...)
}

// TestZeroWritesOnUnchangedPod reconciles a diagnosed and a healthy pod 1,000
// times each with a fresh reconciler (as after a controller restart) over the
// main replica's caches: zero writes.
func TestZeroWritesOnUnchangedPod(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ns := s.newNamespace(t, "quiet", nil)
	sick := s.createPod(t, imagePod(ns, "sick"), imagePullBackOffStatus, imagePullEvents)
	healthy := s.createPod(t, basePod(ns, "healthy"), runningStatus, nil)
	s.waitReason(t, ns, sick.Name, "ImageNotFound")
	s.waitEvents(t, sick, 1)
	// The main replica's store must have seen its own patch before we read it.
	if !poll(waitTimeout, func() bool {
		p, ok, _ := s.reconciler.Pods.Pod(client.ObjectKeyFromObject(sick))
		return ok && p.Annotations[testKeys.Reason] == "ImageNotFound"
	}) {
		t.Fatal("cache never showed the annotations")
	}

	cc := &countingClient{Client: s.mgr.GetClient()}
	opts := testOptions("zero-writes")
	if err := opts.Validate(); err != nil {
		t.Fatal(err)
	}
	m := NewMetrics()
	r := NewPodReconciler(cc, s.reconciler.Pods, opts, m)
	ctx := context.Background()
	for _, p := range []*corev1.Pod{sick, healthy} {
		for i := 0; i < 1000; i++ {
			if _, err := r.Reconcile(ctx, req(p.Namespace, p.Name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if cc.writes != 0 {
		t.Errorf("%d API writes over 2,000 reconciles of unchanged pods, want 0", cc.writes)
	}
	if w := metricValue(m.APIWrites.WithLabelValues(writePatch)) + metricValue(m.APIWrites.WithLabelValues(writeEvent)); w != 0 {
		t.Errorf("%s = %v, want 0", MetricAPIWrites, w)
	}
	if d := metricValue(m.Diagnoses.WithLabelValues("ImageNotFound", "Pod")); d != 0 {
		t.Errorf("a restarted controller counted the existing diagnosis again (%v)", d)
	}
	if g := metricValue(m.PodsDiagnosed.WithLabelValues(sick.Namespace, "ImageNotFound", "Image", "Critical")); g != 1 {
		t.Errorf("gauge after 1,000 reconciles = %v, want 1", g)
	}
	if n := metricValue(m.EngineDuration); n != 2000 {
		t.Errorf("engine duration observations = %v, want 2000", n)
	}
	// Deleting the pod removes it from the gauge.
	if err := s.admin.Delete(ctx, sick); err != nil {
		t.Fatal(err)
	}
	if !poll(waitTimeout, func() bool {
		_, _ = r.Reconcile(ctx, req(sick.Namespace, sick.Name))
		return metricValue(m.PodsDiagnosed.WithLabelValues(sick.Namespace, "ImageNotFound", "Image", "Critical")) == 0
	}) {
		t.Error("gauge kept a deleted pod")
	}
}

// TestRecheckAtRequeue: a pod nobody has tried to schedule yet is normal for
// the grace period; nothing changes afterwards, yet it is diagnosed right when
// the grace period ends — the engine's RecheckAt, not a poll.
func TestRecheckAtRequeue(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ns := s.newNamespace(t, "recheck", nil)
	p := basePod(ns, "unscheduled")
	p.Spec.NodeName = ""
	pod := s.createPod(t, p, nil, nil)
	deadline := pod.CreationTimestamp.Add(testGrace)
	var seen time.Time
	poll(waitTimeout, func() bool {
		if s.getPod(t, ns, pod.Name).Annotations[testKeys.Reason] != "" {
			seen = time.Now()
			return true
		}
		return false
	})
	got := s.getPod(t, ns, pod.Name).Annotations[testKeys.Reason]
	switch {
	case seen.IsZero():
		t.Fatal("pod never diagnosed after its grace period")
	case got != "SchedulerNotRunning":
		t.Errorf("reason %q, want SchedulerNotRunning", got)
	case seen.Before(deadline):
		t.Errorf("diagnosed at %s, before the grace period ended at %s", seen.Format(time.StampMilli), deadline.Format(time.StampMilli))
	case seen.After(deadline.Add(time.Second)):
		t.Errorf("diagnosed %s after the grace period ended", seen.Sub(deadline))
	}
}

// TestIgnoreLabel: the opt-out label on a pod or on its namespace.
func TestIgnoreLabel(t *testing.T) {
	s := shared(t)
	t.Parallel()
	ctx := context.Background()
	ns := s.newNamespace(t, "ignore", nil)
	ignoredNS := s.newNamespace(t, "ignore-ns", map[string]string{IgnoreLabel: "true"})

	p := imagePod(ns, "opted-out")
	p.Labels[IgnoreLabel] = "true"
	optedOut := s.createPod(t, p, imagePullBackOffStatus, imagePullEvents)
	inIgnoredNS := s.createPod(t, imagePod(ignoredNS, "in-ignored-ns"), imagePullBackOffStatus, imagePullEvents)
	s.barrier(t, ns)
	for _, p := range []*corev1.Pod{optedOut, inIgnoredNS} {
		if a := s.getPod(t, p.Namespace, p.Name).Annotations; len(a) != 0 {
			t.Errorf("ignored pod %s annotated: %v", p.Name, a)
		}
		if evs := s.ourEvents(t, p); len(evs) != 0 {
			t.Errorf("ignored pod %s got events %v", p.Name, eventSummaries(evs))
		}
	}

	// Removing the label from the namespace brings its pods in (namespace watch).
	nsObj := &corev1.Namespace{}
	if err := s.admin.Get(ctx, types.NamespacedName{Name: ignoredNS}, nsObj); err != nil {
		t.Fatal(err)
	}
	delete(nsObj.Labels, IgnoreLabel)
	if err := s.admin.Update(ctx, nsObj); err != nil {
		t.Fatal(err)
	}
	s.waitReason(t, ignoredNS, inIgnoredNS.Name, "ImageNotFound")

	// Removing it from the pod does the same; adding it back removes our
	// annotations silently (no Recovered event: the pod did not recover).
	patchLabel(t, s, optedOut, nil)
	s.waitReason(t, ns, optedOut.Name, "ImageNotFound")
	patchLabel(t, s, optedOut, ptr.To("true"))
	s.waitReason(t, ns, optedOut.Name, "")
	time.Sleep(500 * time.Millisecond)
	if evs := s.ourEvents(t, optedOut); len(evs) != 1 || evs[0].Reason != EventReasonDiagnosed {
		t.Errorf("events %v, want only the Diagnosed one", eventSummaries(evs))
	}
}

func patchLabel(t *testing.T, s *suiteEnv, pod *corev1.Pod, value *string) {
	t.Helper()
	v := "null"
	if value != nil {
		v = fmt.Sprintf("%q", *value)
	}
	patch := fmt.Sprintf(`{"metadata":{"labels":{%q:%s}}}`, IgnoreLabel, v)
	if err := s.admin.Patch(context.Background(), pod.DeepCopy(), client.RawPatch(types.MergePatchType, []byte(patch))); err != nil {
		t.Fatal(err)
	}
}

// TestNamespaceScoping runs a second controller with --namespaces and
// --exclude-namespaces; the main replica excludes those namespaces too.
func TestNamespaceScoping(t *testing.T) {
	s := shared(t)
	t.Parallel()
	opts := parseOptions(t, "--namespaces="+nsOnly+","+nsExcluded, "--exclude-namespaces="+nsExcluded)
	opts.Output.Instance = "replica-scoped"
	_, _, stop, err := runManager(s.saConfig, opts, s.logs)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	inScope := s.createPod(t, imagePod(nsOnly, uniqueName("in-scope")), imagePullBackOffStatus, imagePullEvents)
	excluded := s.createPod(t, imagePod(nsExcluded, uniqueName("excluded")), imagePullBackOffStatus, imagePullEvents)
	s.waitReason(t, nsOnly, inScope.Name, "ImageNotFound")
	evs := s.waitEvents(t, inScope, 1)
	if evs[0].ReportingInstance != "replica-scoped" || len(evs) != 1 {
		t.Errorf("in-scope pod events %v by %q, want one by the scoped replica only", eventSummaries(evs), evs[0].ReportingInstance)
	}
	time.Sleep(time.Second)
	if a := s.getPod(t, nsExcluded, excluded.Name).Annotations; len(a) != 0 {
		t.Errorf("pod in an excluded namespace annotated: %v", a)
	}
	// Pods outside --namespaces are left to the main replica alone.
	ns := s.newNamespace(t, "scope-other", nil)
	other := s.createPod(t, imagePod(ns, "other"), imagePullBackOffStatus, imagePullEvents)
	s.waitReason(t, ns, other.Name, "ImageNotFound")
	if evs := s.waitEvents(t, other, 1); evs[0].ReportingInstance != mainInstance {
		t.Errorf("pod outside --namespaces handled by %q", evs[0].ReportingInstance)
	}
}

// TestDryRun: --dry-run diagnoses and logs, and writes nothing.
func TestDryRun(t *testing.T) {
	s := shared(t)
	t.Parallel()
	opts := parseOptions(t, "--dry-run", "--namespaces="+nsDryRun)
	opts.Output.Instance = "replica-dry-run"
	logs := &syncBuffer{}
	_, r, stop, err := runManager(s.saConfig, opts, logs)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	pod := s.createPod(t, imagePod(nsDryRun, uniqueName("would-be-annotated")), imagePullBackOffStatus, imagePullEvents)
	if !poll(waitTimeout, func() bool {
		l := logs.String()
		return strings.Contains(l, "dry-run: would patch annotations") && strings.Contains(l, pod.Name) && strings.Contains(l, "ImageNotFound")
	}) {
		t.Fatalf("no dry-run log line for the pod:\n%s", logs.tail(20))
	}
	time.Sleep(time.Second)
	if a := s.getPod(t, nsDryRun, pod.Name).Annotations; len(a) != 0 {
		t.Errorf("dry run annotated the pod: %v", a)
	}
	if evs := s.ourEvents(t, pod); len(evs) != 0 {
		t.Errorf("dry run wrote events: %v", eventSummaries(evs))
	}
	// A reconcile of the unchanged pod logs no new "would" lines.
	n := strings.Count(logs.String(), "dry-run: would")
	if _, err := r.Reconcile(context.Background(), req(nsDryRun, pod.Name)); err != nil {
		t.Fatal(err)
	}
	if m := strings.Count(logs.String(), "dry-run: would"); m != n {
		t.Errorf("dry run repeated itself on an unchanged pod (%d -> %d lines)", n, m)
	}
}

func parseOptions(t *testing.T, args ...string) Options {
	t.Helper()
	opts := testOptions("")
	fs := newFlagSet()
	opts.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return opts
}
