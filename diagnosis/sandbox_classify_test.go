package diagnosis

import "testing"

// TestSandboxClassifiers pins which runtime message goes to which sandbox
// code, including the near-misses that must not (ENOSPC on a cgroup is not a
// full disk; CRI-O's "retrying requests" reservation is a timeout).
func TestSandboxClassifiers(t *testing.T) {
	type cls struct {
		name string
		fn   func(string) bool
	}
	all := []cls{
		{"NodeDiskFull", isDiskFull}, {"NodeDiskIOError", isDiskIOError},
		{"NodeMemoryAllocationFailed", isMemoryAllocationFailure}, {"PodIPExhausted", isIPExhausted},
		{"ContainerNameConflict", isNameConflict}, {"SandboxImagePullFailed", isSandboxImageFailure},
		{"CNIFailure", isCNIFailure}, {"ContainerRuntimeError", isRuntimeFailure}, {"SandboxCreateTimeout", isTimeout},
	}
	tests := []struct {
		msg  string
		want string // first classifier (in rule order) that must accept it
	}{
		{`Error response from daemon: mkdir /var/lib/docker/aufs/mnt/1f09d6 no space left on device`, "NodeDiskFull"},
		{`mkdir /sys/fs/cgroup/memory/kubepods/besteffort/podc6ee: no space left on device`, "NodeMemoryAllocationFailed"},
		{`read /var/lib/containerd/tmpmounts/m1/etc/passwd: input/output error`, "NodeDiskIOError"},
		{`starting setns process caused \"fork/exec /proc/self/exe: cannot allocate memory\"`, "NodeMemoryAllocationFailed"},
		{`failed to allocate for range 0: no IP addresses available in range set: 10.60.28.1-10.60.28.254`, "PodIPExhausted"},
		{`plugin type="calico" failed (add): failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; No more free affine blocks and strict affinity enabled`, "PodIPExhausted"},
		{`plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container`, "PodIPExhausted"},
		{`Conflict. The container name "/k8s_POD_x" is already in use by container "30aa". You have to remove (or rename) that container`, "ContainerNameConflict"},
		{`failed to reserve sandbox name "a_b_c_0": name "a_b_c_0" is reserved for "ee39"`, "ContainerNameConflict"},
		{`Kubelet may be retrying requests that are timing out in CRI-O due to system load: error reserving pod name k8s_x for id y: name is reserved`, "SandboxCreateTimeout"},
		{`failed to get sandbox image "registry.k8s.io/pause:3.9": failed to pull image "registry.k8s.io/pause:3.9": dial tcp 34.96.108.209:443: i/o timeout`, "SandboxImagePullFailed"},
		{`failed to setup network for sandbox "3c05": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory`, "CNIFailure"},
		{`failed to setup network for sandbox "07eb": add cmd: Error received from AddNetwork gRPC call: rpc error: code = Unavailable desc = connection error`, "CNIFailure"},
		{`ttrpc: client shutting down: read unix @->@/containerd-shim/moby/de2b/shim.sock read: connection reset by peer: unknown`, "ContainerRuntimeError"},
		{`rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial unix /run/containerd/containerd.sock: connect: connection refused"`, "ContainerRuntimeError"},
		{`rpc error: code = DeadlineExceeded desc = context deadline exceeded`, "SandboxCreateTimeout"},
		{`failed to create a sandbox for pod "lomp": operation timeout: context deadline exceeded`, "SandboxCreateTimeout"},
		{`failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "gunicorn": executable file not found in $PATH: unknown`, ""},
	}
	for _, tt := range tests {
		got := ""
		for _, c := range all {
			if c.fn(tt.msg) {
				got = c.name
				break
			}
		}
		if got != tt.want {
			t.Errorf("%q\n  classified %q, want %q", tt.msg, got, tt.want)
		}
	}
}

func TestSandboxTextHelpers(t *testing.T) {
	for _, tt := range []struct{ fn, in, want string }{
		{"plugin", `failed (add): x plugin type="calico" failed`, "calico"},
		{"plugin", `failed to allocate for range 0: no IP addresses available in range set: a-b`, "host-local"},
		{"plugin", `NetworkPlugin cni failed to set up pod "x_ns" network: add cmd: failed to assign an IP address to container`, "aws-cni"},
		{"cnierr", `failed to setup network for sandbox "3c05": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed`, "loadFlannelSubnetEnv failed"},
		{"cnierr", `NetworkPlugin cni failed to set up pod "kube-dns_kube-system" network: stat /var/lib/calico/nodename: no such file`, "stat /var/lib/calico/nodename: no such file"},
		{"runtime", `(combined from similar events): Failed create pod sandbox: rpc error: code = Unknown desc = failed to create a sandbox for pod "x": Error response from daemon: mkdir /a no space left on device`, "mkdir /a no space left on device"},
		{"runtime", `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "x": permission denied: unknown`, `exec: "x": permission denied`},
		{"ids", "in use by container \"30aa3f5847e0ce89e9d411e76783ba14accba7eb7743e605a10a9a862a72c1e2\".", `in use by container "30aa3f5847e0".`},
		{"ids", "pod 65046a06-f795-11e9 keeps uuids", "pod 65046a06-f795-11e9 keeps uuids"},
		{"name", `failed to reserve sandbox name "web_ns_uid_0": name "web_ns_uid_0" is reserved for "ee39"`, "web_ns_uid_0"},
		{"name", `error reserving pod name k8s_auth_ns_uid_0 for id f032`, "k8s_auth_ns_uid_0"},
		{"holder", `error reserving pod name k8s_auth_ns_uid_0 for id f0325581e9547f0087b6e1f6bf1e8f15d5c926f7b1d6694582129358ff54dfb8`, "f0325581e954"},
		{"image", `failed pulling image "k8s.gcr.io/pause:3.1": Error response from daemon`, "k8s.gcr.io/pause:3.1"},
	} {
		var got string
		switch tt.fn {
		case "plugin":
			got = cniPlugin(tt.in)
		case "cnierr":
			got = cniErrorText(tt.in)
		case "runtime":
			got = runtimeErrorText(tt.in)
		case "ids":
			got = shortenIDs(tt.in)
		case "name":
			got = conflictingName(tt.in, "pod")
		case "holder":
			got = nameHolder(tt.in)
		case "image":
			got = sandboxImage(tt.in)
		}
		if got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", tt.fn, tt.in, got, tt.want)
		}
	}
	// Cut at the start of a word, never inside a rune, and within n bytes.
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"aaaa bbbb: no space left on device", 24, "…space left on device"},
		{"short", 24, "short"},
		{"节点磁盘爆满节点磁盘爆满", 10, "…爆满"},
	} {
		if got := truncateLeft(tt.in, tt.n); got != tt.want || len(got) > tt.n {
			t.Errorf("truncateLeft(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
