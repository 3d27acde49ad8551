package diagnosis

import corev1 "k8s.io/api/core/v1"

// phrase holds the sentence fragments rules put into catalog templates when
// the wording depends on the facts (limit or none, which node condition ...).
// Like the catalog, it is data: one Text per fragment, both languages,
// {placeholders} filled with expand (Context.say). A phrase whose English is
// exactly {quote} shows the cluster's own English words verbatim; its Chinese
// translates them instead and may use other facts.
var phrase = struct {
	// Objects beyond pods: the roll-up of their pods' causes, and the
	// fallback's hint for an object no rule explains.
	RollupPods                Text
	ObjectUnclassifiedHint    Text
	NamespaceUnclassifiedHint Text

	// Crash: AppCrash, exit codes.
	AppLastOutput   Text
	ExitSignal      Text
	ExitNegative    Text
	ExitAppSpecific Text

	// Crash: ContainerKilled.
	KilledRuntimeLost    Text
	KilledMemoryPressure Text
	KilledByKubelet      Text
	KilledLivenessProbe  Text
	KilledUnexplained    Text

	// Crash: LifecycleHookFailed.
	HookOutputInKubeletLog Text

	// Crash: OOMKilled.
	OOMOverLimit Text
	OOMLimitNone Text
	OOMNoLimit   Text

	// Probe.
	ProbeNoOutput         Text
	ProbeNoUnhealthyEvent Text
	LivenessEarlyStartup  Text
	LivenessEarly         Text
	LivenessLate          Text

	// Termination, node and eviction: owners.
	OwnerBarePod       Text
	ReplacementByOwner Text
	ReplacementBarePod Text

	// Evicted.
	EvictEmptyDir       Text
	EvictContainerLimit Text
	EvictPodLimit       Text
	EvictNodeCondition  Text
	EvictNodeLow        Text
	EvictThreshold      Text
	EvictUsage          Text
	EvictNoMessage      Text
	EvictNodeResource   Text

	// NodeLost.
	NodeGone               Text
	NodeObjectDeleted      Text
	NodeReadyUnknown       Text
	NodePodPhaseUnknown    Text
	NodeLostForUnknown     Text
	NodeLostFor            Text
	NodePodTerminating     Text
	NodePodUnknown         Text
	NodePodStale           Text
	NodeStatefulSetNoForce Text

	// VolumeMountFailed and VolumeMultiAttach: the first thing to do.
	MountFixStorage      Text
	MountFixCSIDriver    Text
	MultiAttachNodeFix   Text
	MultiAttachSharedFix Text

	// SandboxImagePullFailed: the first thing to do.
	SandboxImageMirror Text
	SandboxImageAccess Text

	// Hint arguments the pod does not tell: the reader fills them in. They are
	// command-line tokens, the same in both languages, like the catalog's own.
	NodeNamePlaceholder Text
	TaintKeyPlaceholder Text
	LabelPlaceholder    Text
	HostPlaceholder     Text

	// NodeDiskFull: what the full disk stops.
	DiskStageCreate Text
	DiskStagePull   Text

	// NodeShutdown.
	ShutdownTerminated Text
	ShutdownRefused    Text

	// Preempted.
	PreemptedByKubelet       Text
	PreemptedByHigherPrioPod Text

	// TerminationStuck.
	StuckLastError    Text
	StuckKillFails    Text
	StuckKillRepeated Text
	StuckRunning      Text
	StuckCleanupFails Text

	// NodeAdmissionRejected.
	AdmissionOutOf     Text
	AdmissionUnmatched Text
	// TopologyAffinityError: what could not be aligned on one NUMA node.
	AdmissionTopology Text
	TopologyCPUs      Text
	TopologyMemory    Text
	TopologyHugepages Text
	TopologyDevices   Text
	TopologyUnknown   Text
	TopologySep       Text

	// Scheduling: rule variables.
	AffinityExistingPods  Text
	GatedHolder           Text
	GatedKueue            Text
	SchedulerNotRunning   Text
	SchedulerNameUnserved Text
	PVCMissing            Text
	PVCClaimCause         Text
	PVCDeleting           Text
	PVCLost               Text
	PVCNoMatchingPV       Text
	PVCNoStorage          Text
	PVCBoundToMissingPV   Text
	PVCEphemeralPending   Text
	PVCBeingDeleted       Text
	PVCUnbound            Text
	PVCEmptyClass         Text
	PVCNoClass            Text
	PVCClass              Text
	ResourcePodSlot       Text
	ResourceNoRequests    Text
	ResourceNeverFits     Text
	ResourceSep           Text
	SelectorEnforced      Text
	SelectorNoNodeLabels  Text
	SpreadDefault         Text
	SpreadMissingLabel    Text
	TaintMeaning          Text
	TaintsUnnamed         Text

	// Scheduling: the breakdown "0/4 nodes: 3 Insufficient memory, ...".
	BreakdownNodes          Text
	BreakdownSep            Text
	BreakdownCount          Text
	BreakdownCountLatin     Text
	LabelShortage           Text
	LabelHostPort           Text
	LabelVolumeZone         Text
	LabelVolumeAffinity     Text
	LabelNoPVToBind         Text
	LabelNoStorage          Text
	LabelMissingPV          Text
	LabelNoNodes            Text
	LabelSelector           Text
	LabelTaint              Text
	LabelTaintNamed         Text
	LabelCordoned           Text
	LabelSpreadLabelMissing Text
	LabelSpread             Text
	LabelExistingAnti       Text
	LabelAntiAffinity       Text
	LabelAffinityEither     Text
	LabelAffinity           Text
	LabelPrefilter          Text
}{
	RollupPods: Text{EN: "{n} of {m} pods: {summary}", ZH: "{m} 个 Pod 中有 {n} 个：{summary}"},
	ObjectUnclassifiedHint: Text{
		EN: "Read its status and events: kubectl describe {resource} {name} -n {ns}",
		ZH: "查看其状态和事件：kubectl describe {resource} {name} -n {ns}",
	},
	NamespaceUnclassifiedHint: Text{
		EN: "Read its status and events: kubectl describe namespace {name}",
		ZH: "查看其状态和事件：kubectl describe namespace {name}",
	},

	AppLastOutput:   Text{EN: "; last output: {line}", ZH: "；最后输出：{line}"},
	ExitSignal:      Text{EN: "killed by signal {signal}", ZH: "被信号 {signal} 终止"},
	ExitNegative:    Text{EN: "negative exit status: the runtime could not report a real exit code", ZH: "负数退出码：运行时无法给出真实退出码"},
	ExitAppSpecific: Text{EN: "application-specific exit code: see the program's documentation and logs", ZH: "程序自定义的退出码：请查阅程序文档和日志"},

	KilledRuntimeLost: Text{
		EN: "the runtime lost the container (node reboot, runtime restart, or containers removed by hand such as docker system prune)",
		ZH: "容器运行时找不到该容器了（节点重启、运行时重启，或手工清理了容器，例如 docker system prune）"},
	KilledMemoryPressure: Text{
		EN: "node {node} reports MemoryPressure, so the kernel or the kubelet killed processes to free memory",
		ZH: "节点 {node} 处于 MemoryPressure，内核或 kubelet 为释放内存杀掉了进程"},
	KilledByKubelet: Text{EN: "the kubelet stopped it: {message}", ZH: "kubelet 主动停止了它：{message}"},
	KilledLivenessProbe: Text{
		EN: "no event is left to tell who; the container has a liveness probe, the most common sender of SIGKILL, so check it first, then the node's kernel log for \"Out of memory: Kill process\"",
		ZH: "已没有事件可查；该容器配置了存活探针，这是 SIGKILL 最常见的来源，请先检查它，再查节点内核日志中的 \"Out of memory: Kill process\""},
	KilledUnexplained: Text{
		EN: "not its own memory limit and not a probe: most likely the system OOM killer on a node short of memory (kernel log \"Out of memory: Kill process\"), or a process outside the container",
		ZH: "既不是超出自身内存 limit，也不是探针：最可能是节点内存不足触发了系统 OOM（内核日志 \"Out of memory: Kill process\"），或容器外的进程发出的 kill"},

	HookOutputInKubeletLog: Text{
		EN: "the kubelet keeps the hook output out of events since 1.26; it is in the kubelet log",
		ZH: "自 1.26 起 kubelet 不再把钩子输出写入事件，可在 kubelet 日志中查看"},

	OOMOverLimit: Text{EN: "it used more memory than its limit {limit}", ZH: "内存用量超过了它的 limit {limit}"},
	OOMLimitNone: Text{EN: "none", ZH: "未设置"},
	OOMNoLimit: Text{
		EN: "it has no memory limit, so the kernel killed it when the node or pod cgroup ran out of memory",
		ZH: "它没有设置内存 limit，是节点或 Pod cgroup 内存耗尽时被内核杀掉的"},

	ProbeNoOutput:         Text{EN: "no output", ZH: "无输出"},
	ProbeNoUnhealthyEvent: Text{EN: "no Unhealthy event left to quote", ZH: "已无 Unhealthy 事件可引用"},
	LivenessEarlyStartup: Text{
		EN: "Failures start right after start-up (killed {ran} after start): the app is slower to become healthy than its startupProbe allows; raise the startupProbe's failureThreshold × periodSeconds",
		ZH: "容器一启动就探测失败（启动 {ran} 后即被杀）：应用变健康的时间超过了 startupProbe 允许的时长，请调大 startupProbe 的 failureThreshold × periodSeconds"},
	LivenessEarly: Text{
		EN: "Failures start right after start-up (killed {ran} after start, initialDelaySeconds {delay}): the app is killed before it can answer; add a startupProbe or raise initialDelaySeconds",
		ZH: "容器一启动就探测失败（启动 {ran} 后即被杀，initialDelaySeconds 为 {delay}）：应用还没起来就被杀掉了，请加 startupProbe 或调大 initialDelaySeconds"},
	LivenessLate: Text{
		EN: "The container had run {ran} before the probe failed: check the endpoint itself, whether the port still listens (netstat -tunlp) and whether the node is overloaded",
		ZH: "容器运行了 {ran} 后探针才失败：请检查健康检查接口本身、端口是否仍在监听（netstat -tunlp）以及节点是否负载过高"},

	OwnerBarePod: Text{EN: "a bare Pod (no controller)", ZH: "裸 Pod（无控制器）"},
	ReplacementByOwner: Text{
		EN: "its {kind} creates a replacement, this pod is only a record",
		ZH: "它的 {kind} 会创建替代 Pod，这个 Pod 只是一条记录"},
	ReplacementBarePod: Text{EN: "a bare pod: nothing recreates it, recreate it yourself", ZH: "裸 Pod 不会被自动重建，需要手工重新创建"},

	EvictEmptyDir: Text{
		EN: "emptyDir volume \"{volume}\" grew past its sizeLimit {limit}",
		ZH: "emptyDir 卷 \"{volume}\" 超过了它的 sizeLimit {limit}"},
	EvictContainerLimit: Text{
		EN: "container {container} wrote more than its ephemeral-storage limit {limit}",
		ZH: "容器 {container} 写入的临时存储超过了它的 ephemeral-storage limit {limit}"},
	EvictPodLimit: Text{
		EN: "the pod's local ephemeral storage exceeded the total limit of its containers {limit}",
		ZH: "Pod 的本地临时存储用量超过了其容器 limit 之和 {limit}"},
	EvictNodeCondition: Text{
		EN: "the node had condition {condition} when the pod was admitted",
		ZH: "Pod 准入时节点处于 {condition} 状态"},
	EvictNodeLow:      Text{EN: "the node ran low on {resource}", ZH: "节点的 {resource} 不足"},
	EvictThreshold:    Text{EN: " (threshold {threshold}, available {available})", ZH: "（阈值 {threshold}，剩余 {available}）"},
	EvictUsage:        Text{EN: "; container {container} was using {usage} against a request of {request}", ZH: "；容器 {container} 用了 {usage}，而 request 只有 {request}"},
	EvictNoMessage:    Text{EN: "no message", ZH: "无详细信息"},
	EvictNodeResource: Text{EN: "a node resource", ZH: "节点资源"},

	NodeGone:            Text{EN: "gone", ZH: "已不存在"},
	NodeObjectDeleted:   Text{EN: "the Node object no longer exists", ZH: "Node 对象已被删除"},
	NodeReadyUnknown:    Text{EN: "unknown", ZH: "未知"},
	NodePodPhaseUnknown: Text{EN: "pod phase Unknown", ZH: "Pod 状态为 Unknown"},
	NodeLostForUnknown:  Text{EN: "for an unknown time", ZH: "时长未知"},
	NodeLostFor:         Text{EN: "for {age}", ZH: "已持续 {age}"},
	NodePodTerminating: Text{
		EN: "the pod has been Terminating for {ago} because no kubelet can confirm its containers stopped",
		ZH: "Pod 已 Terminating {ago}，因为没有 kubelet 能确认其容器已停止"},
	NodePodUnknown: Text{
		EN: "the pod's state is Unknown: its containers may or may not still run",
		ZH: "Pod 状态为 Unknown：容器可能仍在运行，也可能已经停止"},
	NodePodStale: Text{
		EN: "the pod's status is stale: its containers may or may not still run",
		ZH: "Pod 状态已无法更新：容器可能仍在运行，也可能已经停止"},
	NodeStatefulSetNoForce: Text{
		EN: "; it belongs to StatefulSet {name}: do not force-delete it while the node may still run it (two pods with one identity: split-brain, data loss)",
		ZH: "；它属于 StatefulSet {name}：节点可能仍在运行它时切勿强制删除（同一身份出现两个 Pod，会脑裂或丢数据）"},
	MountFixStorage: Text{
		EN: "For CSI volumes check the driver is registered on {node} (kubectl get csinode {node} -o yaml); for NFS check the export and that the NFS client (nfs-utils / nfs-common) is installed on the node; the kubelet retries: kubectl get pod {pod} -n {ns} -w",
		ZH: "CSI 卷检查驱动是否已在节点 {node} 上注册（kubectl get csinode {node} -o yaml）；NFS 卷检查服务端 export 以及节点是否安装了 NFS 客户端（nfs-utils / nfs-common）；kubelet 会自动重试：kubectl get pod {pod} -n {ns} -w"},
	MountFixCSIDriver: Text{
		EN: "CSI driver {driver} is not registered on node {node}: its node plugin (the driver's DaemonSet pod there) is not running or failed to register. Check it and its node-driver-registrar logs, then the kubelet retries: kubectl get csinode {node} -o yaml; kubectl get pods -A -o wide --field-selector spec.nodeName={node} | grep -i csi; kubectl get pod {pod} -n {ns} -w",
		ZH: "CSI 驱动 {driver} 没有在节点 {node} 上注册：该驱动在此节点上的 node 插件（DaemonSet 的 Pod）没有运行或注册失败。检查该 Pod 及其 node-driver-registrar 日志，修复后 kubelet 会自动重试：kubectl get csinode {node} -o yaml；kubectl get pods -A -o wide --field-selector spec.nodeName={node} | grep -i csi；kubectl get pod {pod} -n {ns} -w"},
	MultiAttachNodeFix: Text{
		EN: "After a node failure the controller force-detaches after about 6 minutes; if the old node is gone for good, delete its Node object to release the disk: kubectl get nodes; kubectl describe pod {pod} -n {ns}",
		ZH: "节点故障导致 Pod 漂移时，控制器约 6 分钟后会强制解挂；若旧节点已彻底下线，删除其 Node 对象以释放云盘：kubectl get nodes；kubectl describe pod {pod} -n {ns}"},
	MultiAttachSharedFix: Text{
		EN: "Pod(s) {pods} on another, healthy node use this ReadWriteOnce volume, so it is never detached while they run: give each pod its own volume (a StatefulSet with volumeClaimTemplates), run one replica with strategy Recreate, or use a ReadWriteMany storage class: kubectl get pods -n {ns} -o wide; kubectl describe pod {pod} -n {ns}",
		ZH: "另一个健康节点上的 Pod {pods} 正在使用这个 ReadWriteOnce 卷，只要它们在运行，卷就不会被解挂：让每个 Pod 使用自己的卷（StatefulSet 的 volumeClaimTemplates），或只跑一个副本并使用 Recreate 更新策略，或改用 ReadWriteMany 的存储类：kubectl get pods -n {ns} -o wide；kubectl describe pod {pod} -n {ns}"},
	SandboxImageMirror: Text{
		EN: "If {image} is on gcr.io / registry.k8s.io and the node cannot reach it (e.g. from mainland China), use a mirror; verify from the node with crictl pull {image}, then watch: kubectl get pod {pod} -n {ns} -w",
		ZH: "若 {image} 位于 gcr.io / registry.k8s.io 而节点无法访问（如国内环境），请改用国内镜像源；在节点上用 crictl pull {image} 验证，然后观察：kubectl get pod {pod} -n {ns} -w"},
	SandboxImageAccess: Text{
		EN: "Registry {host} answers that {image} does not exist or needs a login, and the runtime pulls the sandbox image without any pod's imagePullSecrets: fix the reference, make the repository public, or give the runtime its own credentials for {host} (containerd: registry auth in config.toml; CRI-O: /etc/containers/auth.json) or pre-load the image on {node}; then: kubectl get pod {pod} -n {ns} -w",
		ZH: "镜像仓库 {host} 回复 {image} 不存在或需要登录，而运行时拉取沙箱镜像时不会使用任何 Pod 的 imagePullSecrets：改正镜像地址、把仓库设为公开，或为运行时单独配置 {host} 的凭据（containerd：config.toml 中的 registry auth；CRI-O：/etc/containers/auth.json），或在节点 {node} 上预先导入该镜像；然后观察：kubectl get pod {pod} -n {ns} -w"},
	NodeNamePlaceholder:      Text{EN: "<node>", ZH: "<node>"},
	TaintKeyPlaceholder:      Text{EN: "<key>", ZH: "<key>"},
	LabelPlaceholder:         Text{EN: "key=value", ZH: "key=value"},
	HostPlaceholder:          Text{EN: "<host>", ZH: "<host>"},
	DiskStageCreate:          Text{EN: "cannot create the pod", ZH: "无法创建 Pod"},
	DiskStagePull:            Text{EN: "cannot store image {image}", ZH: "无法保存镜像 {image}"},
	ShutdownTerminated:       Text{EN: "terminated the pod", ZH: "终止了该 Pod"},
	ShutdownRefused:          Text{EN: "refused to start the pod", ZH: "拒绝运行该 Pod"},
	PreemptedByKubelet:       Text{EN: "the kubelet, to admit a critical pod", ZH: "kubelet，为接纳关键 Pod"},
	PreemptedByHigherPrioPod: Text{EN: "a higher-priority pod", ZH: "一个更高优先级的 Pod"},

	StuckLastError: Text{EN: " (last error: {error})", ZH: "（最近错误：{error}）"},
	StuckKillFails: Text{EN: "the kubelet fails to kill the pod", ZH: "kubelet 杀不掉这个 Pod"},
	StuckKillRepeated: Text{
		EN: "the kubelet has tried to kill the containers {kills} times but they keep running: the runtime does not act (a full runtime disk is the usual cause)",
		ZH: "kubelet 已尝试杀容器 {kills} 次，但容器仍在运行：运行时没有响应（常见原因是运行时数据盘已满）"},
	StuckRunning: Text{EN: "its containers are still running past the grace period", ZH: "宽限期已过，容器仍在运行"},
	StuckCleanupFails: Text{
		EN: "the containers have stopped but the kubelet has not finished removing them; its log usually shows why (a file with the immutable attribute: \"operation not permitted\", or a full disk)",
		ZH: "容器已停止，但 kubelet 未能完成清理；kubelet 日志通常会说明原因（文件被设置了 i 属性（chattr +i）时报 \"operation not permitted\"，或磁盘已满）"},
	AdmissionOutOf: Text{
		EN: "the node had less {resource} left than the pod requests, though the scheduler thought it fitted",
		ZH: "节点剩余的 {resource} 少于 Pod 的 request，尽管调度器认为放得下"},
	AdmissionUnmatched: Text{EN: "the kubelet's admission check failed", ZH: "kubelet 的准入检查未通过"},
	AdmissionTopology: Text{
		EN: "the topology manager could not align the pod's {resources} on one NUMA node",
		ZH: "拓扑管理器无法把 Pod 的{resources}对齐到同一个 NUMA 节点"},
	TopologyCPUs:      Text{EN: "exclusive CPUs", ZH: "独占 CPU"},
	TopologyMemory:    Text{EN: "memory", ZH: "内存"},
	TopologyHugepages: Text{EN: "hugepages", ZH: "大页内存"},
	TopologyDevices:   Text{EN: "devices ({names})", ZH: "设备（{names}）"},
	TopologyUnknown:   Text{EN: "CPUs, memory or devices", ZH: "CPU、内存或设备"},
	TopologySep:       Text{EN: ", ", ZH: "、"},

	AffinityExistingPods: Text{EN: "anti-affinity of pods already running repels it", ZH: "节点上已有 Pod 的反亲和性规则排斥它"},
	GatedHolder:          Text{EN: "the controller that added them", ZH: "添加这些 gate 的控制器"},
	GatedKueue: Text{
		EN: "Kueue (the workload is not admitted yet, usually waiting for quota)",
		ZH: "Kueue（Workload 尚未被准入，通常在等待配额）"},
	SchedulerNotRunning: Text{
		EN: "kube-scheduler (\"{name}\") is not running, not leader, or cannot reach the API server",
		ZH: "kube-scheduler（\"{name}\"）没有运行、没有选主成功或连不上 API Server"},
	SchedulerNameUnserved: Text{
		EN: "nothing serves its schedulerName \"{name}\"",
		ZH: "没有调度器在服务它指定的 schedulerName \"{name}\""},
	PVCClaimCause: Text{EN: " — the claim: {reason}: {summary}", ZH: "——该 PVC：{reason}：{summary}"},
	PVCMissing: Text{
		EN: "does not exist: create it or fix claimName in the pod template",
		ZH: "不存在：请创建该 PVC，或修正 Pod 模板中的 claimName"},
	PVCDeleting: Text{
		EN: "is being deleted, and the pvc-protection finalizer keeps it while any pod, this one included, uses it: scale the workload down, let the claim go, then recreate it",
		ZH: "正在被删除，而只要还有 Pod（包括这个）在引用它，pvc-protection finalizer 就不会放行：先缩容工作负载让 PVC 删除完成，再重新创建"},
	PVCLost: Text{
		EN: "is Lost: its PersistentVolume \"{volume}\" no longer exists",
		ZH: "处于 Lost 状态：绑定的 PersistentVolume \"{volume}\" 已不存在"},
	PVCNoMatchingPV: Text{
		EN: "is unbound: no node has a PersistentVolume that matches it (static / local volumes)",
		ZH: "未绑定：没有任何节点上有与之匹配的 PersistentVolume（静态/本地卷）"},
	PVCNoStorage: Text{
		EN: "cannot be provisioned: no node's topology has enough free storage",
		ZH: "无法创建卷：没有任何节点所在拓扑有足够的存储容量"},
	PVCBoundToMissingPV: Text{EN: "is bound to a PersistentVolume that no longer exists", ZH: "绑定的 PersistentVolume 已不存在"},
	PVCEphemeralPending: Text{
		EN: "has not been created yet by the ephemeral volume controller (kube-controller-manager)",
		ZH: "尚未被临时卷控制器（kube-controller-manager）创建"},
	PVCBeingDeleted: Text{EN: "is being deleted", ZH: "正在被删除"},
	PVCUnbound:      Text{EN: "is not bound to a PersistentVolume ({detail})", ZH: "未绑定 PersistentVolume（{detail}）"},
	PVCEmptyClass: Text{
		EN: "is {phase} with storageClassName \"\": only a pre-created PersistentVolume without a class can bind it",
		ZH: "处于 {phase}，storageClassName 为空：只能绑定预先创建、不带 StorageClass 的 PV"},
	PVCNoClass: Text{
		EN: "is {phase} without storageClassName: no default StorageClass provisions it, or no PersistentVolume matches",
		ZH: "处于 {phase}，未指定 storageClassName：没有默认 StorageClass 为它创建卷，也没有匹配的 PV"},
	PVCClass: Text{
		EN: "is {phase} (StorageClass \"{class}\"): no volume was provisioned or bound",
		ZH: "处于 {phase}（StorageClass \"{class}\"）：卷没有被创建或绑定"},
	ResourcePodSlot:    Text{EN: "1 pod slot", ZH: "1 个 Pod 名额"},
	ResourceNoRequests: Text{EN: "no requests", ZH: "未设置 requests"},
	ResourceNeverFits: Text{
		EN: "; the request is larger than any node's allocatable, so it can never fit",
		ZH: "；请求量超过所有节点的可分配总量，永远调度不上"},
	ResourceSep:      Text{EN: ", ", ZH: "、"},
	SelectorEnforced: Text{EN: "scheduler-enforced node affinity", ZH: "调度器配置强制的节点亲和性"},
	SelectorNoNodeLabels: Text{
		EN: "none of the {nodes} nodes has these labels; scheduler: {detail}",
		ZH: "集群 {nodes} 个节点都没有这些标签；调度器：{detail}"},
	SpreadDefault: Text{EN: "cluster-level default constraints", ZH: "集群默认的拓扑分布约束"},
	SpreadMissingLabel: Text{
		EN: "{constraints}; no node has the label {labels}",
		ZH: "{constraints}；没有任何节点带标签 {labels}"},
	TaintMeaning:  Text{EN: " ({meaning})", ZH: "（{meaning}）"},
	TaintsUnnamed: Text{EN: "not named by the scheduler; see the nodes' Taints", ZH: "调度器未给出污点名，请查看节点的 Taints"},

	BreakdownNodes: Text{EN: "0/{total} nodes: ", ZH: "0/{total} 个节点："},
	BreakdownSep:   Text{EN: ", ", ZH: "，"},
	// BreakdownCountLatin is used when the label starts with a Latin letter
	// or digit: Chinese puts a space between the two scripts.
	BreakdownCount:          Text{EN: "{nodes} {label}", ZH: "{nodes} 个{label}"},
	BreakdownCountLatin:     Text{EN: "{nodes} {label}", ZH: "{nodes} 个 {label}"},
	LabelShortage:           Text{EN: "{quote}", ZH: "{resource} 不足"},
	LabelHostPort:           Text{EN: "host port in use", ZH: "hostPort 被占用"},
	LabelVolumeZone:         Text{EN: "volume zone", ZH: "卷可用区不符"},
	LabelVolumeAffinity:     Text{EN: "volume node affinity conflict", ZH: "卷节点亲和性冲突"},
	LabelNoPVToBind:         Text{EN: "no persistent volume to bind", ZH: "无可绑定的 PV"},
	LabelNoStorage:          Text{EN: "not enough free storage", ZH: "存储容量不足"},
	LabelMissingPV:          Text{EN: "claim bound to a missing PV", ZH: "PVC 绑定的 PV 已不存在"},
	LabelNoNodes:            Text{EN: "no nodes", ZH: "集群没有节点"},
	LabelSelector:           Text{EN: "node affinity/selector mismatch", ZH: "nodeSelector/节点亲和性不匹配"},
	LabelTaint:              Text{EN: "untolerated taint", ZH: "未容忍的污点"},
	LabelTaintNamed:         Text{EN: "taint {taints}", ZH: "污点 {taints}"},
	LabelCordoned:           Text{EN: "cordoned", ZH: "已封锁(cordon)"},
	LabelSpreadLabelMissing: Text{EN: "topology label missing", ZH: "缺少拓扑标签"},
	LabelSpread:             Text{EN: "topology spread", ZH: "拓扑分布约束不满足"},
	LabelExistingAnti:       Text{EN: "existing pods' anti-affinity", ZH: "已有 Pod 的反亲和性"},
	LabelAntiAffinity:       Text{EN: "pod anti-affinity", ZH: "Pod 反亲和性不满足"},
	LabelAffinityEither:     Text{EN: "pod affinity/anti-affinity", ZH: "Pod 亲和/反亲和性不满足"},
	LabelAffinity:           Text{EN: "pod affinity", ZH: "Pod 亲和性不满足"},
	LabelPrefilter:          Text{EN: "not this pod's node (prefilter)", ZH: "被预过滤排除"},
}

