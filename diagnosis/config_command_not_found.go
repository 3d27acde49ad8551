package diagnosis

import (
	"strconv"
	"strings"
)

// ruleCommandNotFound recognises a container whose command or entrypoint does
// not exist in the image (seeds: 检查是否配置了正确的容器参数). The runtime
// says so when it execs it — runc `exec: "foo": executable file not found in
// $PATH`, containerd `failed to create containerd task: failed to create shim
// task: OCI runtime create failed: runc create failed: unable to start container
// process: exec: "foo": executable file not found in $PATH: unknown` (StartError,
// exit 128), dockershim `starting container process caused "exec: \"foo\":
// executable file not found in $PATH"` (ContainerCannotRun, exit 127), an
// absolute path `exec: "/app/run.sh": stat /app/run.sh: no such file or
// directory`, a missing script interpreter `exec /entrypoint.sh: no such file or
// directory` — or a shell reports it with exit code 127. It outranks the crash
// rules: exit 127 is not the application's own code.
var ruleCommandNotFound = Rule{Reason: ReasonCommandNotFound, Check: checkCommandNotFound}

func checkCommandNotFound(c *Context) (Finding, bool) {
	return execFailure(c, isCommandNotFound, 127)
}

func isCommandNotFound(msg string) bool {
	if strings.Contains(msg, "executable file not found") {
		return true
	}
	return strings.Contains(msg, "no such file or directory") && isExecContext(msg)
}

// isExecContext reports whether the runtime error is about exec'ing the
// process (not, say, a missing hostPath bind-mount source).
func isExecContext(msg string) bool {
	return strings.Contains(msg, `exec: "`) || strings.Contains(msg, `exec: \"`) ||
		strings.Contains(msg, "exec /") || strings.Contains(msg, "exec user process caused")
}

// execFailure is the shared body of CommandNotFound and CommandNotExecutable:
// a container failing to start with a matching runtime message, or whose
// latest run ended with exitCode (the shell's "not found" / "cannot execute").
func execFailure(c *Context, match func(string) bool, exitCode int32) (Finding, bool) {
	for _, x := range c.Containers {
		msg, term, ok := containerStartFailure(c, x)
		if ok && match(msg) {
			f := Finding{Since: startFailureSince(x), Evidence: startFailureEvidence(x, term)}.InContainer(x)
			if e, ok := containerEvent(c, x); ok {
				f.Evidence = append(f.Evidence, EventEvidence(e))
				f.Since = earliest(f.Since, e.First) // the first failed start, not the latest

			}
			f.Vars = Vars{"command": execCommand(msg, x), "detail": runtimeErrorText(msg)}
			return f, true
		}
		if x.Status == nil || x.Status.State.Running != nil {
			continue
		}
		if t := x.RecentTermination(); t != nil && t.ExitCode == exitCode {
			f := Finding{Since: c.crashSince(crashRun{X: x, Term: t})}.InContainer(x)
			label := "last state"
			if x.Terminated() != nil {
				label = "state"
			}
			if r, _ := x.Waiting(); r != "" {
				f.Evidence = append(f.Evidence, WaitingEvidence(x))
			}
			f.Evidence = append(f.Evidence, TerminatedEvidence(x, label, t))
			detail := "exit code " + strconv.Itoa(int(exitCode))
			if t.Message != "" {
				detail += ": " + Truncate(oneLine(t.Message), 160)
			}
			f.Vars = Vars{"command": execCommand(t.Message, x), "detail": detail}
			return f, true
		}
	}
	return Finding{}, false
}

// execCommand names what the runtime tried to exec, or the spec's command.
func execCommand(msg string, x Container) string {
	for _, m := range []string{`exec: "`, `exec: \"`, `exec: \\\"`} {
		if s := quoted(msg, m); s != "" {
			return strings.TrimRight(s, `\`)
		}
	}
	if i := strings.Index(msg, "exec /"); i >= 0 {
		rest := msg[i+len("exec "):]
		if j := strings.IndexByte(rest, ':'); j > 0 {
			return rest[:j]
		}
	}
	return specCommand(x)
}

// specCommand is what the spec runs. For a shell wrapper (`sh -c "migrate
// up && server"`) the shell exists — exit 126/127 is about the script's first
// command — so that command is named rather than the shell.
func specCommand(x Container) string {
	if x.Spec == nil {
		return "ENTRYPOINT"
	}
	parts := append(x.Spec.Command[:len(x.Spec.Command):len(x.Spec.Command)], x.Spec.Args...)
	if len(parts) == 0 {
		return "ENTRYPOINT"
	}
	if len(parts) >= 3 && isShell(parts[0]) && parts[1] == "-c" {
		if f := strings.Fields(parts[2]); len(f) > 0 {
			return f[0]
		}
	}
	return Truncate(strings.Join(parts, " "), 120)
}

func isShell(p string) bool {
	switch p[strings.LastIndexByte(p, '/')+1:] {
	case "sh", "bash", "ash", "dash", "zsh":
		return true
	}
	return false
}
