package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pod-doctor/pod-doctor/internal/live"
	"github.com/pod-doctor/pod-doctor/internal/livetest"
	"github.com/pod-doctor/pod-doctor/internal/testenv"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		args    []string
		want    target
		wantErr string
	}{
		{nil, target{}, ""},
		{[]string{"web-0"}, target{"Pod", "web-0"}, ""},
		{[]string{"pod/web-0"}, target{"Pod", "web-0"}, ""},
		{[]string{"deploy/web"}, target{"Deployment", "web"}, ""},
		{[]string{"svc/web"}, target{"Service", "web"}, ""},
		{[]string{"ns/shop"}, target{"Namespace", "shop"}, ""},
		{[]string{"secret/x"}, target{}, `cannot read "secret/x" as TYPE/NAME (types: pod, deploy, rs, sts, ds, job, cronjob, svc, ing, pvc, ns)`},
		{[]string{"deploy/"}, target{}, `cannot read "deploy/" as TYPE/NAME (types: pod, deploy, rs, sts, ds, job, cronjob, svc, ing, pvc, ns)`},
		{[]string{"a", "b"}, target{}, "at most one object, got 2 arguments"},
	}
	for _, tt := range tests {
		got, err := parseTarget(tt.args)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%v: error %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%v: %+v, %v; want %+v", tt.args, got, err, tt.want)
		}
	}
}

// TestKubectlPlugin: the real kubectl finds the binary installed as
// kubectl-doctor on PATH, and `kubectl doctor` diagnoses a real API server
// with kubectl's own flags (--kubeconfig, -n, --request-timeout).
func TestKubectlPlugin(t *testing.T) {
	env, cfg := testenv.Start(t)
	kc := kubeconfigFor(t, env, cfg)
	cs, err := live.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := livetest.Populate(context.Background(), cs, "shop", 6, 3, 2); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := buildBinary(t)
	for _, name := range []string{pluginName, completeName} {
		if err := os.Symlink(bin, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	kubectl := testenv.Tool(t, "kubectl")
	run := func(args ...string) (string, string, int) {
		cmd := exec.Command(kubectl, args...)
		cmd.Env = append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"), "KUBECONFIG="+kc)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		code := exitCode(cmd.Run())
		return out.String(), errOut.String(), code
	}
	if out, stderr, code := run("plugin", "list"); !strings.Contains(out, filepath.Join(dir, pluginName)) {
		t.Fatalf("kubectl plugin list (exit %d) does not find %s:\n%s%s", code, pluginName, out, stderr)
	}
	out, stderr, code := run("doctor", "-n", "shop", "--request-timeout=30s", "-o", "json")
	if recs := decodeRecords(t, out); code != 0 || len(recs) != 3 {
		t.Fatalf("kubectl doctor -n shop: exit %d, %d records, want 3 (stderr %q)\n%s", code, len(recs), stderr, out)
	}
	out, _, code = run("doctor", livetest.PodName(0), "-n", "shop", "-o", "json")
	if recs := decodeRecords(t, out); code != 0 || len(recs) != 1 || recs[0]["reason"] != "ImageNotFound" {
		t.Fatalf("kubectl doctor %s: exit %d, %v", livetest.PodName(0), code, recs)
	}
	if _, stderr, code := run("doctor", "deploy/nope", "-n", "shop"); code != 1 || lastLine(stderr) != `pod-doctor: deployment "nope" not found in namespace "shop"` {
		t.Errorf("kubectl doctor deploy/nope: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code := run("doctor", "-n", "shop", "--fail-on", "Warning"); code != 3 {
		t.Errorf("kubectl doctor --fail-on Warning: exit %d, want 3 (stderr %q)", code, stderr)
	}
	// kubectl's own completion relays kubectl_complete-doctor's answers.
	for _, tc := range []struct{ partial, want string }{
		{"pod-0000", "pod-00000\npod-00001\npod-00002\npod-00003\npod-00004\npod-00005\n:4\n"},
		{"ns/sh", "ns/shop\n:4\n"},
		{"de", "deploy/\n:4\n"},
	} {
		if out, stderr, _ := run("__complete", "doctor", "-n", "shop", tc.partial); out != tc.want {
			t.Errorf("completing %q: %q, want %q (stderr %q)", tc.partial, out, tc.want, stderr)
		}
	}
}
