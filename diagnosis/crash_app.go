package diagnosis

// ruleAppCrash: the process exited with a non-zero code of its own (1-125,
// or a 128+n signal other than SIGKILL, which ContainerKilled and OOMKilled
// explain). It runs last in crashRules: every more specific crash cause
// (hook, memory, probe, DNS, kill, exit 0) has had its turn. Seed 002's
// `error` pod (command ["sleep","a"], log "sleep: invalid time interval 'a'",
// exit 1, CrashLoopBackOff) and seed 004's init container (Exit Code 2,
// Restart Count 67) are AppCrash.
//
// Terminations the runtime reports for a process that never ran (reason
// StartError / ContainerCannotRun: exit 127 "executable file not found",
// 126 "permission denied") are the config group's CommandNotFound /
// CommandNotExecutable and are not claimed here.
var ruleAppCrash = Rule{Reason: ReasonAppCrash, Check: checkAppCrash}

// appNotStarted are termination reasons of a process that never started.
var appNotStarted = []string{"StartError", "ContainerCannotRun", "ContainerStatusUnknown"}

func checkAppCrash(c *Context) (Finding, bool) {
	for _, x := range c.Containers {
		r, ok := c.crashRunOf(x)
		if !ok || r.Term.ExitCode == 0 || r.Term.ExitCode == 137 || r.Term.Reason == "OOMKilled" ||
			hasString(appNotStarted, r.Term.Reason) {
			continue
		}
		f := Finding{
			Vars: Vars{
				"exitCode": crashItoa(r.Term.ExitCode),
				"meaning":  crashExitMeaning(c.Opts.Lang, r.Term.ExitCode),
				"restarts": crashRestarts(x),
				"output":   "",
			},
			Evidence: crashEvidence(r),
			Since:    c.crashSince(r),
		}
		if line := crashLastLine(r.Term.Message); line != "" {
			f.Vars["output"] = c.say(phrase.AppLastOutput, "line", line)
		}
		return f.InContainer(x), true
	}
	return Finding{}, false
}
