package diagnosis

// schedulingEntries are the Scheduling codes of design.md, in catalog order
// (the order also breaks ties between per-node causes, see Scheduling.rank).
var schedulingEntries = []Entry{{
	Reason:   ReasonInsufficientResources,
	Category: CategoryScheduling,
	Severity: SeverityWarning,
	Doc:      "No node has enough free cpu, memory, GPU, ephemeral-storage or pod slots for the pod's requests (FailedScheduling \"Insufficient cpu\", \"Too many pods\").",
	Summary: Text{
		EN: "No node has enough free {resources} for this pod (requests {requests}){extra}; {breakdown}",
		ZH: "没有节点有足够的空闲资源：{resources}（Pod 请求 {requests}）{extra}；{breakdown}",
	},
	Hints: []Text{{
		EN: "Compare the pod's requests with what each node has left (Allocatable minus Allocated resources — requests, not actual usage): kubectl describe pod {pod} -n {ns} | grep -A4 Requests; kubectl describe nodes | grep -A8 'Allocated resources'",
		ZH: "对比 Pod 的 requests 和各节点剩余可分配资源（Allocatable 减去 Allocated resources，看的是 requests 而不是实际用量）：kubectl describe pod {pod} -n {ns} | grep -A4 Requests; kubectl describe nodes | grep -A8 'Allocated resources'",
	}, {
		EN: "Lower the requests to what the workload really needs, or add nodes; if a cluster autoscaler runs, its decision (TriggeredScaleUp / NotTriggerScaleUp) is in the pod's events: kubectl get events -n {ns} --field-selector involvedObject.name={pod}",
		ZH: "把 requests 降到业务真实需要的量，或者扩容节点；如果集群装了 cluster-autoscaler，它的扩容决定（TriggeredScaleUp / NotTriggerScaleUp）会出现在 Pod 事件里：kubectl get events -n {ns} --field-selector involvedObject.name={pod}",
	}},
}, {
	Reason:   ReasonNodeSelectorMismatch,
	Category: CategoryScheduling,
	Severity: SeverityCritical,
	Doc:      "The pod's nodeSelector or required node affinity matches no node (checked against the Node objects when they are known).",
	Summary: Text{
		EN: "No node matches the pod's nodeSelector / required node affinity ({selector}); {detail}",
		ZH: "没有节点满足 Pod 的 nodeSelector / 必需的节点亲和性（{selector}）；{detail}",
	},
	Hints: []Text{{
		EN: "Compare the pod's selector with the node labels: kubectl get pod {pod} -n {ns} -o yaml | grep -A8 -E 'nodeSelector|nodeAffinity'; kubectl get nodes --show-labels",
		ZH: "对比 Pod 的选择条件和节点标签：kubectl get pod {pod} -n {ns} -o yaml | grep -A8 -E 'nodeSelector|nodeAffinity'; kubectl get nodes --show-labels",
	}, {
		EN: "Label the node that should run it (kubectl label node <node> {label}), or fix the selector in the workload that owns the pod: kubectl describe pod {pod} -n {ns}",
		ZH: "给应该运行它的节点打上标签（kubectl label node <node> {label}），或者修改 Pod 所属工作负载里的选择条件：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonPodAffinityUnsatisfied,
	Category: CategoryScheduling,
	Severity: SeverityWarning,
	Doc:      "Required pod affinity or anti-affinity (the pod's own, or that of pods already running) excludes every node.",
	Summary: Text{
		EN: "Pod affinity / anti-affinity rules exclude every node ({rules}); {breakdown}",
		ZH: "Pod 亲和性 / 反亲和性规则排除了所有节点（{rules}）；{breakdown}",
	},
	Hints: []Text{{
		EN: "See the rules and where the matching pods run: kubectl get pod {pod} -n {ns} -o yaml | grep -A12 -E 'podAffinity|podAntiAffinity'; kubectl get pods -n {ns} -o wide --show-labels",
		ZH: "查看亲和性规则以及匹配的 Pod 跑在哪些节点：kubectl get pod {pod} -n {ns} -o yaml | grep -A12 -E 'podAffinity|podAntiAffinity'; kubectl get pods -n {ns} -o wide --show-labels",
	}, {
		EN: "Required anti-affinity per hostname needs one schedulable node per replica: add nodes, lower the replicas, or switch to preferredDuringSchedulingIgnoredDuringExecution: kubectl describe pod {pod} -n {ns}",
		ZH: "按 hostname 的硬性反亲和要求每个副本一个可调度节点：扩容节点、减少副本数，或改用 preferredDuringSchedulingIgnoredDuringExecution：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonTopologySpreadUnsatisfied,
	Category: CategoryScheduling,
	Severity: SeverityWarning,
	Doc:      "A whenUnsatisfiable: DoNotSchedule topology spread constraint cannot be met, or the nodes lack its topologyKey label.",
	Summary: Text{
		EN: "Topology spread constraints cannot be met ({constraints}); {breakdown}",
		ZH: "拓扑分布约束无法满足（{constraints}）；{breakdown}",
	},
	Hints: []Text{{
		EN: "Check the constraints against the nodes' topology labels: kubectl get pod {pod} -n {ns} -o yaml | grep -A8 topologySpreadConstraints; kubectl get nodes -L topology.kubernetes.io/zone -L kubernetes.io/hostname",
		ZH: "对照约束检查节点的拓扑标签：kubectl get pod {pod} -n {ns} -o yaml | grep -A8 topologySpreadConstraints; kubectl get nodes -L topology.kubernetes.io/zone -L kubernetes.io/hostname",
	}, {
		EN: "Label the nodes with the topologyKey, add nodes in the short domain, or relax maxSkew / use whenUnsatisfiable: ScheduleAnyway: kubectl describe pod {pod} -n {ns}",
		ZH: "给节点补上 topologyKey 标签、在缺少副本的拓扑域扩容节点，或者放宽 maxSkew / 改用 whenUnsatisfiable: ScheduleAnyway：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonUntoleratedTaint,
	Category: CategoryScheduling,
	Severity: SeverityCritical,
	Doc:      "Nodes carry NoSchedule/NoExecute taints the pod does not tolerate; for the automatic condition taints it says which node condition the taint means.",
	Summary: Text{
		EN: "Nodes carry taints the pod does not tolerate: {taints}; {breakdown}",
		ZH: "节点上有 Pod 未容忍的污点：{taints}；{breakdown}",
	},
	Hints: []Text{{
		EN: "List the nodes' taints and the pod's tolerations: kubectl describe nodes | grep -A3 Taints; kubectl get pod {pod} -n {ns} -o yaml | grep -A10 tolerations",
		ZH: "列出节点的污点和 Pod 的容忍：kubectl describe nodes | grep -A3 Taints; kubectl get pod {pod} -n {ns} -o yaml | grep -A10 tolerations",
	}, {
		EN: "A condition taint (not-ready, unreachable, memory/disk/pid-pressure, network-unavailable, uninitialized) means the node is unwell: fix the node (kubelet, runtime, CNI, disk), not the pod: kubectl get nodes; kubectl describe pod {pod} -n {ns}",
		ZH: "自动添加的状态污点（not-ready、unreachable、memory/disk/pid-pressure、network-unavailable、uninitialized）说明节点本身不健康：应修节点（kubelet、容器运行时、CNI、磁盘），而不是改 Pod：kubectl get nodes; kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "For a deliberate taint, add a matching toleration to the workload, or remove the taint (kubectl taint node {taintNode} {taintKey}-), then watch the pod: kubectl get pod {pod} -n {ns} -w",
		ZH: "对人为添加的污点，在工作负载中加上对应的容忍，或去掉污点（kubectl taint node {taintNode} {taintKey}-），然后观察 Pod：kubectl get pod {pod} -n {ns} -w",
	}},
}, {
	Reason:   ReasonNodeUnschedulable,
	Category: CategoryScheduling,
	Severity: SeverityWarning,
	Doc:      "The nodes the pod could use are cordoned (spec.unschedulable, SchedulingDisabled).",
	Summary: Text{
		EN: "The nodes it could use are cordoned (SchedulingDisabled{nodes}); {breakdown}",
		ZH: "Pod 可用的节点已被封锁（SchedulingDisabled{nodes}）；{breakdown}",
	},
	Hints: []Text{{
		EN: "See which nodes are cordoned (SchedulingDisabled) and why (a drain, maintenance): kubectl get nodes; kubectl describe pod {pod} -n {ns}",
		ZH: "查看哪些节点被封锁（SchedulingDisabled）以及原因（驱逐排空、维护）：kubectl get nodes; kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "When the maintenance is over, uncordon the node (kubectl uncordon {cordoned}); the scheduler then retries: kubectl get pod {pod} -n {ns} -w",
		ZH: "维护结束后解除封锁（kubectl uncordon {cordoned}），调度器会自动重试：kubectl get pod {pod} -n {ns} -w",
	}},
}, {
	Reason:   ReasonHostPortConflict,
	Category: CategoryScheduling,
	Severity: SeverityCritical,
	Doc:      "The hostPort the pod requests is already taken on every node it could use.",
	Summary: Text{
		EN: "hostPort {ports} is already taken on every node the pod could use; {breakdown}",
		ZH: "hostPort {ports} 在所有可用节点上都已被占用；{breakdown}",
	},
	Hints: []Text{{
		EN: "See the ports the pod asks for, then the pods holding them on each node: kubectl get pod {pod} -n {ns} -o yaml | grep -B3 -A3 hostPort; kubectl get pods -A -o wide --field-selector spec.nodeName={portNode}",
		ZH: "查看 Pod 申请的端口，再找出各节点上占用这些端口的 Pod：kubectl get pod {pod} -n {ns} -o yaml | grep -B3 -A3 hostPort; kubectl get pods -A -o wide --field-selector spec.nodeName={portNode}",
	}, {
		EN: "Prefer a Service (NodePort / LoadBalancer) to hostPort; otherwise run at most one replica per node, and roll out with maxSurge 0 so the old pod frees the port first: kubectl describe pod {pod} -n {ns}",
		ZH: "通常推荐用 Service（NodePort / LoadBalancer）对外开放端口而不是 hostPort；否则每个节点最多一个副本，滚动更新时设置 maxSurge 为 0 让旧 Pod 先释放端口：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonVolumeNodeAffinityConflict,
	Category: CategoryScheduling,
	Severity: SeverityCritical,
	Doc:      "The pod's bound volumes are pinned to a zone or to nodes where it cannot run (volume node affinity conflict, no available volume zone).",
	Summary: Text{
		EN: "The pod's volumes ({claims}) are pinned to a zone / nodes it cannot run on; {breakdown}",
		ZH: "Pod 的存储卷（{claims}）被限定在它无法运行的可用区 / 节点上；{breakdown}",
	},
	Hints: []Text{{
		EN: "Compare where the volume is pinned with the nodes' zones: kubectl get pod {pod} -n {ns} -o yaml | grep claimName; kubectl get pv -o wide; kubectl get nodes -L topology.kubernetes.io/zone",
		ZH: "对比卷所在的可用区 / 节点和各节点的可用区：kubectl get pod {pod} -n {ns} -o yaml | grep claimName; kubectl get pv -o wide; kubectl get nodes -L topology.kubernetes.io/zone",
	}, {
		EN: "Make a schedulable node available in the volume's zone (or free one there); for disposable data delete the claim so it is re-provisioned, and use volumeBindingMode: WaitForFirstConsumer so new volumes follow the pod: kubectl describe pod {pod} -n {ns}",
		ZH: "在卷所在的可用区提供一个可调度节点（或腾出资源）；数据可丢弃时删除 PVC 让它重新创建，并使用 volumeBindingMode: WaitForFirstConsumer 让新卷跟随 Pod 的调度结果：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonPVCNotBound,
	Category: CategoryScheduling,
	Severity: SeverityCritical,
	Doc:      "A PersistentVolumeClaim the pod uses is missing, being deleted, lost, or not bound to a volume.",
	Summary: Text{
		EN: "PersistentVolumeClaim \"{claim}\" {state}",
		ZH: "PersistentVolumeClaim \"{claim}\" {state}",
	},
	Hints: []Text{{
		EN: "Check the claim's status and events (provisioner, StorageClass, matching PVs): kubectl describe pvc {claim} -n {ns}; kubectl describe pod {pod} -n {ns}",
		ZH: "查看 PVC 的状态和事件（provisioner、StorageClass、可匹配的 PV）：kubectl describe pvc {claim} -n {ns}; kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "Make sure the StorageClass exists (or a default one is marked) and its provisioner is running, or create a matching PersistentVolume: kubectl get storageclass; kubectl get pvc,pv -n {ns}; kubectl get pod {pod} -n {ns} -o yaml | grep claimName",
		ZH: "确认 StorageClass 存在（或设置了默认 StorageClass）且对应的 provisioner 在运行，或者手工创建匹配的 PV：kubectl get storageclass; kubectl get pvc,pv -n {ns}; kubectl get pod {pod} -n {ns} -o yaml | grep claimName",
	}},
}, {
	Reason:   ReasonNoNodesAvailable,
	Category: CategoryScheduling,
	Severity: SeverityCritical,
	Doc:      "The scheduler sees no nodes at all (\"no nodes available to schedule pods\", \"0/0 nodes are available\").",
	Summary: Text{
		EN: "The cluster has no nodes to schedule on: {message}",
		ZH: "集群里没有可供调度的节点：{message}",
	},
	Hints: []Text{{
		EN: "Check that worker nodes joined the cluster and are registered: kubectl get nodes -o wide; kubectl describe pod {pod} -n {ns}",
		ZH: "确认工作节点已加入集群并注册成功：kubectl get nodes -o wide; kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "On a managed cluster, check the node group / node pool size and the autoscaler (a pool at zero nodes, failed joins): kubectl get events -n {ns} --field-selector involvedObject.name={pod}",
		ZH: "托管集群请检查节点组 / 节点池的规模和自动扩缩容（节点池为 0、节点加入失败）：kubectl get events -n {ns} --field-selector involvedObject.name={pod}",
	}},
}, {
	Reason:   ReasonSchedulingGated,
	Category: CategoryScheduling,
	Severity: SeverityWarning,
	Doc:      "The pod still carries spec.schedulingGates past the grace period, so the scheduler does not even try it.",
	Summary: Text{
		EN: "Scheduling held for {age} by spec.schedulingGates {gates}: {holder} has not removed them",
		ZH: "调度被 spec.schedulingGates {gates} 阻塞已 {age}：{holder}还没有移除它们",
	},
	Hints: []Text{{
		EN: "See the gates and the pod's owner: kubectl get pod {pod} -n {ns} -o yaml | grep -A3 -E 'schedulingGates|ownerReferences'",
		ZH: "查看 scheduling gate 以及 Pod 的属主：kubectl get pod {pod} -n {ns} -o yaml | grep -A3 -E 'schedulingGates|ownerReferences'",
	}, {
		EN: "If Kueue holds it, see why its workload is not admitted (quota, ClusterQueue): kubectl get workloads -n {ns}; kubectl describe pod {pod} -n {ns}",
		ZH: "如果是 Kueue 的 gate，查看对应 Workload 为什么没有被准入（配额、ClusterQueue）：kubectl get workloads -n {ns}; kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "Only if the gate's owner is gone for good, remove the gates by hand: kubectl patch pod {pod} -n {ns} --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/schedulingGates\"}]'",
		ZH: "只有在确认添加 gate 的控制器已不存在时，才手工移除：kubectl patch pod {pod} -n {ns} --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/schedulingGates\"}]'",
	}},
}, {
	Reason:   ReasonSchedulerNotRunning,
	Category: CategoryScheduling,
	Severity: SeverityCritical,
	Doc:      "The pod has been pending past the grace period with no scheduling attempt recorded (no FailedScheduling event, no PodScheduled condition), or names a schedulerName nothing serves.",
	Summary: Text{
		EN: "Pending for {age} without a single scheduling attempt: {detail}",
		ZH: "已 Pending {age}，调度器一次也没有尝试调度：{detail}",
	},
	Hints: []Text{{
		EN: "Check that the scheduler \"{scheduler}\" runs and holds its leader lease (for default-scheduler: kube-scheduler on the masters; restart it if it is stuck): kubectl get pods -n kube-system -l component=kube-scheduler; kubectl get lease -n kube-system kube-scheduler; kubectl describe pod {pod} -n {ns}",
		ZH: "检查调度器 \"{scheduler}\" 是否正常运行并持有选主租约（default-scheduler 即 master 上的 kube-scheduler，异常时可重启临时恢复）：kubectl get pods -n kube-system -l component=kube-scheduler; kubectl get lease -n kube-system kube-scheduler; kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "If the pod names another scheduler ({scheduler}), check that it is deployed and running, or remove schedulerName from the workload: kubectl get pod {pod} -n {ns} -o yaml | grep schedulerName",
		ZH: "如果 Pod 指定了其他调度器（{scheduler}），确认该调度器已部署并正常运行，或从工作负载中去掉 schedulerName：kubectl get pod {pod} -n {ns} -o yaml | grep schedulerName",
	}},
}}
