package network

import "github.com/pod-doctor/pod-doctor/diagnosis"

// phrase holds the fragments the rules put into the catalog templates
// (diagnosis/catalog_network.go) when the wording depends on the facts.
// All of the family's Chinese text outside the catalog lives here.
var phrase = struct {
	// ServiceSelectorMatchesNothing: the nearest label sets.
	SelectorNoPods   diagnosis.Text
	SelectorNoneNear diagnosis.Text
	SelectorNearest  diagnosis.Text
	LabelMissing     diagnosis.Text
	LabelOtherValue  diagnosis.Text

	// ServiceTargetPortMismatch.
	TargetNamedMissing  diagnosis.Text
	TargetNumberMissing diagnosis.Text
	PortsNone           diagnosis.Text

	// Unclassified Service: Ready pods, no ready endpoint.
	EndpointsMissing diagnosis.Text

	// Ingress.
	DefaultBackend     diagnosis.Text
	ClassesNone        diagnosis.Text
	ClassMissing       diagnosis.Text
	ClassNoDefault     diagnosis.Text
	BackendMissing     diagnosis.Text
	BackendPortMissing diagnosis.Text
	MoreBackends       diagnosis.Text
}{
	SelectorNoPods:   diagnosis.Text{EN: "the namespace has no pods at all", ZH: "该命名空间里没有任何 Pod"},
	SelectorNoneNear: diagnosis.Text{EN: "none of the namespace's {n} distinct pod label sets is within one label of it", ZH: "命名空间中 {n} 组不同的 Pod 标签与它都相差不止一个标签"},
	SelectorNearest:  diagnosis.Text{EN: "nearest pod labels: {diffs}", ZH: "最接近的 Pod 标签：{diffs}"},
	LabelMissing:     diagnosis.Text{EN: "missing {key}", ZH: "缺少标签 {key}"},
	LabelOtherValue:  diagnosis.Text{EN: "{got} instead of {want}", ZH: "是 {got} 而不是 {want}"},

	TargetNamedMissing: diagnosis.Text{
		EN: "no selected pod declares a port named {target} (they declare {declared}), so the endpoints carry no port for it and its connections fail",
		ZH: "选中的 Pod 都没有声明名为 {target} 的端口（它们声明的是 {declared}），Endpoints 中没有对应的端口，发往它的连接会失败",
	},
	TargetNumberMissing: diagnosis.Text{
		EN: "no container of the selected pods declares port {target} (they declare {declared}); traffic goes to a port nothing declares it listens on",
		ZH: "选中 Pod 的容器都没有声明端口 {target}（它们声明的是 {declared}），流量会被发往一个没有容器声明监听的端口",
	},
	PortsNone: diagnosis.Text{EN: "no ports", ZH: "没有任何端口"},

	EndpointsMissing: diagnosis.Text{
		EN: "{n} selected pod(s) Ready, but no EndpointSlice lists a ready endpoint with a port of the Service",
		ZH: "有 {n} 个选中的 Pod 已就绪，但没有任何 EndpointSlice 列出带有该 Service 端口的就绪 Endpoint",
	},

	DefaultBackend: diagnosis.Text{EN: "the default backend", ZH: "默认后端"},
	ClassesNone:    diagnosis.Text{EN: "none", ZH: "无"},
	ClassMissing: diagnosis.Text{
		EN: "ingressClassName {class} names no IngressClass (the cluster has: {classes})",
		ZH: "ingressClassName {class} 指向的 IngressClass 不存在（集群中有：{classes}）",
	},
	ClassNoDefault: diagnosis.Text{
		EN: "no ingressClassName is set and no IngressClass is the default (the cluster has: {classes})",
		ZH: "没有设置 ingressClassName，集群里也没有默认的 IngressClass（集群中有：{classes}）",
	},
	BackendMissing: diagnosis.Text{
		EN: "Service {service} does not exist in namespace {ns}",
		ZH: "命名空间 {ns} 中不存在 Service {service}",
	},
	BackendPortMissing: diagnosis.Text{
		EN: "Service {service} has no port {port} (its ports: {ports})",
		ZH: "Service {service} 没有端口 {port}（它的端口：{ports}）",
	},
	MoreBackends: diagnosis.Text{EN: "; {n} more backend(s) broken", ZH: "；另有 {n} 个后端同样有问题"},
}
