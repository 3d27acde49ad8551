package diagnosis

// unknownEntries is the fallback of the catalog.
var unknownEntries = []Entry{{
	Reason:   ReasonUnclassified,
	Category: CategoryUnknown,
	Severity: SeverityWarning,
	Doc:      "The pod is abnormal but no rule recognises the cause; the raw reason and message are kept so nothing is silenced.",
	Summary: Text{
		EN: "Abnormal ({reason}): {message}",
		ZH: "状态异常（{reason}）：{message}",
	},
	Hints: []Text{{
		EN: "Read the pod's events and container states: kubectl describe pod {pod} -n {ns}",
		ZH: "查看 Pod 的事件和容器状态：kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "Check recent events in the namespace: kubectl get events -n {ns} --field-selector involvedObject.name={pod} --sort-by=.lastTimestamp",
		ZH: "按时间查看该 Pod 的事件：kubectl get events -n {ns} --field-selector involvedObject.name={pod} --sort-by=.lastTimestamp",
	}},
}}
