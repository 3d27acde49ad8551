package diagnosis

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestConfigParsers(t *testing.T) {
	for _, tt := range []struct{ msg, kind, want string }{
		{`configmap "app-config" not found`, "configmap", "app-config"},
		{`MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found`, "configmap", "app-config"},
		{`configmaps "app-config" not found`, "configmap", "app-config"},
		{`secret "db" not found`, "secret", "db"},
		{`secret "db" not found`, "configmap", ""},
		{`Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.`, "secret", ""},
	} {
		if got := notFoundName(tt.msg, tt.kind); got != tt.want {
			t.Errorf("notFoundName(%q, %s) = %q, want %q", tt.msg, tt.kind, got, tt.want)
		}
	}
	for _, tt := range []struct{ msg, key, kind, name string }{
		{"couldn't find key LOG_LEVEL in ConfigMap shop/app-config", "LOG_LEVEL", "ConfigMap", "app-config"},
		{"couldn't find key password in Secret prod/db-credentials", "password", "Secret", "db-credentials"},
	} {
		k, kind, n := parseMissingKey(tt.msg)
		if k != tt.key || kind != tt.kind || n != tt.name {
			t.Errorf("parseMissingKey(%q) = %q %q %q", tt.msg, k, kind, n)
		}
	}
	for _, tt := range []struct{ msg, want string }{
		{`container has runAsNonRoot and image will run as root (pod: "a_b(c)", container: x)`, "root (UID 0)"},
		{`container has runAsNonRoot and image has non-numeric user (nginx), cannot verify user is non-root (pod: "a_b(c)", container: x)`, "nginx"},
	} {
		if got := nonRootUser(tt.msg); got != tt.want {
			t.Errorf("nonRootUser(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}

func TestExecParsers(t *testing.T) {
	sh := Container{Spec: &corev1.Container{Command: []string{"/bin/sh", "-c", "migrate up && server"}}}
	plain := Container{Spec: &corev1.Container{Command: []string{"/app/run"}, Args: []string{"--port", "80"}}}
	none := Container{Spec: &corev1.Container{}}
	for _, tt := range []struct {
		msg  string
		x    Container
		want string
	}{
		{`unable to start container process: exec: "gunicorn": executable file not found in $PATH: unknown`, none, "gunicorn"},
		{`starting container process caused "exec: \"/app/start.sh\": stat /app/start.sh: no such file or directory": unknown`, none, "/app/start.sh"},
		{`exec /docker-entrypoint.sh: no such file or directory`, none, "/docker-entrypoint.sh"},
		{"", sh, "migrate"},
		{"", plain, "/app/run --port 80"},
		{"", none, "ENTRYPOINT"},
	} {
		if got := execCommand(tt.msg, tt.x); got != tt.want {
			t.Errorf("execCommand(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
	for _, tt := range []struct {
		msg           string
		found, noexec bool
	}{
		{`exec: "gunicorn": executable file not found in $PATH`, true, false},
		{`exec: "/app/run.sh": stat /app/run.sh: no such file or directory`, true, false},
		{`error mounting "/etc/foo" to rootfs at "/foo": stat /etc/foo: no such file or directory`, false, false},
		{`exec: "/docker-entrypoint.sh": permission denied`, false, true},
		{`open /dev/kmsg: permission denied`, false, false},
		{`exec /usr/local/bin/app: exec format error`, false, true},
	} {
		if got := isCommandNotFound(tt.msg); got != tt.found {
			t.Errorf("isCommandNotFound(%q) = %v", tt.msg, got)
		}
		if got := isCommandNotExecutable(tt.msg); got != tt.noexec {
			t.Errorf("isCommandNotExecutable(%q) = %v", tt.msg, got)
		}
	}
}
