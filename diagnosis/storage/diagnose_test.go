package storage

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func claim(class *string, phase corev1.PersistentVolumeClaimPhase) *corev1.PersistentVolumeClaim {
	return &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "data", Namespace: "app", CreationTimestamp: metav1.NewTime(t0)},
		Spec:       corev1.PersistentVolumeClaimSpec{StorageClassName: class},
		Status:     corev1.PersistentVolumeClaimStatus{Phase: phase},
	}
}

func event(typ, reason, source, msg string, first, last time.Duration) corev1.Event {
	return corev1.Event{Type: typ, Reason: reason, Message: msg, Source: corev1.EventSource{Component: source}, Count: 1,
		FirstTimestamp: metav1.NewTime(t0.Add(first)), LastTimestamp: metav1.NewTime(t0.Add(last))}
}

func class(name, provisioner string, mode storagev1.VolumeBindingMode, isDefault bool) *storagev1.StorageClass {
	sc := &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Provisioner: provisioner, VolumeBindingMode: &mode}
	if isDefault {
		sc.Annotations = map[string]string{annDefaultClass: "true"}
	}
	return sc
}

func ptr(s string) *string { return &s }

const waitingEBS = "Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."

// TestDiagnose pins the gate and the decisions the fixtures do not reach:
// the exact code, summary and RecheckAt for each input.
func TestDiagnose(t *testing.T) {
	gp3 := ptr("gp3")
	tests := []struct {
		name    string
		in      Input
		reason  diagnosis.Reason // "" = no diagnosis
		summary string
		recheck time.Time
	}{
		{name: "no claim", in: Input{Now: t0.Add(time.Hour)}},
		{name: "bound", in: Input{Claim: claim(gp3, corev1.ClaimBound), Now: t0.Add(time.Hour)}},
		{name: "lost is the pods' concern", in: Input{Claim: claim(gp3, corev1.ClaimLost), Now: t0.Add(time.Hour)}},
		{name: "within grace", in: Input{Claim: claim(gp3, corev1.ClaimPending), Classes: []*storagev1.StorageClass{}, Now: t0.Add(time.Minute)},
			recheck: t0.Add(2 * time.Minute)},
		{name: "empty phase is Pending", in: Input{Claim: claim(gp3, ""), Classes: []*storagev1.StorageClass{}, Now: t0.Add(time.Hour)},
			reason: diagnosis.ReasonStorageClassNotFound, summary: `PVC data cannot be provisioned: StorageClass "gp3" does not exist`},
		{name: "default class resolved, WaitForFirstConsumer, unused", in: Input{Claim: claim(nil, corev1.ClaimPending),
			Classes: []*storagev1.StorageClass{class("standard", "rancher.io/local-path", storagev1.VolumeBindingWaitForFirstConsumer, true)},
			Now:     t0.Add(time.Hour)}},
		{name: "WaitForFirstConsumer used by an unscheduled pod: raw facts", in: Input{Claim: claim(ptr("standard"), corev1.ClaimPending),
			Classes: []*storagev1.StorageClass{class("standard", "rancher.io/local-path", storagev1.VolumeBindingWaitForFirstConsumer, true)},
			Events:  []corev1.Event{event("Normal", "WaitForPodScheduled", pvController, "waiting for pod web-0 to be scheduled", 0, 50*time.Minute)},
			UsedBy:  []string{"web-0"}, Now: t0.Add(time.Hour)},
			reason: diagnosis.ReasonUnclassified, summary: "Abnormal (WaitForPodScheduled): waiting for pod web-0 to be scheduled"},
		{name: `storageClassName "" opts out of provisioning`, in: Input{Claim: claim(ptr(""), corev1.ClaimPending), Classes: []*storagev1.StorageClass{},
			Events: []corev1.Event{event("Normal", eventFailedBinding, pvController, msgNoClass, 0, 50*time.Minute)}, Now: t0.Add(time.Hour)},
			reason: diagnosis.ReasonUnclassified, summary: "Abnormal (FailedBinding): " + msgNoClass},
		{name: "bound by volumeName needs no class", in: func() Input {
			c := claim(ptr("manual"), corev1.ClaimPending)
			c.Spec.VolumeName = "pv-nfs-1"
			return Input{Claim: c, Classes: []*storagev1.StorageClass{}, Now: t0.Add(time.Hour)}
		}(), reason: diagnosis.ReasonUnclassified, summary: "Abnormal (Pending): Pending for 1h with no event about it"},
		{name: "beta annotation wins over spec", in: func() Input {
			c := claim(gp3, corev1.ClaimPending)
			c.Annotations = map[string]string{annBetaStorageClass: "slow"}
			return Input{Claim: c, Classes: []*storagev1.StorageClass{class("gp3", "ebs.csi.aws.com", storagev1.VolumeBindingImmediate, false)}, Now: t0.Add(time.Hour)}
		}(), reason: diagnosis.ReasonStorageClassNotFound, summary: `PVC data cannot be provisioned: StorageClass "slow" does not exist`},
		{name: "not-found event is stale once the class exists", in: Input{Claim: claim(gp3, corev1.ClaimPending),
			Classes: []*storagev1.StorageClass{class("gp3", "ebs.csi.aws.com", storagev1.VolumeBindingImmediate, false)},
			Events:  []corev1.Event{event("Warning", eventProvisioningFailed, pvController, `storageclass.storage.k8s.io "gp3" not found`, 0, 5*time.Minute)},
			Now:     t0.Add(time.Hour)},
			reason: diagnosis.ReasonUnclassified, summary: `Abnormal (ProvisioningFailed): storageclass.storage.k8s.io "gp3" not found`},
		{name: "a success newer than the failure is no failure", in: Input{Claim: claim(gp3, corev1.ClaimPending),
			Events: []corev1.Event{
				event("Warning", eventProvisioningFailed, "ebs.csi.aws.com_ctl-0_u1", "rpc error: code = Internal desc = boom", 10*time.Second, 20*time.Second),
				event("Normal", eventProvisioningSucceeded, "ebs.csi.aws.com_ctl-0_u1", "Successfully provisioned volume pvc-1", 30*time.Second, 30*time.Second),
			}, Now: t0.Add(time.Hour)},
			reason: diagnosis.ReasonUnclassified, summary: "Abnormal (ProvisioningFailed): rpc error: code = Internal desc = boom"},
		{name: "provisioner named from the event source", in: Input{Claim: claim(gp3, corev1.ClaimPending),
			Events: []corev1.Event{event("Warning", eventProvisioningFailed, "hostpath.csi.k8s.io_csi-hostpathplugin-0_9f1c", "rpc error: code = ResourceExhausted desc = requested capacity 10737418240 exceeds maximum allowed 1073741824", 0, 5*time.Minute)},
			Now:    t0.Add(time.Hour)},
			reason: diagnosis.ReasonProvisioningFailed, summary: "Provisioner hostpath.csi.k8s.io fails to create the volume of PVC data: rpc error: code = ResourceExhausted desc = requested capacity 10737418240 exceeds maximum allowed 1073741824"},
		{name: "a late notice restarts the grace period", in: Input{Claim: claim(gp3, corev1.ClaimPending),
			Events: []corev1.Event{event("Normal", eventExternalProvisioning, pvController, waitingEBS, time.Hour, time.Hour+30*time.Second)},
			Now:    t0.Add(time.Hour + time.Minute)},
			recheck: t0.Add(time.Hour + 2*time.Minute)},
		{name: "provisioner answered: in progress, raw facts", in: Input{Claim: claim(gp3, corev1.ClaimPending),
			Events: []corev1.Event{
				event("Normal", eventExternalProvisioning, pvController, waitingEBS, 0, 9*time.Minute),
				event("Normal", eventProvisioning, "ebs.csi.aws.com_ctl-0_u1", `External provisioner is provisioning volume for claim "app/data"`, time.Second, 8*time.Minute),
			}, Now: t0.Add(10 * time.Minute)},
			reason: diagnosis.ReasonUnclassified, summary: "Abnormal (ExternalProvisioning): " + waitingEBS},
		{name: "provisioner silent", in: Input{Claim: claim(gp3, corev1.ClaimPending),
			Events: []corev1.Event{event("Normal", eventExternalProvisioning, pvController, waitingEBS, 0, 9*time.Minute)}, Now: t0.Add(10 * time.Minute)},
			reason: diagnosis.ReasonProvisionerNotRunning, summary: "PVC data has waited 10m for external provisioner ebs.csi.aws.com, which never picked it up: nothing serves ebs.csi.aws.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Diagnose(tt.in, diagnosis.DefaultOptions())
			if !res.RecheckAt.Equal(tt.recheck) {
				t.Errorf("RecheckAt %v, want %v", res.RecheckAt, tt.recheck)
			}
			if res.Diagnosis == nil {
				if tt.reason != "" {
					t.Fatalf("no diagnosis, want %s", tt.reason)
				}
				return
			}
			if res.Diagnosis.Reason != tt.reason || res.Diagnosis.Summary != tt.summary {
				t.Errorf("got %s %q\nwant %s %q", res.Diagnosis.Reason, res.Diagnosis.Summary, tt.reason, tt.summary)
			}
		})
	}
}

