package sweep

import (
	"maps"
	"testing"
)

func TestParseKinds(t *testing.T) {
	tests := []struct {
		in      string
		want    map[string]bool
		wantErr string
	}{
		{in: "", want: nil},
		{in: "deploy,svc", want: map[string]bool{"Deployment": true, "Service": true}},
		{in: " Pods , PVC,ns", want: map[string]bool{"Pod": true, "PersistentVolumeClaim": true, "Namespace": true}},
		{in: "statefulsets,cj,ing,rs,ds,job", want: map[string]bool{"StatefulSet": true, "CronJob": true, "Ingress": true, "ReplicaSet": true, "DaemonSet": true, "Job": true}},
		{in: "deploy,secrets", wantErr: `unknown kind "secrets" in --kinds (want pods, deploy, rs, sts, ds, job, cronjob, svc, ing, pvc, ns)`},
		{in: "deploy,", wantErr: `unknown kind "" in --kinds (want pods, deploy, rs, sts, ds, job, cronjob, svc, ing, pvc, ns)`},
	}
	for _, tt := range tests {
		got, err := ParseKinds(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseKinds(%q) error %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !maps.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("ParseKinds(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}