// schedShortageLabels name a resource shortage in the breakdown, by resource;
// other resources use phrase.LabelShortage. English quotes the scheduler
// ("Insufficient cpu", "Too many pods"), Chinese names the resource the way
// the seeds do.
var schedShortageLabels = map[string]Text{
	"cpu":                {EN: "{quote}", ZH: "CPU 不足"},
	"memory":             {EN: "{quote}", ZH: "内存不足"},
	"ephemeral-storage":  {EN: "{quote}", ZH: "临时存储不足"},
	"pods":               {EN: "{quote}", ZH: "可用 Pod 数不足"},
	"attachable-volumes": {EN: "max volume count", ZH: "可挂载卷数不足"},
	"nvidia.com/gpu":     {EN: "{quote}", ZH: "GPU（{resource}）不足"},
	"amd.com/gpu":        {EN: "{quote}", ZH: "GPU（{resource}）不足"},
}

// schedResourceNames name the resources a pending pod is short of, for the
// InsufficientResources summary; other resources keep their API name.
var schedResourceNames = map[string]Text{
	"pods":               {EN: "pod slots (the node's max pods)", ZH: "Pod 数量配额（节点 max-pods）"},
	"attachable-volumes": {EN: "volume attachment slots", ZH: "可挂载卷数量"},
	"cpu":                {EN: "cpu", ZH: "CPU"},
	"memory":             {EN: "memory", ZH: "内存"},
	"ephemeral-storage":  {EN: "ephemeral-storage", ZH: "临时存储（ephemeral-storage）"},
}

