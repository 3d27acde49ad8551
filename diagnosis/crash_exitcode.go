package diagnosis

import "strconv"

// Exit codes and what they mean. A process that exits by itself picks its
// code (0 success, 1 general error, 2 usage error, 126/127 from the shell);
// a process killed by signal n is reported as 128+n by the runtime, so 137 is
// SIGKILL (OOM killer, kubelet, kill -9) and 143 SIGTERM. Seed 001: "退出状态码
// 一般在 0-128 之间" for a process that quits on its own.

// crashExitMeaning explains an exit code in lang: the fixed meanings of
// crashExitMeanings (catalog_phrases.go), 128+n as signal n, anything else as
// the program's own code.
func crashExitMeaning(lang Lang, code int32) string {
	if t, ok := crashExitMeanings[code]; ok {
		return t.In(lang)
	}
	if code > 128 && code < 128+65 {
		n := code - 128
		if t, ok := crashSignals[n]; ok {
			return t.In(lang)
		}
		return sayIn(lang, phrase.ExitSignal, "signal", strconv.Itoa(int(n)))
	}
	if code < 0 {
		return phrase.ExitNegative.In(lang)
	}
	return phrase.ExitAppSpecific.In(lang)
}
