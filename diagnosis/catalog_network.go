package diagnosis

// networkEntries are the Service and Ingress codes (diagnosis/network).
// ExternalName Services, Services without a selector and `resource`
// backends of an Ingress are never diagnosed; every verdict waits the grace
// period from the object's creation.
var networkEntries = []Entry{{
	Reason:   ReasonServiceSelectorMatchesNothing,
	Category: CategoryNetwork,
	Severity: SeverityCritical,
	Kinds:    []string{"Service"},
	Doc:      "The Service's selector matches no pod of its namespace, so it has no endpoint at all; the pods' label sets one key or value away are named (\"app=webb instead of app=web\", \"missing tier\"). Critical: a selector never heals by itself.",
	Summary: Text{
		EN: "Service selector {selector} matches no pod in namespace {ns}; {nearest}",
		ZH: "Service 的选择器 {selector} 在命名空间 {ns} 中匹配不到任何 Pod；{nearest}",
	},
	Hints: []Text{{
		EN: "Compare the selector with the pods' labels: kubectl describe service {name} -n {ns}; kubectl get pods -n {ns} --show-labels",
		ZH: "对比选择器和 Pod 的标签：kubectl describe service {name} -n {ns}; kubectl get pods -n {ns} --show-labels",
	}, {
		EN: "Fix the selector (kubectl edit service {name} -n {ns}) or the labels of the workload's pod template; endpoints appear as soon as a pod matches: kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name}",
		ZH: "修正选择器（kubectl edit service {name} -n {ns}）或工作负载 Pod 模板里的标签；一旦有 Pod 匹配，Endpoints 就会出现：kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name}",
	}},
}, {
	Reason:   ReasonServiceTargetPortMismatch,
	Category: CategoryNetwork,
	Severity: SeverityWarning,
	Kinds:    []string{"Service"},
	Doc:      "A Service port's targetPort is a name no selected pod declares in spec.containers[].ports[].name (with the port's protocol; native sidecars count, as Kubernetes 1.32 resolves their named ports), or a number no container declares while every container declares other ports (a container declaring no port proves nothing); judged from the pods' declared ports whatever the EndpointSlices say. Warning, as design.md sets it, although it never heals by itself.",
	Summary: Text{
		EN: "Service port {port} → targetPort {target}: {detail}",
		ZH: "Service 端口 {port} → targetPort {target}：{detail}",
	},
	Hints: []Text{{
		EN: "Compare the Service's ports with the ports the pods declare: kubectl describe service {name} -n {ns}; kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name} -o yaml",
		ZH: "对比 Service 的端口和 Pod 声明的端口：kubectl describe service {name} -n {ns}; kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name} -o yaml",
	}, {
		EN: "Set targetPort to the port name or number the container declares and listens on (kubectl edit service {name} -n {ns}), or declare the port in the pod template",
		ZH: "把 targetPort 改成容器声明并实际监听的端口名或端口号（kubectl edit service {name} -n {ns}），或者在 Pod 模板里声明该端口",
	}},
}, {
	Reason:   ReasonServiceNoReadyEndpoints,
	Category: CategoryNetwork,
	Severity: SeverityWarning,
	Kinds:    []string{"Service"},
	Doc:      "Pods are selected but none is Ready and no EndpointSlice lists a ready endpoint for the Service's ports, and no pod has a diagnosis of its own (when one has, the Service carries the pods' dominant cause with their code); due once the pods have been not Ready for the grace period. Warning: the pods may still become Ready.",
	Summary: Text{
		EN: "None of the {n} pod(s) selected by {selector} is Ready ({states}), so the Service has no ready endpoint",
		ZH: "选择器 {selector} 选中的 {n} 个 Pod 都没有就绪（{states}），Service 没有可用的 Endpoint",
	},
	Hints: []Text{{
		EN: "See why the selected pods are not Ready: kubectl get pods -n {ns} -l {selector} -o wide; kubectl describe service {name} -n {ns}",
		ZH: "查看选中的 Pod 为什么没有就绪：kubectl get pods -n {ns} -l {selector} -o wide; kubectl describe service {name} -n {ns}",
	}, {
		EN: "Check which endpoints the Service has (ready: false marks a pod failing readiness): kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name} -o yaml",
		ZH: "查看 Service 的 Endpoint（ready: false 表示该 Pod 没通过就绪检查）：kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name} -o yaml",
	}},
}, {
	Reason:   ReasonIngressBackendNotFound,
	Category: CategoryNetwork,
	Severity: SeverityCritical,
	Kinds:    []string{"Ingress"},
	Doc:      "A Service the Ingress routes to (default backend or a rule's path) does not exist, or has no port of the name or number the backend gives; the host and path using it are named. `resource` backends are not checked. Critical: nothing creates the Service by itself.",
	Summary: Text{
		EN: "Ingress backend {backend} for {route}: {detail}{more}",
		ZH: "Ingress 后端 {backend}（{route}）：{detail}{more}",
	},
	Hints: []Text{{
		EN: "See the backends and their errors: kubectl describe ingress {name} -n {ns}; kubectl get services -n {ns}",
		ZH: "查看后端及其错误：kubectl describe ingress {name} -n {ns}; kubectl get services -n {ns}",
	}, {
		EN: "Create the Service, or point the backend at an existing Service and one of its ports: kubectl edit ingress {name} -n {ns}",
		ZH: "创建该 Service，或者把后端指向已存在的 Service 及其端口：kubectl edit ingress {name} -n {ns}",
	}},
}, {
	Reason:   ReasonIngressClassNotFound,
	Category: CategoryNetwork,
	Severity: SeverityCritical,
	Kinds:    []string{"Ingress"},
	Doc:      "spec.ingressClassName names no IngressClass, or it is unset, no IngressClass is annotated ingressclass.kubernetes.io/is-default-class: \"true\" and the Ingress has neither the legacy kubernetes.io/ingress.class annotation nor an address in its status (which a controller serving class-less Ingresses writes): no controller serves it. Critical: it never heals by itself.",
	Summary: Text{
		EN: "No ingress controller serves this Ingress: {detail}",
		ZH: "没有 Ingress 控制器处理这个 Ingress：{detail}",
	},
	Hints: []Text{{
		EN: "List the classes and their controllers: kubectl get ingressclass; kubectl describe ingress {name} -n {ns}",
		ZH: "列出 IngressClass 及其控制器：kubectl get ingressclass; kubectl describe ingress {name} -n {ns}",
	}, {
		EN: "Set spec.ingressClassName to an installed class (kubectl edit ingress {name} -n {ns}), or mark one class the default: kubectl annotate ingressclass <class> ingressclass.kubernetes.io/is-default-class=true",
		ZH: "把 spec.ingressClassName 改成已安装的类（kubectl edit ingress {name} -n {ns}），或把某个类设为默认：kubectl annotate ingressclass <class> ingressclass.kubernetes.io/is-default-class=true",
	}},
}}