// schedTaintMeaning says what a well-known taint means. auto is true for the
// taints the node lifecycle controller adds from node conditions (and the
// cloud provider's): they go away when the node recovers.
type schedTaintMeaning struct {
	key  string
	text Text
	auto bool
}

// schedWellKnownTaints are the taints seed 001 lists (TaintNodesByCondition)
// plus kubeadm's control-plane taints, the ones people meet first.
var schedWellKnownTaints = [...]schedTaintMeaning{
	{corev1.TaintNodeNotReady, Text{EN: "node NotReady, Ready=False: kubelet, runtime or CNI unhealthy", ZH: "节点 NotReady，Ready=False：kubelet、容器运行时或 CNI 异常"}, true},
	{corev1.TaintNodeUnreachable, Text{EN: "node unreachable, Ready=Unknown: the kubelet stopped reporting", ZH: "节点失联，Ready=Unknown：kubelet 已停止上报状态"}, true},
	{corev1.TaintNodeMemoryPressure, Text{EN: "node under memory pressure, MemoryPressure=True", ZH: "节点内存压力大，可用内存很少，MemoryPressure=True"}, true},
	{corev1.TaintNodeDiskPressure, Text{EN: "node low on disk, DiskPressure=True", ZH: "节点磁盘空间不足，DiskPressure=True"}, true},
	{corev1.TaintNodePIDPressure, Text{EN: "node out of PIDs, PIDPressure=True", ZH: "节点进程太多，PID 不够用，PIDPressure=True"}, true},
	{corev1.TaintNodeNetworkUnavailable, Text{EN: "node network not configured, NetworkUnavailable=True", ZH: "节点网络未正确配置，NetworkUnavailable=True"}, true},
	{corev1.TaintNodeUnschedulable, Text{EN: "node cordoned, spec.unschedulable", ZH: "节点已被封锁（cordon），spec.unschedulable"}, true},
	{"node.cloudprovider.kubernetes.io/uninitialized", Text{EN: "cloud provider has not finished initialising the node", ZH: "云厂商尚未完成节点初始化"}, true},
	{"node.kubernetes.io/out-of-disk", Text{EN: "node out of disk, OutOfDisk=True", ZH: "节点磁盘空间不够，OutOfDisk=True"}, true},
	{"node-role.kubernetes.io/control-plane", Text{EN: "control-plane node, kept for system components", ZH: "控制面节点，默认只跑系统组件"}, false},
	{"node-role.kubernetes.io/master", Text{EN: "control-plane node, kept for system components", ZH: "控制面（master）节点，默认只跑系统组件"}, false},
}

