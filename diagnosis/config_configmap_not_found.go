package diagnosis

// ruleConfigMapNotFound recognises a ConfigMap the pod references (env,
// envFrom or volume) that does not exist — seeds 000/001/003 (Error 状态):
// 依赖的 ConfigMap、Secret 或者 PV 等不存在. The container waits in
// CreateContainerConfigError (`configmap "app-config" not found`), or, for a
// volume, the pod stays ContainerCreating with FailedMount `MountVolume.SetUp
// failed for volume "cfg" : configmap "app-config" not found`. An `optional:
// true` reference never fails, so the message alone is proof.
var ruleConfigMapNotFound = Rule{Reason: ReasonConfigMapNotFound, Check: checkConfigMapNotFound}

func checkConfigMapNotFound(c *Context) (Finding, bool) {
	return notFoundFinding(c, refConfigMap, isConfigMapNotFound, "configmap")
}
