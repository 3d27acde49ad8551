package storage

import "github.com/pod-doctor/pod-doctor/diagnosis"

// phrase holds the fragments the rules put into the catalog's templates
// when the wording depends on the facts (a class that is missing, or no
// default class at all). All Chinese text of the package lives here.
var phrase = struct {
	// StorageClassNotFound: what is missing ({missing}) and what fixes it ({fix}).
	ClassMissing   diagnosis.Text
	NoDefaultClass diagnosis.Text
	FixMissing     diagnosis.Text
	FixNoDefault   diagnosis.Text

	// Unclassified: a Pending claim with no event at all.
	NoEvent diagnosis.Text
}{
	ClassMissing: diagnosis.Text{
		EN: `StorageClass "{class}" does not exist`,
		ZH: `StorageClass "{class}" 不存在`,
	},
	NoDefaultClass: diagnosis.Text{
		EN: "it names no StorageClass and no class is marked default",
		ZH: "它未指定 StorageClass，集群中也没有标记为默认的 StorageClass",
	},
	FixMissing: diagnosis.Text{
		EN: `create StorageClass "{class}" (for static provisioning: a PersistentVolume with storageClassName {class}), or delete the claim and re-create it naming an existing class (storageClassName cannot be changed)`,
		ZH: `创建 StorageClass "{class}"（静态供应则创建 storageClassName 为 {class} 的 PersistentVolume），或删除该 PVC 并以现有的 StorageClass 重新创建（storageClassName 不可修改）`,
	},
	FixNoDefault: diagnosis.Text{
		EN: "mark a class default (kubectl annotate storageclass <class> storageclass.kubernetes.io/is-default-class=true; Kubernetes 1.28+ then assigns it to this claim), or re-create the claim naming a class",
		ZH: "将某个 StorageClass 标记为默认（kubectl annotate storageclass <class> storageclass.kubernetes.io/is-default-class=true；Kubernetes 1.28 及以上会把它补设给此 PVC），或重新创建 PVC 并指定 StorageClass",
	},
	NoEvent: diagnosis.Text{
		EN: "Pending for {age} with no event about it",
		ZH: "已 Pending {age}，没有任何相关事件",
	},
}