// crashExitMeanings are the exit codes with a fixed meaning.
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

// crashSignals names the signals of 128+n exit codes, with what they usually mean.
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

// admissionMeanings say what a kubelet admission rejection reason means for
// the reader; OutOf<resource> is phrase.AdmissionOutOf, anything else
// phrase.AdmissionUnmatched.
var admissionMeanings = []struct {
	reasons []string
	text    Text
}{
	{[]string{"NodeAffinity", "MatchNodeSelector"}, Text{
		EN: "the node's labels no longer match the pod's nodeSelector / required node affinity",
		ZH: "节点的标签已不再满足 Pod 的 nodeSelector / 必需的节点亲和性"}},
	{[]string{"NodeName", "HostName"}, Text{EN: "spec.nodeName does not name this node", ZH: "spec.nodeName 与该节点不符"}},
	{[]string{"NodePorts", "PodFitsHostPorts"}, Text{EN: "a hostPort the pod asks for is already taken on the node", ZH: "Pod 要用的 hostPort 在节点上已被占用"}},
	{[]string{"UnexpectedAdmissionError"}, Text{
		EN: "the kubelet could not allocate a device or resource (often right after a kubelet or device-plugin restart)",
		ZH: "kubelet 无法分配设备或资源（常见于 kubelet 或设备插件刚重启之后）"}},
	{[]string{"SysctlForbidden"}, Text{
		EN: "the pod sets sysctls the kubelet does not allow (--allowed-unsafe-sysctls)",
		ZH: "Pod 设置了 kubelet 未放行的 sysctl（--allowed-unsafe-sysctls）"}},
}

// stuckBlockers map a kubelet kill error to what it means, most specific first.
var stuckBlockers = []struct {
	needles []string
	text    Text
}{
	{[]string{"operation not permitted"}, Text{
		EN: "removing the container's files fails with \"operation not permitted\": a file carries the immutable attribute (chattr +i)",
		ZH: "删除容器文件时报 \"operation not permitted\"：有文件带有 i 属性（chattr +i），无法删除"}},
	{[]string{"no space left on device"}, Text{
		EN: "the container runtime's disk is full (no space left on device), so it can neither stop nor delete containers",
		ZH: "容器运行时的数据盘已满（no space left on device），既停不掉也删不掉容器"}},
	{[]string{"device or resource busy"}, Text{
		EN: "a mount of the container is still busy (device or resource busy)",
		ZH: "容器的挂载点仍被占用（device or resource busy）"}},
	{[]string{"deadline exceeded", "DeadlineExceeded", "connection is unavailable", "connection refused", "Cannot connect to the Docker daemon", "transport is closing"}, Text{
		EN: "the container runtime does not answer the kubelet (timeouts or broken connections)",
		ZH: "容器运行时不响应 kubelet（超时或连接中断）"}},
}
