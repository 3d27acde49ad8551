package workload

import "github.com/pod-doctor/pod-doctor/diagnosis"

// phrase holds the fragments the rules put into catalog templates, in
// both languages: all the package's Chinese lives here (and in
// diagnosis/catalog_workload.go).
var phrase = struct {
	QuotaExhausted, QuotaMustSpecify, QuotaStatusUnknown, QuotaOther       diagnosis.Text
	PSAUnknownCheck                                                        diagnosis.Text
	LimitMax, LimitMaxUnset, LimitMin, LimitMinUnset, LimitRatio           diagnosis.Text
	LimitRatioUnset                                                        diagnosis.Text
	DeniedNoMessage, DenierWebhook, DenierPolicy, DenierPolicyBinding      diagnosis.Text
	WebhookNoDetails, WebhookService, WebhookCheckService, WebhookCheckURL diagnosis.Text
	RolloutDeadline, RolloutRevision, RolloutNodes                         diagnosis.Text
	ShortageReason, ShortageMessage                                        diagnosis.Text
	Sep, CreatedPods, CreatedJobs                                          diagnosis.Text
}{
	CreatedPods: diagnosis.Text{EN: "pods", ZH: "Pod"},
	CreatedJobs: diagnosis.Text{EN: "Jobs", ZH: "Job"},
	Sep:         diagnosis.Text{EN: "; ", ZH: "；"},
	QuotaExhausted: diagnosis.Text{
		EN: "ResourceQuota {quota} has no room for {resources} (requested {requested}, used {used}, limited {limited})",
		ZH: "ResourceQuota {quota} 的 {resources} 已用尽（请求 {requested}，已用 {used}，上限 {limited}）",
	},
	QuotaMustSpecify: diagnosis.Text{
		EN: "ResourceQuota {quota} requires {resources}, which the pod template does not set (containers: {containers})",
		ZH: "ResourceQuota {quota} 要求设置 {resources}，但 Pod 模板没有设置（容器：{containers}）",
	},
	QuotaStatusUnknown: diagnosis.Text{
		EN: "ResourceQuota {quota} has no usage recorded yet for {resources} (the quota controller has not synced it)",
		ZH: "ResourceQuota {quota} 尚未统计 {resources} 的用量（配额控制器还未同步）",
	},
	QuotaOther: diagnosis.Text{
		EN: "a ResourceQuota refuses them: {message}",
		ZH: "被 ResourceQuota 拒绝：{message}",
	},
	PSAUnknownCheck: diagnosis.Text{EN: "{check} ({detail})", ZH: "{check}（{detail}）"},
	LimitMax: diagnosis.Text{
		EN: "{resource} {field} {actual} is above the maximum {bound} per {type}",
		ZH: "{resource} 的 {field} {actual} 超过每个 {type} 的上限 {bound}",
	},
	LimitMaxUnset: diagnosis.Text{
		EN: "{resource} {field} is not set, but a maximum of {bound} per {type} applies",
		ZH: "未设置 {resource} 的 {field}，但每个 {type} 有上限 {bound}",
	},
	LimitMin: diagnosis.Text{
		EN: "{resource} {field} {actual} is below the minimum {bound} per {type}",
		ZH: "{resource} 的 {field} {actual} 低于每个 {type} 的下限 {bound}",
	},
	LimitMinUnset: diagnosis.Text{
		EN: "{resource} {field} is not set, but a minimum of {bound} per {type} applies",
		ZH: "未设置 {resource} 的 {field}，但每个 {type} 有下限 {bound}",
	},
	LimitRatio: diagnosis.Text{
		EN: "{resource} limit/request ratio {actual} is above the maximum {bound} per {type}",
		ZH: "{resource} 的 limit/request 比例 {actual} 超过每个 {type} 的上限 {bound}",
	},
	LimitRatioUnset: diagnosis.Text{
		EN: "{resource} {field} is not set or 0, but the limit/request ratio per {type} is capped at {bound}",
		ZH: "{resource} 的 {field} 未设置或为 0，但每个 {type} 的 limit/request 比例上限为 {bound}",
	},
	DeniedNoMessage: diagnosis.Text{EN: "no reason given", ZH: "未说明原因"},
	DenierWebhook:   diagnosis.Text{EN: `admission webhook "{webhook}"`, ZH: `准入 Webhook "{webhook}"`},
	DenierPolicy:    diagnosis.Text{EN: `ValidatingAdmissionPolicy "{policy}"`, ZH: `ValidatingAdmissionPolicy "{policy}"`},
	DenierPolicyBinding: diagnosis.Text{
		EN: `ValidatingAdmissionPolicy "{policy}" (binding "{binding}")`,
		ZH: `ValidatingAdmissionPolicy "{policy}"（绑定 "{binding}"）`,
	},
	WebhookNoDetails: diagnosis.Text{EN: "no further details", ZH: "没有更多细节"},
	WebhookService:   diagnosis.Text{EN: "; its Service is {svcns}/{svc}", ZH: "；其 Service 为 {svcns}/{svc}"},
	WebhookCheckService: diagnosis.Text{
		EN: "check that its Service has ready endpoints: kubectl get endpointslices -n {svcns} -l kubernetes.io/service-name={svc}",
		ZH: "检查其 Service 是否有就绪的 endpoint：kubectl get endpointslices -n {svcns} -l kubernetes.io/service-name={svc}",
	},
	WebhookCheckURL: diagnosis.Text{
		EN: "check that its URL answers from the API server: kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o yaml",
		ZH: "检查 API Server 能否访问其 URL：kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o yaml",
	},
	RolloutDeadline: diagnosis.Text{
		EN: "no progress within progressDeadlineSeconds={deadline} ({message})",
		ZH: "在 progressDeadlineSeconds={deadline} 秒内没有进展（{message}）",
	},
	RolloutRevision: diagnosis.Text{
		EN: "{updated} of {target} pods run the new revision {revision} (current {current})",
		ZH: "{target} 个 Pod 中只有 {updated} 个运行新版本 {revision}（当前版本 {current}）",
	},
	RolloutNodes: diagnosis.Text{
		EN: "{updated} of {target} nodes run the updated pod",
		ZH: "{target} 个节点中只有 {updated} 个运行更新后的 Pod",
	},
	ShortageReason: diagnosis.Text{EN: "available {counts}", ZH: "可用 {counts}"},
	ShortageMessage: diagnosis.Text{
		EN: "fewer pods available than desired, {pods} pods found, none diagnosed, no creation failure on record (FailedCreate events expire after an hour)",
		ZH: "可用 Pod 少于期望数量，找到 {pods} 个 Pod，均无诊断，也没有创建失败的记录（FailedCreate 事件一小时后过期）",
	},
}

