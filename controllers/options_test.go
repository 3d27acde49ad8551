package controllers

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	corev1 "k8s.io/api/core/v1"
)

func TestOptionsFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		check   func(o Options) bool
		wantErr string
	}{
		{name: "defaults", check: func(o Options) bool {
			return o.Engine.GracePeriod == 2*time.Minute && o.Output.AnnotationPrefix == "pod-doctor.io/" && o.Manager.LeaderElect && !o.Output.DryRun
		}},
		{name: "scope lists are cleaned, exclusions win", args: []string{"--namespaces=a,b, ,a", "--exclude-namespaces=b"},
			check: func(o Options) bool {
				return reflect.DeepEqual(o.Scope.Namespaces, []string{"a"}) && o.Scope.Allows("a") && !o.Scope.Allows("b") && !o.Scope.Allows("c")
			}},
		{name: "exclude only", args: []string{"--exclude-namespaces=kube-system"},
			check: func(o Options) bool { return o.Scope.Allows("default") && !o.Scope.Allows("kube-system") }},
		{name: "prefix gets its slash", args: []string{"--annotation-prefix=doctor.example.com"},
			check: func(o Options) bool { return o.Output.AnnotationPrefix == "doctor.example.com/" }},
		{name: "engine and manager flags", args: []string{"--grace-period=30s", "--lang=zh", "--max-events-per-pod=5", "--kube-api-qps=-1",
			"--max-concurrent-reconciles=8", "--dry-run", "--leader-elect=false", "--metrics-bind-address=0"},
			check: func(o Options) bool {
				d := o.Engine.DiagnosisOptions()
				return d.GracePeriod == 30*time.Second && d.Lang == "zh" && o.Engine.MaxEventsPerPod == 5 && o.Manager.QPS == -1 &&
					o.Manager.MaxConcurrentReconciles == 8 && o.Output.DryRun && !o.Manager.LeaderElect && o.Manager.MetricsBindAddress == "0"
			}},
		{name: "bad lang", args: []string{"--lang=fr"}, wantErr: "--lang"},
		{name: "engine windows reach the engine", args: []string{"--restart-window=1h", "--init-stuck-threshold=30m"},
			check: func(o Options) bool {
				d := o.Engine.DiagnosisOptions()
				return d.RestartWindow == time.Hour && d.InitStuckThreshold == 30*time.Minute && d.GracePeriod == 2*time.Minute
			}},
		{name: "bad grace", args: []string{"--grace-period=0s"}, wantErr: "--grace-period must be positive, got 0s"},
		{name: "negative restart window", args: []string{"--restart-window=-10m"}, wantErr: "--restart-window must be positive, got -10m0s"},
		{name: "zero init threshold", args: []string{"--init-stuck-threshold=0"}, wantErr: "--init-stuck-threshold must be positive, got 0s"},
		{name: "bad prefix", args: []string{"--annotation-prefix=Not Valid/"}, wantErr: "--annotation-prefix"},
		{name: "everything excluded", args: []string{"--namespaces=a", "--exclude-namespaces=a"}, wantErr: "--namespaces"},
		{name: "bad leases", args: []string{"--leader-election-renew-deadline=20s"}, wantErr: "lease-duration"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := DefaultOptions()
			fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
			o.BindFlags(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			err := o.Validate()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Validate() = %v, want error mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(o) {
				t.Errorf("unexpected options %+v", o)
			}
		})
	}
}

func TestCacheOptions(t *testing.T) {
	o := DefaultOptions()
	o.Scope.ExcludeNamespaces = []string{"kube-system"}
	co := CacheOptions(o)
	if !co.ReaderFailOnMissingInformer {
		t.Error("a stray read must not start an informer")
	}
	for obj, by := range co.ByObject {
		switch obj.(type) {
		case *corev1.Pod:
			t.Errorf("%T must live in the Store, not the manager's cache", obj)
		case *corev1.Event:
			// Only the events about objects beyond pods: those about pods live in the Store.
			want := "involvedObject.kind!=Pod,source!=pod-doctor,metadata.namespace!=kube-system"
			if by.Field == nil || by.Field.String() != want {
				t.Errorf("event selector %v, want %s", by.Field, want)
			}
		case *corev1.PersistentVolumeClaim:
			if by.Field == nil || by.Field.String() != "metadata.namespace!=kube-system" {
				t.Errorf("PVC selector %v", by.Field)
			}
		}
		if by.Transform == nil {
			t.Errorf("%T has no transform", obj)
		}
	}
}
