package diagnosis

// crashEntries are the Crash codes of design.md.
var crashEntries = []Entry{{
	Reason:   ReasonLifecycleHookFailed,
	Category: CategoryCrash,
	Severity: SeverityCritical,
	Doc:      "A postStart or preStop hook failed (waiting reason PostStartHookError, FailedPostStartHook / FailedPreStopHook events); a failed postStart makes the kubelet kill the container, so it outranks the crash loop it causes.",
	Summary: Text{
		EN: "The {hook} hook of container {container} ({handler}) failed, so the kubelet kills the container (restart count {restarts}): {error}",
		ZH: "容器 {container} 的 {hook} 钩子（{handler}）执行失败，kubelet 因此杀掉容器（重启次数 {restarts}）：{error}",
	},
	Hints: []Text{{
		EN: "Check the hook's command or URL and what it depends on (postStart runs at the same time as the entrypoint, so the service it calls may not be up yet): kubectl get pod {pod} -n {ns} -o yaml | grep -A8 lifecycle:",
		ZH: "检查钩子的命令或 URL 及其依赖（postStart 与容器入口进程同时执行，它调用的服务可能还没起来）：kubectl get pod {pod} -n {ns} -o yaml | grep -A8 lifecycle:",
	}, {
		EN: "Read the hook failure in the events and what the container printed: kubectl describe pod {pod} -n {ns}; kubectl logs {pod} -n {ns} -c {container}{previous}",
		ZH: "在事件中查看钩子失败信息，并查看容器输出：kubectl describe pod {pod} -n {ns}; kubectl logs {pod} -n {ns} -c {container}{previous}",
	}},
}, {
	Reason:   ReasonOOMKilled,
	Category: CategoryCrash,
	Severity: SeverityCritical,
	Doc:      "The container was killed by the kernel OOM killer for exceeding its memory limit (terminated reason OOMKilled, exit 137), including a CrashLoopBackOff whose last termination was OOMKilled.",
	Summary: Text{
		EN: "Container {container} was OOMKilled (exit {exitCode}): {limitFact}; restart count {restarts}",
		ZH: "容器 {container} 被 OOMKilled（退出码 {exitCode}）：{limitFact}；重启次数 {restarts}",
	},
	Hints: []Text{{
		EN: "Raise the memory limit (now {limit}) or find what grows; compare with actual usage: kubectl top pod {pod} -n {ns} --containers",
		ZH: "调大内存 limit（当前 {limit}）或找出内存增长的原因，对比实际用量：kubectl top pod {pod} -n {ns} --containers",
	}, {
		EN: "See what the process did before it was killed (heap settings such as -Xmx must fit inside the limit): kubectl logs {pod} -n {ns} -c {container}{previous}",
		ZH: "查看被杀前进程的输出（如 -Xmx 等堆设置必须小于 limit）：kubectl logs {pod} -n {ns} -c {container}{previous}",
	}, {
		EN: "Check the termination record and the node's memory: kubectl describe pod {pod} -n {ns}; kubectl describe node {node}",
		ZH: "查看容器终止记录和节点内存情况：kubectl describe pod {pod} -n {ns}; kubectl describe node {node}",
	}},
}, {
	Reason:   ReasonDNSResolutionFailed,
	Category: CategoryCrash,
	Severity: SeverityCritical,
	Doc:      "The container exits at start-up and its termination message shows a name lookup failure (no such host, Temporary failure in name resolution, Name or service not known, getaddrinfo ENOTFOUND ...).",
	Summary: Text{
		EN: "Container {container} exits with code {exitCode} at start-up because it cannot resolve {host}: {message} (restart count {restarts})",
		ZH: "容器 {container} 启动时无法解析域名 {host}，以退出码 {exitCode} 退出：{message}（重启次数 {restarts}）",
	},
	Hints: []Text{{
		EN: "Check that the name is right (a Service in another namespace needs <svc>.<namespace>) and resolve it from the pod's namespace: kubectl get pod {pod} -n {ns} -o yaml | grep -i -A1 -E 'host|url|addr'; kubectl run dnstest -n {ns} --rm -it --restart=Never --image=busybox:1.36 -- nslookup {host}",
		ZH: "确认域名写对了（跨命名空间访问 Service 要写 <svc>.<namespace>），并在同一命名空间里解析一下：kubectl get pod {pod} -n {ns} -o yaml | grep -i -A1 -E 'host|url|addr'; kubectl run dnstest -n {ns} --rm -it --restart=Never --image=busybox:1.36 -- nslookup {host}",
	}, {
		EN: "Check cluster DNS and the pod's DNS settings (dnsPolicy, dnsConfig): kubectl get pods -n kube-system -l k8s-app=kube-dns -o wide; kubectl get pod {pod} -n {ns} -o yaml | grep -A4 dns",
		ZH: "检查集群 DNS 服务是否正常，以及 Pod 的 DNS 配置（dnsPolicy、dnsConfig）：kubectl get pods -n kube-system -l k8s-app=kube-dns -o wide; kubectl get pod {pod} -n {ns} -o yaml | grep -A4 dns",
	}, {
		EN: "Read the full start-up error: kubectl logs {pod} -n {ns} -c {container}{previous}",
		ZH: "查看完整的启动报错：kubectl logs {pod} -n {ns} -c {container}{previous}",
	}},
}, {
	Reason:   ReasonContainerKilled,
	Category: CategoryCrash,
	Severity: SeverityWarning,
	Doc:      "The container ended with exit 137 (SIGKILL) that is neither its own memory limit nor a probe: node memory pressure, the system OOM killer, a runtime that lost the container, or an external kill.",
	Summary: Text{
		EN: "Container {container} was killed with SIGKILL (exit {exitCode}, restart count {restarts}): {cause}",
		ZH: "容器 {container} 被 SIGKILL 强制杀死（退出码 {exitCode}，重启次数 {restarts}）：{cause}",
	},
	Hints: []Text{{
		EN: "Check the node for memory pressure and system OOM kills (on the node: dmesg | grep -i 'out of memory'); kube-reserved / system-reserved may be too small: kubectl describe node {node}; kubectl get pod {pod} -n {ns} -o wide",
		ZH: "检查节点是否有内存压力或系统 OOM（在节点上执行 dmesg | grep -i 'out of memory'），kube-reserved / system-reserved 可能预留太少：kubectl describe node {node}; kubectl get pod {pod} -n {ns} -o wide",
	}, {
		EN: "Look for a probe or another actor in the events around the kill: kubectl describe pod {pod} -n {ns}",
		ZH: "在被杀前后的事件里查找探针或其他操作：kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "See what the process was doing when it was killed: kubectl logs {pod} -n {ns} -c {container}{previous}",
		ZH: "查看进程被杀时在做什么：kubectl logs {pod} -n {ns} -c {container}{previous}",
	}},
}, {
	Reason:   ReasonCompletedInRestartLoop,
	Category: CategoryCrash,
	Severity: SeverityCritical,
	Doc:      "The container exits 0 under restartPolicy Always, so the kubelet restarts it in a loop: a run-to-completion program run by a Deployment-like controller, or a command that backgrounds the server and returns.",
	Summary: Text{
		EN: "Container {container} exits 0 (Completed) but restartPolicy {policy} keeps restarting it (restart count {restarts}): a run-to-completion program kept running like a service (owner: {owner})",
		ZH: "容器 {container} 以退出码 0 正常结束（Completed），但 restartPolicy {policy} 会一直重启它（重启次数 {restarts}）：这是一个跑完就退出的程序，却被当作常驻服务运行（属主：{owner}）",
	},
	Hints: []Text{{
		EN: "If the program is meant to finish, run it as a Job or CronJob instead; if it should keep running, make the main process stay in the foreground (no trailing &, no daemon mode): kubectl get pod {pod} -n {ns} -o yaml | grep -A6 -E 'command:|args:'",
		ZH: "如果程序本来就会结束，请改用 Job 或 CronJob；如果它应当常驻，请让主进程保持在前台（不要以 & 结尾，不要用守护进程模式）：kubectl get pod {pod} -n {ns} -o yaml | grep -A6 -E 'command:|args:'",
	}, {
		EN: "See what it printed before it returned: kubectl logs {pod} -n {ns} -c {container}{previous}",
		ZH: "查看它结束前的输出：kubectl logs {pod} -n {ns} -c {container}{previous}",
	}},
}, {
	Reason:   ReasonAppCrash,
	Category: CategoryCrash,
	Severity: SeverityCritical,
	Doc:      "The process exited with a non-zero code of its own (1-125, or a 128+n signal other than SIGKILL); the summary gives the code's meaning and the termination message's last error line.",
	Summary: Text{
		EN: "Container {container} exited with code {exitCode} ({meaning}), restart count {restarts}{output}",
		ZH: "容器 {container} 以退出码 {exitCode} 退出（{meaning}），重启次数 {restarts}{output}",
	},
	Hints: []Text{{
		EN: "Read the log of the run that crashed: kubectl logs {pod} -n {ns} -c {container}{previous}",
		ZH: "查看崩溃那次运行的日志：kubectl logs {pod} -n {ns} -c {container}{previous}",
	}, {
		EN: "Check the command, arguments, environment and mounted config the program starts with (a bad argument or config file is the usual cause): kubectl get pod {pod} -n {ns} -o yaml",
		ZH: "检查程序启动时的命令、参数、环境变量和挂载的配置（参数或配置文件有误是最常见的原因）：kubectl get pod {pod} -n {ns} -o yaml",
	}, {
		EN: "Keep the last lines of output in the status next time (terminationMessagePolicy: FallbackToLogsOnError), and see the events: kubectl describe pod {pod} -n {ns}",
		ZH: "可设置 terminationMessagePolicy: FallbackToLogsOnError，让状态里保留最后几行输出；并查看事件：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonInitContainerStuck,
	Category: CategoryCrash,
	Severity: SeverityWarning,
	Doc:      "An init container (not a native sidecar) has been running, without restarting, past the stuck threshold (default 10m): the pod waits for it forever, usually a loop waiting for a dependency.",
	Summary: Text{
		EN: "Init container {container} has been running for {age} without finishing ({command}): the pod waits for it, usually a loop waiting for a dependency",
		ZH: "Init 容器 {container} 已运行 {age} 仍未结束（{command}）：Pod 一直在等它，通常是在循环等待某个依赖",
	},
	Hints: []Text{{
		EN: "Read what it is waiting for: kubectl logs {pod} -n {ns} -c {container} --tail=50",
		ZH: "查看它在等待什么：kubectl logs {pod} -n {ns} -c {container} --tail=50",
	}, {
		EN: "Make sure the dependency it waits on exists and is ready (a Service with endpoints, a DNS name, a Job, a database), then watch the pod start: kubectl get svc,endpoints -n {ns}; kubectl get pod {pod} -n {ns} -w",
		ZH: "确认它等待的依赖确实存在且已就绪（有 endpoints 的 Service、DNS 名称、Job、数据库等），然后观察 Pod 启动：kubectl get svc,endpoints -n {ns}；kubectl get pod {pod} -n {ns} -w",
	}},
}}

// probeEntries are the Probe codes of design.md.
var probeEntries = []Entry{{
	Reason:   ReasonLivenessProbeFailed,
	Category: CategoryProbe,
	Severity: SeverityCritical,
	Doc:      "The kubelet restarted the container because its liveness probe failed (Unhealthy \"Liveness probe failed\" events, Killing \"failed liveness probe\"); when the kills come right after start-up the advice is a startupProbe or a longer initialDelaySeconds.",
	Summary: Text{
		EN: "Liveness probe {probe} of container {container} failed ({message}); the kubelet restarted it {restarts} times, last exit {exitCode} after {runFor}",
		ZH: "容器 {container} 的存活检查 {probe} 失败（{message}），kubelet 已将其重启 {restarts} 次，最近一次运行 {runFor} 后以退出码 {exitCode} 结束",
	},
	Hints: []Text{{
		EN: "{advice}; probe settings ({timing}) and events: kubectl describe pod {pod} -n {ns}",
		ZH: "{advice}；探针配置（{timing}）与事件：kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "See what the app logged before it was killed: kubectl logs {pod} -n {ns} -c {container}{previous}",
		ZH: "查看应用被杀之前的日志：kubectl logs {pod} -n {ns} -c {container}{previous}",
	}, {
		EN: "Probes time out when the node is overloaded (CPU saturated); check the pod and node {node}: kubectl top pod {pod} -n {ns} --containers; kubectl describe node {node}",
		ZH: "节点负载过高（CPU 跑满）时探测会超时；检查 Pod 和节点 {node}：kubectl top pod {pod} -n {ns} --containers; kubectl describe node {node}",
	}},
}, {
	Reason:   ReasonStartupProbeFailed,
	Category: CategoryProbe,
	Severity: SeverityCritical,
	Doc:      "The kubelet killed the container because its startup probe did not pass within failureThreshold × periodSeconds (Killing \"failed startup probe\", Unhealthy \"Startup probe failed\").",
	Summary: Text{
		EN: "Startup probe {probe} of container {container} did not pass within {budget} ({message}); the kubelet killed it (restart count {restarts}, exit {exitCode})",
		ZH: "容器 {container} 的启动探针 {probe} 在 {budget} 内未通过（{message}），kubelet 已将其杀掉（重启次数 {restarts}，退出码 {exitCode}）",
	},
	Hints: []Text{{
		EN: "If the app only needs longer to start, raise failureThreshold × periodSeconds (now {timing}) in the workload's startupProbe: kubectl get pod {pod} -n {ns} -o yaml | grep -A10 startupProbe",
		ZH: "如果应用只是启动较慢，请在工作负载的 startupProbe 中调大 failureThreshold × periodSeconds（当前 {timing}）：kubectl get pod {pod} -n {ns} -o yaml | grep -A10 startupProbe",
	}, {
		EN: "See how far start-up got before the kill: kubectl logs {pod} -n {ns} -c {container}{previous}",
		ZH: "查看被杀前启动进行到了哪一步：kubectl logs {pod} -n {ns} -c {container}{previous}",
	}, {
		EN: "Read the probe failures in the events: kubectl describe pod {pod} -n {ns}",
		ZH: "在事件中查看探测失败的详情：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonReadinessProbeFailed,
	Category: CategoryProbe,
	Severity: SeverityWarning,
	Doc:      "The pod runs but a container's readiness probe fails past the grace period, so the pod is not Ready and is left out of its Services' endpoints.",
	Summary: Text{
		EN: "Readiness probe {probe} of container {container} fails ({message}): the pod has been out of its Services' endpoints for {notReadyFor}",
		ZH: "容器 {container} 的就绪检查 {probe} 失败（{message}）：该 Pod 已有 {notReadyFor} 不在 Service 的 endpoints 中",
	},
	Hints: []Text{{
		EN: "Read the probe failures and settings ({timing}): kubectl describe pod {pod} -n {ns}",
		ZH: "查看探测失败信息和探针配置（{timing}）：kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "See why the app is not ready (a dependency down, still warming up, wrong port or path): kubectl logs {pod} -n {ns} -c {container}",
		ZH: "查看应用为什么没有就绪（依赖不可用、仍在预热、端口或路径配错）：kubectl logs {pod} -n {ns} -c {container}",
	}, {
		EN: "Run the probe's check from inside the container and see what it answers (needs a shell in the image): kubectl exec {pod} -n {ns} -c {container} -- {probeCall}",
		ZH: "在容器内执行与探针相同的检查，看它返回什么（镜像中需要有 shell）：kubectl exec {pod} -n {ns} -c {container} -- {probeCall}",
	}},
}}

// terminationEntries are the Termination, Node and Eviction codes of design.md.
var terminationEntries = []Entry{{
	Reason:   ReasonNodeLost,
	Category: CategoryNode,
	Severity: SeverityWarning,
	Doc:      "The pod's node is NotReady or unreachable (or gone), so the pod shows Unknown or stays Terminating because no kubelet confirms its containers stopped.",
	Summary: Text{
		EN: "Node {node} is not responding (Ready={ready}, {nodeMsg}, {lostFor}): {podState}{ownerNote}",
		ZH: "节点 {node} 失联（Ready={ready}，{nodeMsg}，{lostFor}）：{podState}{ownerNote}",
	},
	Hints: []Text{{
		EN: "Bring node {node} back (kubelet, network, power) or, if it is gone for good, delete it so its pods are cleaned up: kubectl describe node {node}; kubectl get pod {pod} -n {ns} -o wide",
		ZH: "恢复节点 {node}（kubelet、网络、电源），若节点已永久下线则删除该 Node，其上的 Pod 会被清理：kubectl describe node {node}; kubectl get pod {pod} -n {ns} -o wide",
	}, {
		EN: "Force-delete only when the node is confirmed powered off, never blindly for a StatefulSet pod (split-brain, data loss): kubectl delete pod {pod} -n {ns} --grace-period=0 --force",
		ZH: "只有确认节点已关机时才强制删除，StatefulSet 管理的 Pod 切勿盲目强制删除（会导致脑裂或数据丢失）：kubectl delete pod {pod} -n {ns} --grace-period=0 --force",
	}},
}, {
	Reason:   ReasonNodeAdmissionRejected,
	Category: CategoryNode,
	Severity: SeverityWarning,
	Doc:      "The kubelet refused the pod after it was scheduled (phase Failed, status reason OutOfcpu, OutOfmemory, OutOfpods, NodeAffinity / MatchNodeSelector, NodeName, UnexpectedAdmissionError, SysctlForbidden ...): the scheduler's view and the node's disagreed.",
	Summary: Text{
		EN: "The kubelet on {node} rejected the pod after scheduling ({reason}: {meaning}): {detail}; {replacement}",
		ZH: "节点 {node} 上的 kubelet 在调度后拒绝了该 Pod（{reason}：{meaning}）：{detail}；{replacement}",
	},
	Hints: []Text{{
		EN: "Compare what the pod asks for with the node now (labels, allocatable, pods on it); pods with spec.nodeName set bypass the scheduler: kubectl get pod {pod} -n {ns} -o yaml | grep -A6 -E 'nodeName|nodeSelector|resources'; kubectl describe node {node}",
		ZH: "对比 Pod 的要求与节点当前状态（标签、可分配资源、已有 Pod）；设置了 spec.nodeName 的 Pod 会绕过调度器：kubectl get pod {pod} -n {ns} -o yaml | grep -A6 -E 'nodeName|nodeSelector|resources'; kubectl describe node {node}",
	}, {
		EN: "Delete the failed pod once understood (a bare pod must then be created again): kubectl delete pod {pod} -n {ns}",
		ZH: "弄清原因后删除这个失败的 Pod（裸 Pod 删除后需要重新创建）：kubectl delete pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonFinalizerBlocking,
	Category: CategoryTermination,
	Severity: SeverityCritical,
	Doc:      "Deletion was requested and the grace period is over, the containers have stopped, but metadata.finalizers still lists entries that the owning controller has not removed.",
	Summary: Text{
		EN: "Deleted {ago} ago but held by finalizers {finalizers}: the containers have stopped and the controller owning those finalizers has not removed them (owner: {owner})",
		ZH: "已于 {ago} 前请求删除，但被 finalizers {finalizers} 挡住：容器已停止，负责这些 finalizer 的控制器一直没有移除它们（属主：{owner}）",
	},
	Hints: []Text{{
		EN: "Find the controller that added {finalizers} and why its clean-up does not finish (its logs); only after that remove the finalizers by hand: kubectl edit pod {pod} -n {ns}",
		ZH: "找到添加 {finalizers} 的控制器，查它的日志看清理为何没有完成；确认之后再手工删除 finalizers：kubectl edit pod {pod} -n {ns}",
	}, {
		EN: "See the finalizers and the owner: kubectl get pod {pod} -n {ns} -o yaml | grep -A5 -E 'finalizers|ownerReferences'",
		ZH: "查看 finalizers 和属主：kubectl get pod {pod} -n {ns} -o yaml | grep -A5 -E 'finalizers|ownerReferences'",
	}},
}, {
	Reason:   ReasonTerminationStuck,
	Category: CategoryTermination,
	Severity: SeverityCritical,
	Doc:      "Deletion was requested and the grace period is over on a node that answers, with no finalizer left, but the kubelet cannot kill or remove the containers (runtime disk full, immutable files, runtime not answering).",
	Summary: Text{
		EN: "Deleted {ago} ago on node {node}, which answers, but the pod is not going away: {blocker}{message}",
		ZH: "已于 {ago} 前请求删除，节点 {node} 正常，但 Pod 一直删不掉：{blocker}{message}",
	},
	Hints: []Text{{
		EN: "On node {node}, read the kubelet and runtime errors for this pod (journalctl -u kubelet | grep {pod}; crictl ps -a; df -h on the runtime's data disk), then: kubectl describe pod {pod} -n {ns}",
		ZH: "在节点 {node} 上查看 kubelet 和运行时关于该 Pod 的报错（journalctl -u kubelet | grep {pod}；crictl ps -a；对运行时数据盘执行 df -h），再执行：kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "If removal fails with \"operation not permitted\", clear the immutable attribute on the path from the kubelet error (chattr -i <path>) and the kubelet retries by itself: kubectl get pod {pod} -n {ns} -w",
		ZH: "若删除时报 \"operation not permitted\"，对 kubelet 报错中的路径执行 chattr -i <路径> 去掉 i 属性，kubelet 会自动重试：kubectl get pod {pod} -n {ns} -w",
	}, {
		EN: "Last resort, once the containers are really gone from the node: kubectl delete pod {pod} -n {ns} --grace-period=0 --force",
		ZH: "万不得已且确认容器已从节点上消失时，才强制删除：kubectl delete pod {pod} -n {ns} --grace-period=0 --force",
	}},
}, {
	Reason:   ReasonEvicted,
	Category: CategoryEviction,
	Severity: SeverityWarning,
	Doc:      "The kubelet evicted the pod to protect its node (status reason Evicted); the resource that ran short (memory, ephemeral-storage, nodefs, an emptyDir or ephemeral-storage limit) is named from the status message.",
	Summary: Text{
		EN: "Evicted by the kubelet on node {node} for {resource}: {cause}; {replacement}",
		ZH: "因 {resource} 被节点 {node} 上的 kubelet 驱逐：{cause}；{replacement}",
	},
	Hints: []Text{{
		EN: "Give the container requests and limits that match its real {resource} use (pods using more than they request are evicted first): kubectl get pod {pod} -n {ns} -o yaml | grep -A8 resources:",
		ZH: "为容器设置符合实际 {resource} 用量的 requests 和 limits（用量超过 request 的 Pod 会被优先驱逐）：kubectl get pod {pod} -n {ns} -o yaml | grep -A8 resources:",
	}, {
		EN: "Find what filled node {node} (images, logs, emptyDir, other pods) and its pressure conditions: kubectl describe node {node}; kubectl describe pod {pod} -n {ns}",
		ZH: "查明节点 {node} 被什么占满（镜像、日志、emptyDir、其他 Pod）及其压力状态：kubectl describe node {node}; kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "Delete the evicted pod record once understood: kubectl delete pod {pod} -n {ns}",
		ZH: "弄清原因后清理这条 Evicted 记录：kubectl delete pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonPreempted,
	Category: CategoryEviction,
	Severity: SeverityWarning,
	Doc:      "The pod was preempted by a higher-priority pod (DisruptionTarget PreemptionByScheduler, event Preempted) or by the kubelet to admit a critical pod (status reason Preempting).",
	Summary: Text{
		EN: "Preempted on node {node} by {by}: a higher-priority pod needed its resources (this pod's priority {priority}); {replacement}",
		ZH: "在节点 {node} 上被抢占（抢占者：{by}）：更高优先级的 Pod 需要它占用的资源（本 Pod 优先级 {priority}）；{replacement}",
	},
	Hints: []Text{{
		EN: "If this workload must not be preempted, give it a higher PriorityClass (or the other pods a lower one), or add capacity: kubectl get pod {pod} -n {ns} -o yaml | grep -i priority; kubectl get priorityclass",
		ZH: "如果该工作负载不应被抢占，请给它更高的 PriorityClass（或降低其他 Pod 的优先级），或者扩容：kubectl get pod {pod} -n {ns} -o yaml | grep -i priority; kubectl get priorityclass",
	}, {
		EN: "See who preempted it and when: kubectl describe pod {pod} -n {ns}",
		ZH: "查看是谁、在什么时候抢占了它：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonNodeShutdown,
	Category: CategoryNode,
	Severity: SeverityInfo,
	Doc:      "The kubelet terminated or refused the pod because its node was shutting down (graceful node shutdown: status reason Terminated, Shutdown on 1.20, or NodeShutdown); not a fault of the pod, its owner recreates it elsewhere.",
	Summary: Text{
		EN: "Node {node} was shutting down: the kubelet {how} (graceful node shutdown); {replacement}",
		ZH: "节点 {node} 正在关机：kubelet {how}（节点优雅关机）；{replacement}",
	},
	Hints: []Text{{
		EN: "Nothing is wrong with the pod itself: check that its replacement runs on another node, then delete this Failed record: kubectl get pods -n {ns} -o wide; kubectl delete pod {pod} -n {ns}",
		ZH: "Pod 本身没有问题：确认替代它的 Pod 已在其他节点上运行，再删除这条 Failed 记录：kubectl get pods -n {ns} -o wide；kubectl delete pod {pod} -n {ns}",
	}, {
		EN: "See why {node} shut down (spot / preemptible reclaim, maintenance, scale-down) and whether the kubelet's shutdownGracePeriod gave the pod time to stop cleanly: kubectl describe node {node}; kubectl get pod {pod} -n {ns} -o yaml",
		ZH: "查看节点 {node} 关机的原因（竞价 / 抢占式实例回收、维护、缩容），以及 kubelet 的 shutdownGracePeriod 是否给了 Pod 足够的时间正常退出：kubectl describe node {node}；kubectl get pod {pod} -n {ns} -o yaml",
	}},
}}
