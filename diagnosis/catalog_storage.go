package diagnosis

// storageEntries are the claim and namespace codes (diagnosis/storage,
// diagnosis/namespace). A claim is judged only while Pending, past the
// grace period; a namespace only once its deletion is older than it.
var storageEntries = []Entry{{
	Reason:   ReasonStorageClassNotFound,
	Category: CategoryStorage,
	Severity: SeverityCritical,
	Kinds:    []string{"PersistentVolumeClaim"},
	Doc: "A Pending claim names a StorageClass that does not exist (from the StorageClass list, or without it from the PV controller's " +
		"ProvisioningFailed `storageclass.storage.k8s.io \"x\" not found`), or names none while no class is marked default — it asked for " +
		"the default class, which does not exist — so nothing will ever provision it; a claim bound by volumeName, or with " +
		"storageClassName \"\" (static binding only), needs no class and is not this code.",
	Summary: Text{
		EN: "PVC {name} cannot be provisioned: {missing}",
		ZH: "PVC {name} 无法供应存储卷：{missing}",
	},
	Hints: []Text{{
		EN: "Fix: {fix}. Then watch it bind: kubectl get pvc {name} -n {ns} -w",
		ZH: "修复：{fix}。然后观察其绑定：kubectl get pvc {name} -n {ns} -w",
	}, {
		EN: "Compare with the classes that exist: kubectl get storageclass; kubectl describe pvc {name} -n {ns}",
		ZH: "与现有的 StorageClass 对比：kubectl get storageclass；kubectl describe pvc {name} -n {ns}",
	}},
}, {
	Reason:   ReasonProvisionerNotRunning,
	Category: CategoryStorage,
	Severity: SeverityWarning,
	Kinds:    []string{"PersistentVolumeClaim"},
	Doc: "The PV controller has been \"Waiting for a volume to be created either by the external provisioner 'x'\" for longer than the grace " +
		"period and x has written no Provisioning, ProvisioningFailed or ProvisioningSucceeded event since: nothing serves x (its controller " +
		"is not deployed or not running, or the class misspells the driver name). Warning: it heals once the provisioner runs.",
	Summary: Text{
		EN: "PVC {name} has waited {age} for external provisioner {provisioner}, which never picked it up: nothing serves {provisioner}",
		ZH: "PVC {name} 已等待外部存储供应器 {provisioner} {age}，但它从未开始处理：没有任何组件在为 {provisioner} 提供服务",
	},
	Hints: []Text{{
		EN: "Check that the controller of {provisioner} is deployed and Running, not restarting (for a CSI driver, its csi-provisioner sidecar too): kubectl get pods -A | grep {grep}; then kubectl describe pvc {name} -n {ns}",
		ZH: "确认 {provisioner} 的控制器已部署且处于 Running、没有反复重启（CSI 驱动还需确认其 csi-provisioner sidecar）：kubectl get pods -A | grep {grep}；然后 kubectl describe pvc {name} -n {ns}",
	}, {
		EN: "Check the driver is installed under exactly the name the class gives: kubectl get csidriver; kubectl get storageclass {class} -o jsonpath='{.provisioner}' (class of PVC {ns}/{name})",
		ZH: "确认驱动已安装且名称与 StorageClass 中的完全一致：kubectl get csidriver；kubectl get storageclass {class} -o jsonpath='{.provisioner}'（PVC {ns}/{name} 的 StorageClass）",
	}},
}, {
	Reason:   ReasonProvisioningFailed,
	Category: CategoryStorage,
	Severity: SeverityWarning,
	Kinds:    []string{"PersistentVolumeClaim"},
	Doc: "The newest provisioning outcome on a Pending claim is a Warning ProvisioningFailed from the PV controller or an external provisioner " +
		"(the PV controller's repeated ExternalProvisioning notice is not an outcome); the provisioner is named and its message kept. Warning: " +
		"the provisioner retries, and a failure such as exhausted capacity or quota may clear.",
	Summary: Text{
		EN: "Provisioner {provisioner} fails to create the volume of PVC {name}: {message}",
		ZH: "存储供应器 {provisioner} 无法为 PVC {name} 创建存储卷：{message}",
	},
	Hints: []Text{{
		EN: "Read the error and its history: kubectl describe pvc {name} -n {ns}",
		ZH: "查看错误及其历史：kubectl describe pvc {name} -n {ns}",
	}, {
		EN: "Read the provisioner's log about PVC {ns}/{name}: find its controller pod (kubectl get pods -A | grep {grep}), then kubectl logs -n <namespace> <pod> -c csi-provisioner",
		ZH: "查看存储供应器关于 PVC {ns}/{name} 的日志：先找到其控制器 Pod（kubectl get pods -A | grep {grep}），再执行 kubectl logs -n <namespace> <pod> -c csi-provisioner",
	}, {
		EN: "Check the class's parameters and the backend's quota and capacity: kubectl get storageclass {class} -o yaml (class of PVC {ns}/{name})",
		ZH: "检查 StorageClass 的参数以及存储后端的配额和容量：kubectl get storageclass {class} -o yaml（PVC {ns}/{name} 的 StorageClass）",
	}},
}, {
	Reason:   ReasonNamespaceStuckTerminating,
	Category: CategoryNamespace,
	Severity: SeverityCritical,
	Kinds:    []string{"Namespace"},
	Doc: "A namespace's deletion is older than the grace period; names what holds it: the namespace controller's True conditions " +
		"(NamespaceDeletionDiscoveryFailure — an unavailable APIService —, NamespaceDeletionGroupVersionParsingFailure, " +
		"NamespaceDeletionContentFailure, NamespaceFinalizersRemaining, NamespaceContentRemaining) with their messages, and the finalizers " +
		"left in spec.finalizers and metadata.finalizers, with the hints of those causes only. Critical when a finalizer holds it (past the " +
		"grace period its controller is taken as gone), Warning otherwise (an APIService can come back, content may still be deleting).",
	Summary: Text{
		EN: "Namespace {name} has been terminating for {age}: {held}",
		ZH: "命名空间 {name} 已处于 Terminating 状态 {age}：{held}",
	},
	// Order matters: diagnosis/namespace keeps the hints of the causes it finds by index.
	Hints: []Text{{
		EN: "List what is left in it: kubectl api-resources --verbs=list --namespaced -o name | xargs -n 1 kubectl get --show-kind --ignore-not-found -n {name}",
		ZH: "列出其中剩余的对象：kubectl api-resources --verbs=list --namespaced -o name | xargs -n 1 kubectl get --show-kind --ignore-not-found -n {name}",
	}, {
		EN: "Find the unavailable APIService (AVAILABLE False) and fix its backend, or delete it if its API is no longer served; the namespace controller then resumes deleting {name}: kubectl get apiservice | grep False",
		ZH: "找出不可用的 APIService（AVAILABLE 为 False），修复其后端；若该 API 已不再提供则删除它。之后命名空间控制器会继续删除 {name}：kubectl get apiservice | grep False",
	}, {
		EN: "A finalizer is removed by the controller that set it: bring that controller back. Only if it is gone for good, remove the finalizer — the cleanup it guards will never run: kubectl patch <kind> <object> -n {name} --type=merge -p '{\"metadata\":{\"finalizers\":null}}'",
		ZH: "finalizer 由设置它的控制器移除：请先恢复该控制器。仅当它已永久不存在时才手动移除 finalizer——它所保护的清理将不会执行：kubectl patch <kind> <object> -n {name} --type=merge -p '{\"metadata\":{\"finalizers\":null}}'",
	}, {
		EN: "A spec.finalizers entry other than kubernetes is removed by its own controller. Only if that controller is gone for good, drop it through the finalize subresource — its cleanup will never run: kubectl get namespace {name} -o json | jq '.spec.finalizers -= {specFinalizers}' | kubectl replace --raw /api/v1/namespaces/{name}/finalize -f -",
		ZH: "kubernetes 以外的 spec.finalizers 条目由其自己的控制器移除。仅当该控制器已永久不存在时，才通过 finalize 子资源删除它——其清理将不会执行：kubectl get namespace {name} -o json | jq '.spec.finalizers -= {specFinalizers}' | kubectl replace --raw /api/v1/namespaces/{name}/finalize -f -",
	}, {
		EN: "metadata.finalizers are removed by the controllers that set them. Only if one is gone for good, remove them — the cleanup they guard will never run: kubectl patch namespace {name} --type=merge -p '{\"metadata\":{\"finalizers\":null}}'",
		ZH: "metadata.finalizers 由设置它们的控制器移除。仅当该控制器已永久不存在时才手动移除——它们所保护的清理将不会执行：kubectl patch namespace {name} --type=merge -p '{\"metadata\":{\"finalizers\":null}}'",
	}, {
		EN: "The namespace controller runs in kube-controller-manager: check it runs and read its log about {name}: kubectl get pods -n kube-system -l component=kube-controller-manager",
		ZH: "命名空间控制器运行在 kube-controller-manager 中：确认其在运行并查看其关于 {name} 的日志：kubectl get pods -n kube-system -l component=kube-controller-manager",
	}},
}}
