package diagnosis

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Runtime errors as kubelet events carry them (after `Failed to pull image "x": `),
// one per wording the classifier must know. Sources are in the fixtures.
func TestClassifyPullError(t *testing.T) {
	tests := []struct {
		in   string
		want Reason
	}{
		{"", ""},
		{`rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:not-exist": failed to resolve reference "docker.io/library/nginx:not-exist": docker.io/library/nginx:not-exist: not found`, ReasonImageNotFound},
		{"rpc error: code = Unknown desc = Error response from daemon: manifest for imroc/test:v0.2 not found", ReasonImageNotFound},
		{"rpc error: code = Unknown desc = Error response from daemon: manifest for lachlanevenson/k8s-kubectl:v1.18.20 not found: manifest unknown: manifest unknown", ReasonImageNotFound},
		{"rpc error: code = Unknown desc = initializing source docker://quay.io/okd/scos-content@sha256:6371: reading manifest sha256:6371 in quay.io/okd/scos-content: manifest unknown", ReasonImageNotFound},
		{`rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/controller:latest": failed to resolve reference "docker.io/library/controller:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`, ReasonImagePullUnauthorized},
		{"rpc error: code = Unknown desc = Error response from daemon: pull access denied for octarinesec/kubescan-scanner-ui, repository does not exist or may require 'docker login': denied: requested access to the resource is denied", ReasonImagePullUnauthorized},
		{`failed to resolve reference "proxy.replicated.com/proxy/gitpod/busybox:1": failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized`, ReasonImagePullUnauthorized},
		{"failed to authorize: failed to fetch oauth token: unexpected status: 403 Forbidden", ReasonImagePullUnauthorized},
		{"rpc error: code = Unknown desc = Error response from daemon: Get https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/app/manifests/v1: no basic auth credentials", ReasonImagePullUnauthorized},
		{"rpc error: code = Unknown desc = Error response from daemon: Get xxx: denied: You may not login yet", ReasonImagePullUnauthorized},
		{"Error reading manifest latest in docker.io/crio/busybox: errors:\ndenied: requested access to the resource is denied\nunauthorized: authentication required", ReasonImagePullUnauthorized},
		{"reading manifest 1.0.0 in quay.io/open-cluster-management/multiclusterhub-operator-index: unauthorized: access to the requested resource is not authorized", ReasonImagePullUnauthorized},
		{"rpc error: code = Unknown desc = Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit", ReasonImagePullRateLimited},
		{"failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/busybox/manifests/sha256:50aa: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.", ReasonImagePullRateLimited},
		{"ERROR: toomanyrequests: Too Many Requests.", ReasonImagePullRateLimited},
		{`failed to do request: Head "https://localhost:7439/v2/x/manifests/1": http: server gave HTTP response to HTTPS client`, ReasonRegistryInsecureHTTP},
		{`failed to do request: Head "https://registry.k8s.io/v2/coredns/coredns/manifests/v1.11.1": tls: failed to verify certificate: x509: certificate signed by unknown authority`, ReasonRegistryCertUntrusted},
		{"rpc error: code = Unknown desc = error pulling image configuration: xxx x509: certificate signed by unknown authority", ReasonRegistryCertUntrusted},
		{"x509: certificate has expired or is not yet valid: current time 2024-05-01T10:00:00Z is after 2024-04-30T00:00:00Z", ReasonRegistryCertUntrusted},
		{`failed to do request: Head "https://registry.example.com/v2/a/manifests/1": dial tcp: lookup registry.example.com on 10.0.0.10:53: no such host`, ReasonRegistryUnreachable},
		{"Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: server misbehaving", ReasonRegistryUnreachable},
		{"failed to do request: Get \"https://production.cloudflare.docker.com/x\": dial tcp 104.18.124.25:443: connect: connection refused", ReasonRegistryUnreachable},
		{"Get https://k8s.gcr.io/v2/: dial tcp 74.125.203.82:443: i/o timeout", ReasonRegistryUnreachable},
		{"dial tcp 10.1.2.3:443: connect: network is unreachable", ReasonRegistryUnreachable},
		{"Error response from daemon: Get https://registry-1.docker.io/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)", ReasonRegistryUnreachable},
		{`rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "docker.io/library/redis:latest": failed to resolve reference "docker.io/library/redis:latest": failed to authorize: failed to fetch anonymous token: Get "https://auth.docker.io/token": dial tcp 108.160.165.48:443: i/o timeout`, ReasonRegistryUnreachable},
		{`rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "r.example/a:1": failed to resolve reference "r.example/a:1": context deadline exceeded`, ReasonRegistryUnreachable},
		{"image pull failed for registry.internal:5000/team/api:2.3.1 because the registry is unavailable", ReasonRegistryUnreachable},
		{`rpc error: code = Canceled desc = failed to pull and unpack image "r.example/a:1": context canceled`, ReasonImagePullTimeout},
		{"rpc error: code = Unknown desc = context canceled", ReasonImagePullTimeout},
		{"rpc error: code = Unknown desc = context deadline exceeded", ReasonImagePullTimeout},
		{"rpc error: code = 4 desc = context deadline exceeded", ReasonImagePullTimeout},
		{"rpc error: code = 2 desc = net/http: request canceled", ReasonImagePullTimeout},
		{`Cancel pulling image "our_registry/demo/test" because of no progress for 1m0s, latest progress: "c914ad57d670: Extracting"`, ReasonImagePullTimeout},
		{"failed to copy: read tcp 10.0.0.5:43210->104.18.124.25:443: read: i/o timeout", ReasonImagePullTimeout},
		{`rpc error: code = FailedPrecondition desc = failed to pull and unpack image "docker.io/codercom/code-server:3.9.0": failed commit on ref "layer-sha256:1860": unexpected commit digest sha256:e3b0, expected sha256:1860: failed precondition`, ReasonImageCorrupt},
		{`failed to pull and unpack image "docker.io/f5networks/k8s-bigip-ctlr:2.2.3": failed to extract layer sha256:ab54: failed to get reader from content store: content digest sha256:ab54: not found`, ReasonImageCorrupt},
		{"rpc error: code = Unknown desc = filesystem layer verification failed for digest sha256:0dac37e8b31a", ReasonImageCorrupt},
		{"failed to register layer: Error processing tar file(exit status 1): unexpected EOF", ReasonImageCorrupt},
		{"rpc error: code = Unknown desc = Error response from daemon: invalid reference format: repository name must be lowercase", ReasonInvalidImageName},
		// The node's disk, not the image: left to the Runtime group.
		{`failed to pull and unpack image "x": failed to extract layer sha256:ab54: write /var/lib/containerd/x: no space left on device: unknown`, ""},
		{"rpc error: code = Unknown desc = something nobody has seen before", ""},
	}
	for _, tt := range tests {
		if got := classifyPullError(tt.in); got != tt.want {
			t.Errorf("classifyPullError(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestImageHost(t *testing.T) {
	tests := []struct {
		in, host string
		library  bool
	}{
		{"nginx", "docker.io", true},
		{"nginx:not-exist", "docker.io", true},
		{"library/nginx:1.25", "docker.io", true},
		{"docker.io/library/nginx", "docker.io", true},
		{"index.docker.io/library/nginx", "docker.io", true},
		{"imroc/test:v0.2", "docker.io", false},
		{"docker.io/bitnami/nginx:1.22.0-debian-11-r3", "docker.io", false},
		{"ghcr.io/acme/ledger-api:1.42.0", "ghcr.io", false},
		{"registry:5000/hello-app:1.0", "registry:5000", false},
		{"localhost/app:dev", "localhost", false},
		{"localhost:7439/docker.io/x/redis:1", "localhost:7439", false},
		{"192.168.1.10:5000/ops/agent:1.8", "192.168.1.10:5000", false},
		{"quay.io/okd/scos-content@sha256:637140d5", "quay.io", false},
		{"", "docker.io", false},
	}
	for _, tt := range tests {
		if got := imageHost(tt.in); got != tt.host {
			t.Errorf("imageHost(%q) = %q, want %q", tt.in, got, tt.host)
		}
		if got := dockerLibrary(tt.in); got != tt.library {
			t.Errorf("dockerLibrary(%q) = %v, want %v", tt.in, got, tt.library)
		}
	}
}

func TestShortPullError(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:not-exist": failed to resolve reference "docker.io/library/nginx:not-exist": docker.io/library/nginx:not-exist: not found`,
			"docker.io/library/nginx:not-exist: not found"},
		{"rpc error: code = Unknown desc = Error response from daemon: manifest for imroc/test:v0.2 not found",
			"manifest for imroc/test:v0.2 not found"},
		{`Failed to apply default image tag "ACTOKEY:v7.1.1": couldn't parse image name "ACTOKEY:v7.1.1": invalid reference format: repository name must be lowercase`,
			"invalid reference format: repository name must be lowercase"},
		{`Failed to apply default image tag "TEST/a:latest": couldn't parse image reference "TEST/a:latest": invalid reference format: repository name must be lowercase`,
			"invalid reference format: repository name must be lowercase"},
		{"rpc error: code = Unknown desc = initializing source docker://quay.io/a/b:1: reading manifest 1 in quay.io/a/b: manifest unknown",
			"reading manifest 1 in quay.io/a/b: manifest unknown"},
		{`Back-off ignored`, "Back-off ignored"},
		{"unexpected commit digest sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, expected x",
			"unexpected commit digest sha256:e3b0c44298fc…, expected x"},
	}
	for _, tt := range tests {
		if got := shortPullError(tt.in); got != tt.want {
			t.Errorf("shortPullError(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWaitingPullError(t *testing.T) {
	tests := []struct {
		reason, msg, want string
	}{
		{"ImagePullBackOff", `Back-off pulling image "nginx:not-exist"`, ""},
		{"ImagePullBackOff", `Back-off pulling image "nginx:x": ErrImagePull: rpc error: code = NotFound desc = x: not found`, "ErrImagePull: rpc error: code = NotFound desc = x: not found"},
		{"ErrImagePull", "rpc error: code = Unknown desc = context canceled", "rpc error: code = Unknown desc = context canceled"},
	}
	for _, tt := range tests {
		if got := waitingPullError(tt.reason, tt.msg); got != tt.want {
			t.Errorf("waitingPullError(%q, %q) = %q, want %q", tt.reason, tt.msg, got, tt.want)
		}
	}
}

func TestImageWorkloadAndSecrets(t *testing.T) {
	yes := true
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-7d9c6b8f5-x2kqp",
		Labels:          map[string]string{"pod-template-hash": "7d9c6b8f5"},
		OwnerReferences: []metav1.OwnerReference{{Kind: "ReplicaSet", Name: "web-7d9c6b8f5", Controller: &yes}}}}
	if got := imgWorkloadRef(pod); got != "deployment/web" {
		t.Errorf("imgWorkloadRef = %q, want deployment/web", got)
	}
	pod.OwnerReferences[0] = metav1.OwnerReference{Kind: "StatefulSet", Name: "db", Controller: &yes}
	if got := imgWorkloadRef(pod); got != "statefulset/db" {
		t.Errorf("imgWorkloadRef = %q, want statefulset/db", got)
	}
	pod.OwnerReferences = nil
	if got := imgWorkloadRef(pod); got != "pod/web-7d9c6b8f5-x2kqp" {
		t.Errorf("imgWorkloadRef = %q, want pod/web-7d9c6b8f5-x2kqp", got)
	}
	all, first := imgSecretNames("Unable to retrieve some image pull secrets (harbor-pull, dockerhub-mirror); attempting to pull the image may not succeed.", pod)
	if all != "harbor-pull, dockerhub-mirror" || first != "harbor-pull" {
		t.Errorf("imgSecretNames = %q, %q", all, first)
	}
	pod.Spec.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "regcred"}}
	if all, first = imgSecretNames("garbled", pod); all != "regcred" || first != "regcred" {
		t.Errorf("imgSecretNames fallback = %q, %q", all, first)
	}
}
