package diagnosis

import (
	"testing"
	"time"
)

func TestCrashExitMeaning(t *testing.T) {
	for _, tc := range []struct {
		code   int32
		en, zh string
	}{
		{0, "success", "正常退出"},
		{1, "general error: the program reported a failure", "一般错误：程序自己报错退出"},
		{2, "misuse or usage error: bad arguments or options", "用法错误：参数或选项不对"},
		{78, "configuration error (sysexits EX_CONFIG)", "配置错误（sysexits EX_CONFIG）"},
		{126, "command found but not executable (permission denied)", "命令存在但不可执行（权限不足）"},
		{127, "command not found", "找不到命令"},
		{130, "SIGINT: interrupted (Ctrl-C)", "SIGINT：被中断（Ctrl-C）"},
		{134, "SIGABRT: the process aborted itself (failed assertion, abort(), fatal runtime error)", "SIGABRT：进程主动中止（断言失败、abort()、运行时致命错误）"},
		{137, "SIGKILL: killed (OOM killer, kubelet or kill -9)", "SIGKILL：被强制杀死（OOM killer、kubelet 或 kill -9）"},
		{139, "SIGSEGV: segmentation fault (invalid memory access)", "SIGSEGV：段错误（非法内存访问）"},
		{143, "SIGTERM: asked to terminate", "SIGTERM：被要求终止"},
		{158, "killed by signal 30", "被信号 30 终止"},
		{3, "application-specific exit code: see the program's documentation and logs", "程序自定义的退出码：请查阅程序文档和日志"},
		{255, "exit status out of range (exit -1) or a fatal runtime error", "退出码越界（exit -1）或运行时致命错误"},
		{-1, "negative exit status: the runtime could not report a real exit code", "负数退出码：运行时无法给出真实退出码"},
	} {
		en, zh := crashExitMeaning(LangEN, tc.code), crashExitMeaning(LangZH, tc.code)
		if en != tc.en || zh != tc.zh {
			t.Errorf("exit %d: got %q / %q, want %q / %q", tc.code, en, zh, tc.en, tc.zh)
		}
	}
}

func TestCrashLastLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"sleep: invalid time interval 'a'\nTry 'sleep --help' for more information.\n", "sleep: invalid time interval 'a'"},
		{"starting\nlistening on :8080\n", "listening on :8080"},
		{"one line", "one line"},
		{"Error: connect ECONNREFUSED 10.0.0.5:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n", "Error: connect ECONNREFUSED 10.0.0.5:5432"},
	} {
		if got := crashLastLine(tc.in); got != tc.want {
			t.Errorf("crashLastLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCrashDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{-time.Second, "0s"},
		{35 * time.Second, "35s"},
		{90 * time.Second, "1m30s"},
		{12 * time.Minute, "12m"},
		{12*time.Minute + 5*time.Second, "12m"},
		{3*time.Hour + 4*time.Minute, "3h4m"},
		{50 * time.Hour, "2d2h"},
	} {
		if got := kubectlAge(tc.d); got != tc.want {
			t.Errorf("kubectlAge(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
