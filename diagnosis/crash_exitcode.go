package diagnosis

import "strconv"

// Exit codes and what they mean. A process that exits by itself picks its
// code (0 success, 1 general error, 2 usage error, 126/127 from the shell);
// a process killed by signal n is reported as 128+n by the runtime, so 137 is
// SIGKILL (OOM killer, kubelet, kill -9) and 143 SIGTERM. Seed 001: "退出状态码
// 一般在 0-128 之间" for a process that quits on its own.

// crashExitMeanings are the codes with a fixed meaning.
var crashExitMeanings = map[int32]Text{
	0:   {EN: "success", ZH: "正常退出"},
	1:   {EN: "general error: the program reported a failure", ZH: "一般错误：程序自己报错退出"},
	2:   {EN: "misuse or usage error: bad arguments or options", ZH: "用法错误：参数或选项不对"},
	64:  {EN: "usage error (sysexits EX_USAGE)", ZH: "命令行用法错误（sysexits EX_USAGE）"},
	65:  {EN: "data format error (sysexits EX_DATAERR)", ZH: "输入数据格式错误（sysexits EX_DATAERR）"},
	66:  {EN: "input file missing or unreadable (sysexits EX_NOINPUT)", ZH: "输入文件不存在或不可读（sysexits EX_NOINPUT）"},
	69:  {EN: "a required service is unavailable (sysexits EX_UNAVAILABLE)", ZH: "依赖的服务不可用（sysexits EX_UNAVAILABLE）"},
	70:  {EN: "internal software error (sysexits EX_SOFTWARE)", ZH: "程序内部错误（sysexits EX_SOFTWARE）"},
	71:  {EN: "operating system error (sysexits EX_OSERR)", ZH: "操作系统错误（sysexits EX_OSERR）"},
	73:  {EN: "cannot create an output file (sysexits EX_CANTCREAT)", ZH: "无法创建输出文件（sysexits EX_CANTCREAT）"},
	74:  {EN: "input/output error (sysexits EX_IOERR)", ZH: "读写错误（sysexits EX_IOERR）"},
	75:  {EN: "temporary failure, retry later (sysexits EX_TEMPFAIL)", ZH: "临时性失败，可稍后重试（sysexits EX_TEMPFAIL）"},
	77:  {EN: "permission denied (sysexits EX_NOPERM)", ZH: "权限不足（sysexits EX_NOPERM）"},
	78:  {EN: "configuration error (sysexits EX_CONFIG)", ZH: "配置错误（sysexits EX_CONFIG）"},
	125: {EN: "the container runtime itself failed to run the command", ZH: "容器运行时本身未能运行该命令"},
	126: {EN: "command found but not executable (permission denied)", ZH: "命令存在但不可执行（权限不足）"},
	127: {EN: "command not found", ZH: "找不到命令"},
	128: {EN: "invalid argument to exit", ZH: "exit 的参数无效"},
	255: {EN: "exit status out of range (exit -1) or a fatal runtime error", ZH: "退出码越界（exit -1）或运行时致命错误"},
}

// crashSignals names the signals of 128+n codes, with what they usually mean.
var crashSignals = map[int32]Text{
	1:  {EN: "SIGHUP: hangup", ZH: "SIGHUP：挂断"},
	2:  {EN: "SIGINT: interrupted (Ctrl-C)", ZH: "SIGINT：被中断（Ctrl-C）"},
	3:  {EN: "SIGQUIT: quit with core dump", ZH: "SIGQUIT：退出并转储 core"},
	4:  {EN: "SIGILL: illegal instruction (binary built for another CPU)", ZH: "SIGILL：非法指令（二进制与 CPU 架构不符）"},
	5:  {EN: "SIGTRAP: trace/breakpoint trap", ZH: "SIGTRAP：调试断点陷阱"},
	6:  {EN: "SIGABRT: the process aborted itself (failed assertion, abort(), fatal runtime error)", ZH: "SIGABRT：进程主动中止（断言失败、abort()、运行时致命错误）"},
	7:  {EN: "SIGBUS: bus error (bad memory access, e.g. a truncated memory-mapped file)", ZH: "SIGBUS：总线错误（非法内存访问，如被截断的 mmap 文件）"},
	8:  {EN: "SIGFPE: arithmetic error (division by zero)", ZH: "SIGFPE：算术错误（除以零）"},
	9:  {EN: "SIGKILL: killed (OOM killer, kubelet or kill -9)", ZH: "SIGKILL：被强制杀死（OOM killer、kubelet 或 kill -9）"},
	10: {EN: "SIGUSR1: user-defined signal 1", ZH: "SIGUSR1：用户自定义信号 1"},
	11: {EN: "SIGSEGV: segmentation fault (invalid memory access)", ZH: "SIGSEGV：段错误（非法内存访问）"},
	12: {EN: "SIGUSR2: user-defined signal 2", ZH: "SIGUSR2：用户自定义信号 2"},
	13: {EN: "SIGPIPE: wrote to a closed pipe or socket", ZH: "SIGPIPE：向已关闭的管道或 socket 写数据"},
	14: {EN: "SIGALRM: timer expired", ZH: "SIGALRM：定时器到期"},
	15: {EN: "SIGTERM: asked to terminate", ZH: "SIGTERM：被要求终止"},
}

// crashExitMeaning explains an exit code: the fixed meanings above, 128+n as
// signal n, anything else as the program's own code.
func crashExitMeaning(code int32) Text {
	if t, ok := crashExitMeanings[code]; ok {
		return t
	}
	if code > 128 && code < 128+65 {
		n := code - 128
		if t, ok := crashSignals[n]; ok {
			return t
		}
		s := strconv.Itoa(int(n))
		return Text{EN: "killed by signal " + s, ZH: "被信号 " + s + " 终止"}
	}
	if code < 0 {
		return Text{EN: "negative exit status: the runtime could not report a real exit code", ZH: "负数退出码：运行时无法给出真实退出码"}
	}
	return Text{EN: "application-specific exit code: see the program's documentation and logs", ZH: "程序自定义的退出码：请查阅程序文档和日志"}
}
