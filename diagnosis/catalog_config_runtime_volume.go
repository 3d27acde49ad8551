package diagnosis

// runtimeEntries: the pod sandbox and the container runtime on the node.
// SandboxImagePullFailed is an Image code but lives here with its rule's group.
var runtimeEntries = []Entry{{
	Reason:   ReasonCNIFailure,
	Category: CategoryRuntime,
	Severity: SeverityCritical,
	Doc:      "The network plugin (CNI) failed to set up the pod's network, or the node's network plugin is not ready, so the pod sandbox cannot be created.",
	Summary: Text{
		EN: "Network plugin {plugin} failed to set up the pod network on node {node}: {error}",
		ZH: "节点 {node} 上的网络插件 {plugin} 无法为 Pod 配置网络：{error}",
	},
	Hints: []Text{{
		EN: "Check that the network plugin's pods on node {node} (calico-node, kube-flannel, aws-node, cilium ...) are running, and read their logs: kubectl get pods -A -o wide --field-selector spec.nodeName={node} | grep -Ei 'calico|flannel|cilium|aws-node|weave'; kubectl describe pod {pod} -n {ns}",
		ZH: "检查节点 {node} 上网络插件的 Pod（calico-node、kube-flannel、aws-node、cilium 等）是否正常运行，并查看其日志：kubectl get pods -A -o wide --field-selector spec.nodeName={node} | grep -Ei 'calico|flannel|cilium|aws-node|weave'；kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "On node {node}, check the CNI config and binaries (/etc/cni/net.d, /opt/cni/bin; flannel also needs /run/flannel/subnet.env) and the kubelet / runtime logs; the kubelet retries by itself: kubectl get pod {pod} -n {ns} -w",
		ZH: "登录节点 {node}，检查 CNI 配置和二进制（/etc/cni/net.d、/opt/cni/bin，flannel 还需要 /run/flannel/subnet.env）以及 kubelet / 容器运行时日志；修复后 kubelet 会自动重试：kubectl get pod {pod} -n {ns} -w",
	}},
}, {
	Reason:   ReasonPodIPExhausted,
	Category: CategoryRuntime,
	Severity: SeverityCritical,
	Doc:      "The CNI IPAM has no pod IP left for the pod (host-local range full, Calico blocks exhausted, AWS VPC CNI out of ENI addresses, Cilium range full).",
	Summary: Text{
		EN: "No pod IP left on node {node}: {plugin} IPAM is exhausted ({error})",
		ZH: "节点 {node} 上已无可分配的 Pod IP：{plugin} 的 IPAM 地址耗尽（{error}）",
	},
	Hints: []Text{{
		EN: "Compare the pods on node {node} with its pod CIDR and max-pods, and look for leaked IPs (host-local keeps one file per IP under /var/lib/cni/networks/<network>/): kubectl get pods -A -o wide --field-selector spec.nodeName={node} | wc -l; kubectl get pod {pod} -n {ns} -o wide",
		ZH: "统计节点 {node} 上的 Pod 数量并与其 Pod CIDR、max-pods 对比，排查泄漏的 IP（host-local 在 /var/lib/cni/networks/<网络名>/ 下每个 IP 对应一个文件）：kubectl get pods -A -o wide --field-selector spec.nodeName={node} | wc -l；kubectl get pod {pod} -n {ns} -o wide",
	}, {
		EN: "Free or add addresses (Calico: calicoctl ipam check --show-problem-ips, a new IPPool; AWS VPC CNI: a larger subnet or prefix delegation), or let the pod go to another node: kubectl delete pod {pod} -n {ns}",
		ZH: "回收或扩充地址（Calico：calicoctl ipam check --show-problem-ips 清理泄漏，或新增 IPPool；AWS VPC CNI：换更大的子网或开启前缀委派），或让 Pod 调度到其他节点：kubectl delete pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonNodeDiskFull,
	Category: CategoryRuntime,
	Severity: SeverityCritical,
	Doc:      "The runtime hit \"no space left on device\" creating the sandbox or a container, or writing the layers of an image it pulled: the disk holding the runtime's or the kubelet's data directory on the node is full.",
	Summary: Text{
		EN: "Node {node} is out of disk space, the runtime {stage}: {error}",
		ZH: "节点 {node} 磁盘爆满，容器运行时{stage}：{error}",
	},
	Hints: []Text{{
		EN: "Check the node's conditions, then which file system is full on it (df -h /var/lib/containerd /var/lib/docker /var/lib/kubelet): kubectl describe node {node} | grep -A10 Conditions; kubectl get pod {pod} -n {ns} -o wide",
		ZH: "查看节点状况，再登录节点确认是哪个分区满了（df -h /var/lib/containerd /var/lib/docker /var/lib/kubelet）：kubectl describe node {node} | grep -A10 Conditions；kubectl get pod {pod} -n {ns} -o wide",
	}, {
		EN: "Free space on {node}: remove unused images with crictl rmi --prune (not docker system prune, which also deletes exited init containers the kubelet still needs), rotate large logs, lower imageGCHighThresholdPercent; the kubelet retries by itself: kubectl get pod {pod} -n {ns} -w",
		ZH: "清理节点 {node} 的磁盘：用 crictl rmi --prune 删除无用镜像（不要用 docker system prune，它会删掉 kubelet 仍需要的已退出 init 容器），清理过大的日志，并调低 imageGCHighThresholdPercent；kubelet 会自动重试：kubectl get pod {pod} -n {ns} -w",
	}},
}, {
	Reason:   ReasonNodeDiskIOError,
	Category: CategoryRuntime,
	Severity: SeverityCritical,
	Doc:      "The runtime hit \"input/output error\" (EIO), or a read-only file system under its own data directory, creating the sandbox or a container or writing a pulled image: the node's disk or file system is failing.",
	Summary: Text{
		EN: "Node {node} disk returns I/O errors (bad sectors or a corrupted file system): {error}",
		ZH: "节点 {node} 磁盘读写出错（磁盘坏道或文件系统损坏）：{error}",
	},
	Hints: []Text{{
		EN: "Stop scheduling onto the node and let the pod's owner recreate it elsewhere: kubectl cordon {node} && kubectl delete pod {pod} -n {ns}",
		ZH: "先封锁该节点，再删除 Pod 让控制器在其他节点上重建：kubectl cordon {node} && kubectl delete pod {pod} -n {ns}",
	}, {
		EN: "Inspect the disk on {node} (dmesg -T | grep -i 'I/O error', smartctl -a <device>, fsck after draining) and read the full error: kubectl describe pod {pod} -n {ns}",
		ZH: "在节点 {node} 上检查磁盘（dmesg -T | grep -i 'I/O error'、smartctl -a <设备>，排空节点后再 fsck），并查看完整报错：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonContainerRuntimeError,
	Category: CategoryRuntime,
	Severity: SeverityCritical,
	Doc:      "The container runtime itself is failing: the kubelet cannot reach containerd / Docker / CRI-O, or the runtime cannot reach its shims (often a broken or duplicated runtime install).",
	Summary: Text{
		EN: "The container runtime on node {node} is failing: {error}",
		ZH: "节点 {node} 上的容器运行时异常：{error}",
	},
	Hints: []Text{{
		EN: "Check the runtime on {node} (systemctl status containerd docker; journalctl -u containerd -u docker --since -1h) and the pod's events: kubectl describe pod {pod} -n {ns}",
		ZH: "检查节点 {node} 上的容器运行时（systemctl status containerd docker；journalctl -u containerd -u docker --since -1h），并查看 Pod 事件：kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "A leftover or duplicate runtime install (e.g. the distro's docker over docker-ce) breaks the shims: drain the node, remove the old packages, restart the runtime and the kubelet: kubectl drain {node} --ignore-daemonsets; kubectl get pod {pod} -n {ns} -w",
		ZH: "旧版本 docker 没删干净或重复安装（如 yum install docker 覆盖了 docker-ce）会导致 shim 不兼容：排空节点，卸载旧包，重启容器运行时和 kubelet：kubectl drain {node} --ignore-daemonsets；kubectl get pod {pod} -n {ns} -w",
	}},
}, {
	Reason:   ReasonContainerNameConflict,
	Category: CategoryRuntime,
	Severity: SeverityCritical,
	Doc:      "The runtime refuses the sandbox or container name because something on the node already holds it: a leftover container, or an earlier creation attempt still in progress.",
	Summary: Text{
		EN: "Node {node} already has a container or sandbox named {name}, held by {holder}",
		ZH: "节点 {node} 上已存在同名容器或沙箱 {name}，被 {holder} 占用",
	},
	Hints: []Text{{
		EN: "On {node}, find and remove the leftover (docker ps -a | grep {pod}; docker rm -f <id> — containerd: crictl pods --name {pod}; crictl rmp <id>), then watch the pod: kubectl get pod {pod} -n {ns} -w",
		ZH: "登录节点 {node} 找到并删除残留的同名容器（docker ps -a | grep {pod}；docker rm -f <容器ID>；containerd 用 crictl pods --name {pod}；crictl rmp <沙箱ID>），然后观察 Pod：kubectl get pod {pod} -n {ns} -w",
	}, {
		EN: "A \"name is reserved\" error right after a timeout clears once the first attempt ends; if it persists the runtime is overloaded or stuck — read the earlier events: kubectl get events -n {ns} --field-selector involvedObject.name={pod} --sort-by=.lastTimestamp",
		ZH: "超时之后出现的 \"name is reserved\" 一般在第一次创建请求结束后自动消失；若一直存在，说明运行时过载或卡住，请查看更早的事件：kubectl get events -n {ns} --field-selector involvedObject.name={pod} --sort-by=.lastTimestamp",
	}},
}, {
	Reason:   ReasonNodeMemoryAllocationFailed,
	Category: CategoryRuntime,
	Severity: SeverityWarning,
	Doc:      "The runtime or the kubelet got \"cannot allocate memory\" (or ENOSPC on a memory cgroup) creating the sandbox, the pod cgroup or a container: kernel memory fragmentation, leaked memory cgroups, or a node really out of memory.",
	Summary: Text{
		EN: "Node {node} cannot allocate memory to create the pod (memory fragmentation, leaked cgroups or memory exhausted): {error}",
		ZH: "节点 {node} 分配内存失败，无法创建 Pod（内存碎片化、memory cgroup 泄漏或内存耗尽）：{error}",
	},
	Hints: []Text{{
		EN: "Check the node's memory, then on the node free -m and cat /proc/buddyinfo (few free high-order blocks despite free memory means fragmentation): kubectl top node {node}; kubectl describe node {node} | grep -A8 Allocated; kubectl get pod {pod} -n {ns} -o wide",
		ZH: "查看节点内存，再登录节点执行 free -m 和 cat /proc/buddyinfo（剩余内存不少但高阶空闲块很少，即内存碎片化）：kubectl top node {node}；kubectl describe node {node} | grep -A8 Allocated；kubectl get pod {pod} -n {ns} -o wide",
	}, {
		EN: "For fragmentation, drop caches and compact memory on {node} (sync; echo 3 > /proc/sys/vm/drop_caches; echo 1 > /proc/sys/vm/compact_memory); for mkdir /sys/fs/cgroup/memory/... errors on 3.10 kernels, boot with cgroup.memory=nokmem or reboot the node; then: kubectl get pod {pod} -n {ns} -w",
		ZH: "内存碎片化时，在节点 {node} 上释放缓存并整理内存（sync; echo 3 > /proc/sys/vm/drop_caches; echo 1 > /proc/sys/vm/compact_memory）；若报 mkdir /sys/fs/cgroup/memory/... 且内核为 3.10，需加启动参数 cgroup.memory=nokmem 或重启节点；之后观察：kubectl get pod {pod} -n {ns} -w",
	}},
}, {
	Reason:   ReasonSandboxCreateTimeout,
	Category: CategoryRuntime,
	Severity: SeverityWarning,
	Doc:      "Creating the pod sandbox hit the kubelet's runtime request deadline (DeadlineExceeded / context deadline exceeded), most often a hanging CNI plugin or an overloaded node.",
	Summary: Text{
		EN: "Creating the pod sandbox on node {node} timed out (often the network plugin): {error}",
		ZH: "节点 {node} 创建 Pod 沙箱超时（多为网络插件问题）：{error}",
	},
	Hints: []Text{{
		EN: "A hanging network plugin is the usual cause (IPs exhausted, CNI cannot reach the API server): check its pods on {node}: kubectl get pods -A -o wide --field-selector spec.nodeName={node}; kubectl describe pod {pod} -n {ns}",
		ZH: "最常见的原因是网络插件卡住（IP 地址耗尽、CNI 连不上 API Server），检查节点 {node} 上网络插件的 Pod：kubectl get pods -A -o wide --field-selector spec.nodeName={node}；kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "Check the node's load and the runtime's log (journalctl -u containerd; crictl pods); a slow runtime may need a longer kubelet --runtime-request-timeout: kubectl get events -n {ns} --field-selector involvedObject.name={pod} --sort-by=.lastTimestamp",
		ZH: "检查节点负载和运行时日志（journalctl -u containerd；crictl pods）；运行时过慢时可适当调大 kubelet 的 --runtime-request-timeout：kubectl get events -n {ns} --field-selector involvedObject.name={pod} --sort-by=.lastTimestamp",
	}},
}, {
	Reason:   ReasonSandboxImagePullFailed,
	Category: CategoryImage,
	Severity: SeverityCritical,
	Doc:      "The node cannot pull its pause (sandbox) image, so no pod sandbox can be created on it whatever the pod's own images.",
	Summary: Text{
		EN: "Node {node} cannot pull its sandbox (pause) image {image}: {error}",
		ZH: "节点 {node} 无法拉取沙箱（pause）镜像 {image}：{error}",
	},
	Hints: []Text{{
		EN: "{fix}",
		ZH: "{fix}",
	}, {
		EN: "Point the runtime at a reachable pause image (containerd: sandbox_image in config.toml; CRI-O: pause_image; dockershim: --pod-infra-container-image) or pre-load it on {node} (ctr -n k8s.io images import); check: kubectl describe pod {pod} -n {ns}",
		ZH: "把运行时的 pause 镜像改为可访问的地址（containerd：config.toml 中的 sandbox_image；CRI-O：pause_image；dockershim：--pod-infra-container-image），或在节点 {node} 上预先导入（ctr -n k8s.io images import）；查看：kubectl describe pod {pod} -n {ns}",
	}},
}}

// volumeEntries: attaching and mounting the pod's volumes.
var volumeEntries = []Entry{{
	Reason:   ReasonVolumeMultiAttach,
	Category: CategoryVolume,
	Severity: SeverityWarning,
	Doc:      "The attach-detach controller will not attach a volume to the pod's node because it is still attached to another node (an RWO disk after the pod moved off a failed node, or shared by pods on two nodes).",
	Summary: Text{
		EN: "Volume {volume} is still attached to another node and cannot be attached to node {node} ({detail})",
		ZH: "卷 {volume} 仍挂载在其他节点上，无法挂载到节点 {node}（{detail}）",
	},
	Hints: []Text{{
		EN: "{fix}",
		ZH: "{fix}",
	}, {
		EN: "See which node still holds the volume: kubectl get volumeattachments | grep {volume}; kubectl get pod {pod} -n {ns} -o wide",
		ZH: "查看该卷仍被哪个节点占用：kubectl get volumeattachments | grep {volume}；kubectl get pod {pod} -n {ns} -o wide",
	}},
}, {
	Reason:   ReasonVolumeMountFailed,
	Category: CategoryVolume,
	Severity: SeverityCritical,
	Doc:      "A volume cannot be attached or mounted (NFS, CSI or cloud disk errors, a CSI driver not registered on the node, the kubelet's mount timeout); the storage's own message is kept.",
	Summary: Text{
		EN: "Volume {volume} cannot be attached or mounted on node {node}: {error}",
		ZH: "卷 {volume} 无法在节点 {node} 上挂载：{error}",
	},
	Hints: []Text{{
		EN: "{fix}",
		ZH: "{fix}",
	}, {
		EN: "Read the mount events and check the volume's PVC / PV and the storage backend: kubectl describe pod {pod} -n {ns}; kubectl get pvc -n {ns}",
		ZH: "查看挂载相关事件，并检查该卷对应的 PVC / PV 及存储后端：kubectl describe pod {pod} -n {ns}；kubectl get pvc -n {ns}",
	}},
}}

// configEntries: what the kubelet needs from the spec to create and start a container.
var configEntries = []Entry{{
	Reason:   ReasonConfigMapNotFound,
	Category: CategoryConfig,
	Severity: SeverityCritical,
	Doc:      "A ConfigMap the pod references through env, envFrom or a volume does not exist in the pod's namespace.",
	Summary: Text{
		EN: "ConfigMap {name} does not exist in namespace {ns} (referenced by {ref})",
		ZH: "命名空间 {ns} 中不存在 ConfigMap {name}（被 {ref} 引用）",
	},
	Hints: []Text{{
		EN: "Create it (or fix the name); the kubelet retries by itself: kubectl get configmap {name} -n {ns}; kubectl create configmap {name} -n {ns} --from-file=<file>; kubectl get pod {pod} -n {ns} -w",
		ZH: "创建该 ConfigMap（或修正引用的名字），kubelet 会自动重试：kubectl get configmap {name} -n {ns}；kubectl create configmap {name} -n {ns} --from-file=<文件>；kubectl get pod {pod} -n {ns} -w",
	}, {
		EN: "If the pod can start without it, mark the reference optional: true; see where it is referenced: kubectl get pod {pod} -n {ns} -o yaml | grep -n -B3 -A3 {name}",
		ZH: "如果没有它 Pod 也能启动，可在引用处设置 optional: true；查看具体在哪里引用：kubectl get pod {pod} -n {ns} -o yaml | grep -n -B3 -A3 {name}",
	}},
}, {
	Reason:   ReasonSecretNotFound,
	Category: CategoryConfig,
	Severity: SeverityCritical,
	Doc:      "A Secret the pod references through env, envFrom or a volume does not exist in the pod's namespace.",
	Summary: Text{
		EN: "Secret {name} does not exist in namespace {ns} (referenced by {ref})",
		ZH: "命名空间 {ns} 中不存在 Secret {name}（被 {ref} 引用）",
	},
	Hints: []Text{{
		EN: "Create it (or fix the name); the kubelet retries by itself: kubectl get secret {name} -n {ns}; kubectl create secret generic {name} -n {ns} --from-literal=<key>=<value>; kubectl get pod {pod} -n {ns} -w",
		ZH: "创建该 Secret（或修正引用的名字），kubelet 会自动重试：kubectl get secret {name} -n {ns}；kubectl create secret generic {name} -n {ns} --from-literal=<键>=<值>；kubectl get pod {pod} -n {ns} -w",
	}, {
		EN: "Secrets made by another tool (cert-manager, External Secrets, a Helm hook) may not be ready yet — check it; see where it is referenced: kubectl get pod {pod} -n {ns} -o yaml | grep -n -B3 -A3 {name}",
		ZH: "由其他组件生成的 Secret（cert-manager、External Secrets、Helm hook）可能尚未创建好，请检查其状态；查看具体在哪里引用：kubectl get pod {pod} -n {ns} -o yaml | grep -n -B3 -A3 {name}",
	}},
}, {
	Reason:   ReasonConfigKeyNotFound,
	Category: CategoryConfig,
	Severity: SeverityCritical,
	Doc:      "A ConfigMap or Secret the pod references exists but lacks the key an env valueFrom or a volume item asks for.",
	Summary: Text{
		EN: "{kind} {name} has no key {key} (referenced by {ref})",
		ZH: "{kind} {name} 中没有键 {key}（被 {ref} 引用）",
	},
	Hints: []Text{{
		EN: "See which keys {kind} {name} has and fix the key name on one side: kubectl describe {kind} {name} -n {ns}; kubectl get pod {pod} -n {ns} -o yaml | grep -n -B3 -A3 {key}",
		ZH: "查看 {kind} {name} 现有哪些键，并修正任意一侧的键名：kubectl describe {kind} {name} -n {ns}；kubectl get pod {pod} -n {ns} -o yaml | grep -n -B3 -A3 {key}",
	}, {
		EN: "If the key may be absent, set optional: true on the reference; once the key exists the kubelet retries by itself: kubectl get pod {pod} -n {ns} -w",
		ZH: "如果该键允许缺省，在引用处设置 optional: true；补上该键后 kubelet 会自动重试：kubectl get pod {pod} -n {ns} -w",
	}},
}, {
	Reason:   ReasonRunAsNonRootViolation,
	Category: CategoryConfig,
	Severity: SeverityCritical,
	Doc:      "The container's securityContext sets runAsNonRoot but the image runs as root, or as a non-numeric user the kubelet cannot verify.",
	Summary: Text{
		EN: "Container {container} must run as non-root (runAsNonRoot: true) but image {image} runs as {user}",
		ZH: "容器 {container} 要求以非 root 用户运行（runAsNonRoot: true），但镜像 {image} 以 {user} 运行",
	},
	Hints: []Text{{
		EN: "Set a numeric non-root runAsUser in the workload's pod template (a named USER in the image cannot be verified), e.g. runAsUser: 101 for nginx-unprivileged: kubectl get pod {pod} -n {ns} -o yaml | grep -B2 -A6 securityContext",
		ZH: "在工作负载的 Pod 模板中设置数字形式的非 root runAsUser（镜像里用户名形式的 USER 无法被 kubelet 校验），例如 nginx-unprivileged 用 runAsUser: 101：kubectl get pod {pod} -n {ns} -o yaml | grep -B2 -A6 securityContext",
	}, {
		EN: "Or use an image built to run as non-root (USER 10001 in the Dockerfile; check with crictl inspecti {image} | grep -i user): kubectl describe pod {pod} -n {ns}",
		ZH: "或改用以非 root 用户运行的镜像（Dockerfile 中写 USER 10001；可用 crictl inspecti {image} | grep -i user 确认）：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonCommandNotFound,
	Category: CategoryConfig,
	Severity: SeverityCritical,
	Doc:      "The container's command or entrypoint does not exist in the image (\"executable file not found\", \"no such file or directory\" on exec, exit code 127).",
	Summary: Text{
		EN: "Container {container} cannot start: {command} was not found in the image ({detail})",
		ZH: "容器 {container} 无法启动：镜像中找不到 {command}（{detail}）",
	},
	Hints: []Text{{
		EN: "Compare the container's command / args with the image (spelling, PATH, absolute path, the #! interpreter of a script): kubectl get pod {pod} -n {ns} -o yaml | grep -A4 -E 'command:|args:'",
		ZH: "核对容器的 command / args 与镜像内容（拼写、PATH、绝对路径、脚本首行 #! 指定的解释器是否存在）：kubectl get pod {pod} -n {ns} -o yaml | grep -A4 -E 'command:|args:'",
	}, {
		EN: "Open a shell in a copy of the pod with the same image and look for it (the image needs a shell): kubectl debug {pod} -n {ns} -it --copy-to={pod}-debug --container={container} -- sh",
		ZH: "用相同镜像复制一个 Pod 并进入 shell 查找该命令（镜像中需有 sh）：kubectl debug {pod} -n {ns} -it --copy-to={pod}-debug --container={container} -- sh",
	}},
}, {
	Reason:   ReasonCommandNotExecutable,
	Category: CategoryConfig,
	Severity: SeverityCritical,
	Doc:      "The container's command exists but cannot be executed: no execute permission, a directory, a noexec mount, or a binary for another CPU architecture (\"exec format error\"); exit code 126.",
	Summary: Text{
		EN: "Container {container} cannot execute {command} ({detail})",
		ZH: "容器 {container} 无法执行 {command}，文件没有执行权限或格式不对（{detail}）",
	},
	Hints: []Text{{
		EN: "Make the file executable in the image (RUN chmod +x, or COPY --chmod=755); for \"exec format error\" build the image for the node's architecture: kubectl get node {node} -o jsonpath='{.status.nodeInfo.architecture}'; kubectl describe pod {pod} -n {ns}",
		ZH: "在镜像中给文件加上执行权限（Dockerfile 中 RUN chmod +x 或 COPY --chmod=755）；若报 exec format error，请按节点的 CPU 架构构建镜像：kubectl get node {node} -o jsonpath='{.status.nodeInfo.architecture}'；kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "A volume mounted over the path or a noexec mount also gives permission denied; inspect a copy of the pod: kubectl debug {pod} -n {ns} -it --copy-to={pod}-debug --container={container} -- sh",
		ZH: "路径被卷覆盖或以 noexec 方式挂载也会导致 permission denied；复制一个 Pod 进去排查：kubectl debug {pod} -n {ns} -it --copy-to={pod}-debug --container={container} -- sh",
	}},
}, {
	Reason:   ReasonMemoryLimitTooLow,
	Category: CategoryConfig,
	Severity: SeverityCritical,
	Doc:      "A memory limit is below what any container needs to start (CRI-O refuses less than 12Mi; runc's init is OOM-killed), typically the unit mistake 1024m (milli-bytes) for 1024Mi.",
	Summary: Text{
		EN: "Container {container} memory limit {limit} ({field}) is only {bytes} bytes, below the {min} a container needs to start; memory takes Mi/Gi, 1024m means 1.024 bytes",
		ZH: "容器 {container} 的内存 limit {limit}（{field}）只有 {bytes} 字节，低于容器启动所需的 {min}；内存单位应写 Mi/Gi，1024m 表示 1.024 字节而不是 1024Mi",
	},
	Hints: []Text{{
		EN: "Raise the limit in the workload's template to what the program needs (at least 16Mi; a unit mistake is fixed by writing 1024Mi, not 1024m) and roll it out: kubectl get pod {pod} -n {ns} -o yaml | grep -B2 -A4 limits",
		ZH: "在工作负载模板中把内存 limit 调到程序实际需要的值（至少 16Mi；若是单位写错，把 1024m 改为 1024Mi）并重新发布：kubectl get pod {pod} -n {ns} -o yaml | grep -B2 -A4 limits",
	}, {
		EN: "If the spec does not set it, a LimitRange may inject a tiny default: kubectl get limitrange -n {ns} -o yaml; kubectl describe pod {pod} -n {ns}",
		ZH: "如果 spec 里没写，可能是命名空间的 LimitRange 注入了过小的默认值：kubectl get limitrange -n {ns} -o yaml；kubectl describe pod {pod} -n {ns}",
	}},
}}