func TestGrepTerm(t *testing.T) {
	for in, want := range map[string]string{
		"ebs.csi.aws.com": "ebs", "rancher.io/local-path": "local-path", "driver.longhorn.io": "longhorn",
		"pd.csi.storage.gke.io": "pd", "csi.vsphere.vmware.com": "vsphere", "nfs": "nfs",
	} {
		if got := grepTerm(in); got != want {
			t.Errorf("grepTerm(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWaitedFor(t *testing.T) {
	tests := []struct{ msg, want string }{
		{waitingEBS, "ebs.csi.aws.com"},
		{`waiting for a volume to be created, either by external provisioner "rancher.io/local-path" or manually created by system administrator`, "rancher.io/local-path"},
		{"waiting for first consumer to be created before binding", ""},
	}
	for _, tt := range tests {
		if got := waitedFor(tt.msg); got != tt.want {
			t.Errorf("waitedFor(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}

// TestRuleOrder pins the registry to the catalog's storage codes.
func TestRuleOrder(t *testing.T) {
	want := []diagnosis.Reason{diagnosis.ReasonStorageClassNotFound, diagnosis.ReasonProvisioningFailed, diagnosis.ReasonProvisionerNotRunning}
	got := RuleReasons()
	if len(got) != len(want) {
		t.Fatalf("rules %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("rules %v, want %v", got, want)
		}
		if e, ok := diagnosis.Lookup(want[i]); !ok || e.Category != diagnosis.CategoryStorage {
			t.Errorf("%s: no Storage catalog entry", want[i])
		}
	}
}

// TestOddInputs: whatever a dump holds, the rules themselves never panic
// (diagnose has no safety net).
func TestOddInputs(t *testing.T) {
	odd := []Input{
		{Claim: &corev1.PersistentVolumeClaim{}, Now: t0},
		{Claim: &corev1.PersistentVolumeClaim{}, Classes: []*storagev1.StorageClass{nil, {}}, Events: []corev1.Event{{}, {Reason: eventExternalProvisioning}}, Now: t0},
		{Claim: claim(ptr("x"), corev1.ClaimPending), Classes: []*storagev1.StorageClass{{ObjectMeta: metav1.ObjectMeta{Name: "x"}}},
			Events: []corev1.Event{{Reason: eventProvisioningFailed}, {Reason: eventFailedBinding, Message: msgNoClass}}, UsedBy: []string{""}, Now: t0.Add(time.Hour)},
	}
	for i, in := range odd {
		res := diagnose(in, diagnosis.DefaultOptions())
		if res.Diagnosis == nil || len(res.Diagnosis.Hints) == 0 {
			t.Errorf("%d: %+v", i, res)
		}
	}
}