// psaFixes are Pod Security's check names (the "reason" of each failed
// check in pod-security-admission policy/check_*.go) with the field that
// satisfies them.
var psaFixes = map[string]diagnosis.Text{
	"allowPrivilegeEscalation != false": {
		EN: "allowPrivilegeEscalation != false → securityContext.allowPrivilegeEscalation=false",
		ZH: "未禁止权限提升 → securityContext.allowPrivilegeEscalation=false",
	},
	"unrestricted capabilities": {
		EN: `unrestricted capabilities → securityContext.capabilities.drop=["ALL"]`,
		ZH: `未限制 capabilities → securityContext.capabilities.drop=["ALL"]`,
	},
	"runAsNonRoot != true": {
		EN: "runAsNonRoot != true → securityContext.runAsNonRoot=true",
		ZH: "未要求非 root 运行 → securityContext.runAsNonRoot=true",
	},
	"runAsUser=0": {
		EN: "runAsUser=0 → securityContext.runAsUser=<non-zero UID>",
		ZH: "以 UID 0 运行 → securityContext.runAsUser=<非 0 UID>",
	},
	"seccompProfile": {
		EN: "seccompProfile → securityContext.seccompProfile.type=RuntimeDefault",
		ZH: "seccomp 配置不合规 → securityContext.seccompProfile.type=RuntimeDefault",
	},
	"privileged": {
		EN: "privileged → remove securityContext.privileged=true",
		ZH: "特权容器 → 删除 securityContext.privileged=true",
	},
	"host namespaces": {
		EN: "host namespaces → remove hostNetwork, hostPID and hostIPC",
		ZH: "使用宿主机命名空间 → 删除 hostNetwork、hostPID 和 hostIPC",
	},
	"hostPath volumes": {
		EN: "hostPath volumes → replace the hostPath volumes (emptyDir, a PVC, a ConfigMap)",
		ZH: "使用 hostPath 卷 → 改用 emptyDir、PVC 或 ConfigMap 等卷",
	},
	"restricted volume types": {
		EN: "restricted volume types → use only configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral or persistentVolumeClaim volumes",
		ZH: "使用受限的卷类型 → 只使用 configMap、secret、emptyDir、projected、downwardAPI、csi、ephemeral 或 persistentVolumeClaim 卷",
	},
	"hostPort": {
		EN: "hostPort → remove hostPort from the container ports",
		ZH: "使用宿主机端口 → 从容器端口中删除 hostPort",
	},
	"non-default capabilities": {
		EN: "non-default capabilities → remove the extra entries of securityContext.capabilities.add",
		ZH: "添加了非默认 capabilities → 删除 securityContext.capabilities.add 中多余的项",
	},
	"procMount": {
		EN: "procMount → remove securityContext.procMount (Default)",
		ZH: "非默认 procMount → 删除 securityContext.procMount（使用 Default）",
	},
	"seLinuxOptions": {
		EN: "seLinuxOptions → remove securityContext.seLinuxOptions user and role, use an allowed type",
		ZH: "SELinux 选项不合规 → 删除 securityContext.seLinuxOptions 的 user 和 role，并使用允许的 type",
	},
	"forbidden sysctls": {
		EN: "forbidden sysctls → remove the unsafe entries of securityContext.sysctls",
		ZH: "使用被禁止的 sysctl → 删除 securityContext.sysctls 中的不安全项",
	},
	"hostProcess": {
		EN: "hostProcess → remove securityContext.windowsOptions.hostProcess=true",
		ZH: "Windows HostProcess → 删除 securityContext.windowsOptions.hostProcess=true",
	},
	"forbidden AppArmor profile": {
		EN: "forbidden AppArmor profile → securityContext.appArmorProfile.type=RuntimeDefault",
		ZH: "AppArmor 配置被禁止 → securityContext.appArmorProfile.type=RuntimeDefault",
	},
	"forbidden AppArmor profiles": {
		EN: "forbidden AppArmor profiles → securityContext.appArmorProfile.type=RuntimeDefault",
		ZH: "AppArmor 配置被禁止 → securityContext.appArmorProfile.type=RuntimeDefault",
	},
	"probe or lifecycle host": {
		EN: "probe or lifecycle host → remove the host field of the probes and lifecycle handlers",
		ZH: "探针或生命周期钩子指定了 host → 删除探针和生命周期处理器中的 host 字段",
	},
}
