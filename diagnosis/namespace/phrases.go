package namespace

import "github.com/pod-doctor/pod-doctor/diagnosis"

// phrase holds what holds a namespace, one fragment per cause: the
// summary joins those found into {held}. All Chinese text of the package
// lives here.
var phrase = struct {
	Discovery      diagnosis.Text
	Parsing        diagnosis.Text
	ContentFailure diagnosis.Text
	Finalizers     diagnosis.Text
	// FinalizersLeft: finalizers hold objects, and which objects is known.
	FinalizersLeft diagnosis.Text
	Content        diagnosis.Text
	SpecFinalizers diagnosis.Text
	MetaFinalizers diagnosis.Text
	// NoStatus: the namespace controller never wrote a condition.
	NoStatus diagnosis.Text
	// Unfinished: conditions all clear, only its own finalizer left.
	Unfinished diagnosis.Text
	// Sep joins the causes in the summary.
	Sep diagnosis.Text
}{
	Discovery: diagnosis.Text{
		EN: "API discovery fails for {apis} (an unavailable APIService), so its content cannot all be found and deleted",
		ZH: "{apis} 的 API 发现失败（APIService 不可用），其中的资源无法全部找到并删除",
	},
	Parsing: diagnosis.Text{
		EN: "API group versions cannot be parsed: {message}",
		ZH: "无法解析 API 组版本：{message}",
	},
	ContentFailure: diagnosis.Text{
		EN: "deleting its content fails: {message}",
		ZH: "删除其中的资源失败：{message}",
	},
	Finalizers: diagnosis.Text{
		EN: "objects in it wait on finalizers: {items}",
		ZH: "其中的对象在等待 finalizer 被移除：{items}",
	},
	FinalizersLeft: diagnosis.Text{
		EN: "objects in it wait on finalizers: {items} (left: {left})",
		ZH: "其中的对象在等待 finalizer 被移除：{items}（剩余：{left}）",
	},
	Content: diagnosis.Text{
		EN: "objects remain: {items}",
		ZH: "仍有对象未删除：{items}",
	},
	SpecFinalizers: diagnosis.Text{
		EN: "spec.finalizers still lists {list}",
		ZH: "spec.finalizers 中仍有 {list}",
	},
	MetaFinalizers: diagnosis.Text{
		EN: "metadata.finalizers still lists {list}",
		ZH: "metadata.finalizers 中仍有 {list}",
	},
	NoStatus: diagnosis.Text{
		EN: "the namespace controller has reported nothing on it (is kube-controller-manager running?)",
		ZH: "命名空间控制器没有报告任何状态（kube-controller-manager 是否在运行？）",
	},
	Unfinished: diagnosis.Text{
		EN: "the namespace controller has not removed its finalizer kubernetes although it reports no remaining content",
		ZH: "命名空间控制器报告已无剩余资源，但尚未移除其 finalizer kubernetes",
	},
	Sep: diagnosis.Text{EN: "; ", ZH: "；"},
}
