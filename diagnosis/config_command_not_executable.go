package diagnosis

import "strings"

// ruleCommandNotExecutable recognises a command that exists but cannot be
// executed: no execute bit or a directory (runc `exec: "/app/start.sh":
// permission denied`, older `exec user process caused "permission denied"`,
// a shell's exit code 126), or a binary for another CPU architecture
// (`exec format error`). "permission denied" alone is not enough: mounts and
// devices say it too, so the exec context must be in the message.
var ruleCommandNotExecutable = Rule{Reason: ReasonCommandNotExecutable, Check: checkCommandNotExecutable}

func checkCommandNotExecutable(c *Context) (Finding, bool) {
	return execFailure(c, isCommandNotExecutable, 126)
}

func isCommandNotExecutable(msg string) bool {
	if strings.Contains(msg, "exec format error") {
		return true
	}
	return strings.Contains(msg, "permission denied") && isExecContext(msg)
}
