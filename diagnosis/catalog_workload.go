package diagnosis

// The kinds the workload codes are written to (design.md, "Beyond pods").
var (
	workloadKinds = []string{"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob"}
	jobKinds      = []string{"Job", "CronJob"}
	rolloutKinds  = []string{"Deployment", "StatefulSet", "DaemonSet"}
)

// workloadEntries are the admission and workload codes (diagnosis/workload).
// A creation failure is the controller's ReplicaFailure condition or a
// FailedCreate event newer than every SuccessfulCreate, diagnosed once it
// has lasted the grace period; its error text picks the admission code. A
// Deployment shows it from its own condition, else from its newest
// ReplicaSet; a CronJob from its own FailedCreate (quota on Jobs), else
// from its newest Job. Severity: Critical where only a person's change
// helps, Warning where the cause may go away by itself.
var workloadEntries = []Entry{
	{
		Reason: ReasonQuotaExceeded, Category: CategoryAdmission, Severity: SeverityWarning, Kinds: workloadKinds,
		Doc: "The workload's controller cannot create pods because a ResourceQuota is exhausted (\"exceeded quota\": Warning, it frees up when other pods go) " +
			"or demands requests / limits the template lacks (\"failed quota: must specify\": Critical); names the quota and the resources, even while old pods keep the workload available.",
		Summary: Text{
			EN: "{kind} {name} cannot create {created}: {detail}",
			ZH: "{kind} {name} 无法创建 {created}：{detail}",
		},
		Hints: []Text{{
			EN: "Compare the quotas of namespace {ns} with what {kind} {name} asks for: kubectl describe resourcequota -n {ns}",
			ZH: "对比命名空间 {ns} 的配额与 {kind} {name} 的资源需求：kubectl describe resourcequota -n {ns}",
		}, {
			EN: "Set the missing requests/limits, lower them or the replicas, or raise the quota; the controller retries by itself: kubectl describe {resource} {name} -n {ns}",
			ZH: "补上缺少的 requests/limits、调低它们或副本数，或提高配额；控制器会自动重试：kubectl describe {resource} {name} -n {ns}",
		}},
	},
	{
		Reason: ReasonServiceAccountNotFound, Category: CategoryAdmission, Severity: SeverityCritical, Kinds: workloadKinds,
		Doc: "The workload's controller cannot create pods because the ServiceAccount its template names does not exist (\"error looking up service account ns/x: serviceaccount \"x\" not found\"); Critical: nothing creates it by itself.",
		Summary: Text{
			EN: "{kind} {name} cannot create {created}: ServiceAccount {sa} does not exist in namespace {sans}",
			ZH: "{kind} {name} 无法创建 {created}：命名空间 {sans} 中不存在 ServiceAccount {sa}",
		},
		Hints: []Text{{
			EN: "Create the ServiceAccount {kind} {name} names (or fix serviceAccountName in its pod template): kubectl create serviceaccount {sa} -n {sans}",
			ZH: "创建 {kind} {name} 引用的 ServiceAccount（或修正其 Pod 模板中的 serviceAccountName）：kubectl create serviceaccount {sa} -n {sans}",
		}, {
			EN: "List the ServiceAccounts that exist for {kind} {name}: kubectl get serviceaccounts -n {ns}",
			ZH: "列出 {kind} {name} 可用的 ServiceAccount：kubectl get serviceaccounts -n {ns}",
		}},
	},
	{
		Reason: ReasonPodSecurityRejected, Category: CategoryAdmission, Severity: SeverityCritical, Kinds: workloadKinds,
		Doc: "Pod Security admission rejects the workload's pods (\"violates PodSecurity \"restricted:latest\": ...\"); names the level and each failed check with the securityContext field that satisfies it; Critical: the template must change.",
		Summary: Text{
			EN: "{kind} {name} cannot create {created}: they violate Pod Security \"{level}\": {checks}",
			ZH: "{kind} {name} 无法创建 {created}：违反 Pod Security \"{level}\"：{checks}",
		},
		Hints: []Text{{
			EN: "Set these securityContext fields in the pod template of {kind} {name}, then check it without creating anything: kubectl apply --dry-run=server -n {ns} -f <manifest>",
			ZH: "在 {kind} {name} 的 Pod 模板中设置上述 securityContext 字段，然后不落地地校验：kubectl apply --dry-run=server -n {ns} -f <manifest>",
		}, {
			EN: "See the level namespace {ns} enforces on {kind} {name} (pod-security.kubernetes.io/enforce; relaxing it is a security decision): kubectl get namespace {ns} --show-labels",
			ZH: "查看命名空间 {ns} 对 {kind} {name} 强制的级别（pod-security.kubernetes.io/enforce；放宽它是安全决策）：kubectl get namespace {ns} --show-labels",
		}},
	},
	{
		Reason: ReasonLimitRangeRejected, Category: CategoryAdmission, Severity: SeverityCritical, Kinds: workloadKinds,
		Doc: "A LimitRange's minimum, maximum or limit/request ratio rejects the workload's pod template (\"maximum memory usage per Container is 1Gi, but limit is 2Gi\"); names each violation; Critical.",
		Summary: Text{
			EN: "{kind} {name} cannot create {created}: a LimitRange rejects them: {detail}",
			ZH: "{kind} {name} 无法创建 {created}：被 LimitRange 拒绝：{detail}",
		},
		Hints: []Text{{
			EN: "Compare the LimitRange of namespace {ns} with the resources of {kind} {name}: kubectl describe limitrange -n {ns}",
			ZH: "对比命名空间 {ns} 的 LimitRange 与 {kind} {name} 的资源设置：kubectl describe limitrange -n {ns}",
		}, {
			EN: "Fix the requests/limits in the pod template; the controller retries by itself: kubectl describe {resource} {name} -n {ns}",
			ZH: "修正 Pod 模板中的 requests/limits，控制器会自动重试：kubectl describe {resource} {name} -n {ns}",
		}},
	},
	{
		Reason: ReasonAdmissionWebhookDenied, Category: CategoryAdmission, Severity: SeverityCritical, Kinds: workloadKinds,
		Doc: "An admission webhook or a ValidatingAdmissionPolicy denies the workload's pods (\"admission webhook \"x\" denied the request: ...\"); names it and its message; Critical: the template or the policy must change.",
		Summary: Text{
			EN: "{kind} {name} cannot create {created}: {denier} denies them: {message}",
			ZH: "{kind} {name} 无法创建 {created}：{denier} 拒绝了它们：{message}",
		},
		Hints: []Text{{
			EN: "Find what denies the pods of {kind} {name} in {ns} and what it requires: {lookup}",
			ZH: "找到拒绝 {ns} 中 {kind} {name} 的 Pod 的策略及其要求：{lookup}",
		}, {
			EN: "Change the pod template to comply (or ask the policy's owner); the controller retries by itself: kubectl describe {resource} {name} -n {ns}",
			ZH: "修改 Pod 模板使其合规（或联系策略负责人），控制器会自动重试：kubectl describe {resource} {name} -n {ns}",
		}},
	},
	{
		Reason: ReasonAdmissionWebhookUnavailable, Category: CategoryAdmission, Severity: SeverityWarning, Kinds: workloadKinds,
		Doc: "An admission webhook the pods must pass cannot be called (\"failed calling webhook \"x\": ... connection refused / no endpoints available / context deadline exceeded\"), often because its own pods are down; names the webhook and its Service; Warning: it heals when the webhook answers.",
		Summary: Text{
			EN: "{kind} {name} cannot create {created}: admission webhook \"{webhook}\" cannot be called ({cause}){service}",
			ZH: "{kind} {name} 无法创建 {created}：无法调用准入 Webhook \"{webhook}\"（{cause}）{service}",
		},
		Hints: []Text{{
			EN: "The pods of {kind} {name} in {ns} wait on webhook {webhook}; {check}",
			ZH: "{ns} 中 {kind} {name} 的 Pod 在等待 Webhook {webhook}；{check}",
		}, {
			EN: "Find the webhook's configuration (service, failurePolicy, timeoutSeconds); {kind} {name} in {ns} retries once it answers: kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations",
			ZH: "查看该 Webhook 的配置（service、failurePolicy、timeoutSeconds）；它恢复后 {ns} 中的 {kind} {name} 会自动重试：kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations",
		}},
	},
	{
		Reason: ReasonPodCreateFailed, Category: CategoryAdmission, Severity: SeverityWarning, Kinds: workloadKinds,
		Doc: "The workload's controller cannot create pods for a reason no other admission rule recognises; the API server's message is kept.",
		Summary: Text{
			EN: "{kind} {name} cannot create {created}: {message}",
			ZH: "{kind} {name} 无法创建 {created}：{message}",
		},
		Hints: []Text{{
			EN: "Read the controller's FailedCreate events: kubectl describe {resource} {name} -n {ns}",
			ZH: "查看控制器的 FailedCreate 事件：kubectl describe {resource} {name} -n {ns}",
		}, {
			EN: "Follow the failures as they happen: kubectl get events -n {ns} --field-selector involvedObject.name={name},reason=FailedCreate --watch",
			ZH: "实时查看创建失败：kubectl get events -n {ns} --field-selector involvedObject.name={name},reason=FailedCreate --watch",
		}},
	},
	{
		Reason: ReasonJobFailed, Category: CategoryWorkload, Severity: SeverityCritical, Kinds: jobKinds,
		Doc: "The Job failed (condition Failed: BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, MaxFailedIndexesExceeded) and none of its pods is left to roll a cause up from; names the reason, the message and the limit; Critical: a failed Job never runs again. A Job whose failed pods remain carries their code instead.",
		Summary: Text{
			EN: "Job {name} failed ({detail}): {message}",
			ZH: "Job {name} 已失败（{detail}）：{message}",
		},
		Hints: []Text{{
			EN: "Read why the Job stopped and what its pods did: kubectl describe job {name} -n {ns}",
			ZH: "查看 Job 停止的原因及其 Pod 的情况：kubectl describe job {name} -n {ns}",
		}, {
			EN: "Logs of pods still present: kubectl logs -n {ns} -l batch.kubernetes.io/job-name={name} --tail=50; a failed Job does not run again: fix it and create it anew",
			ZH: "查看仍存在的 Pod 的日志：kubectl logs -n {ns} -l batch.kubernetes.io/job-name={name} --tail=50；失败的 Job 不会再运行，修正后需重新创建",
		}},
	},
	{
		Reason: ReasonRolloutStuck, Category: CategoryWorkload, Severity: SeverityWarning, Kinds: rolloutKinds,
		Doc: "A rollout stopped with no pod cause and no creation failure found: a Deployment's Progressing=False ProgressDeadlineExceeded, or a StatefulSet / DaemonSet RollingUpdate with fewer pods on the new revision than due and nothing happening for the grace period; Warning.",
		Summary: Text{
			EN: "{kind} {name}: rollout not progressing: {detail}",
			ZH: "{kind} {name}：滚动更新没有进展：{detail}",
		},
		Hints: []Text{{
			EN: "Watch the rollout and read the object's conditions and events: kubectl rollout status {resource} {name} -n {ns}; kubectl describe {resource} {name} -n {ns}",
			ZH: "观察滚动更新并查看其状况和事件：kubectl rollout status {resource} {name} -n {ns}；kubectl describe {resource} {name} -n {ns}",
		}, {
			EN: "If the new template is wrong, roll back: kubectl rollout undo {resource} {name} -n {ns}",
			ZH: "若新模板有误，回滚：kubectl rollout undo {resource} {name} -n {ns}",
		}},
	},
}
