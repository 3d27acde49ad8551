package diagnosis

// imageEntries is the image group's part of the catalog (SandboxImagePullFailed
// lives with the sandbox rules). Placeholders: {image} as the pod spec writes
// it, {host} its registry (docker.io when the reference names none), {error}
// the runtime's error without its rpc / containerd wrappers, {workload} the
// object `kubectl set image` should change, {secret}/{secrets} the missing
// pull secret(s).
var imageEntries = []Entry{{
	Reason:   ReasonImageNotFound,
	Category: CategoryImage,
	Severity: SeverityCritical,
	Doc:      "The registry answered that the image's repository or tag does not exist (\"not found\", \"manifest unknown\", or Docker Hub's \"pull access denied\" for an official library image).",
	Summary: Text{
		EN: "Image {image} not found on registry {host}: {error}",
		ZH: "镜像仓库 {host} 中找不到镜像 {image}（仓库名或标签不存在）：{error}",
	},
	Hints: []Text{{
		EN: "See the exact reference the node pulled: kubectl describe pod {pod} -n {ns}; then push the missing tag to {host} or point the workload at one that exists: kubectl set image {workload} {container}=<repository>:<existing-tag> -n {ns}",
		ZH: "先看节点实际拉取的镜像地址：kubectl describe pod {pod} -n {ns}；确认仓库名和标签没有写错，把缺失的标签推送到 {host}，或改用已存在的标签：kubectl set image {workload} {container}=<仓库>:<已存在的标签> -n {ns}",
	}, {
		EN: "List every failed pull of this pod with the registry's answer: kubectl get events -n {ns} --field-selector involvedObject.name={pod},reason=Failed",
		ZH: "查看该 Pod 每次拉取失败时镜像仓库的返回：kubectl get events -n {ns} --field-selector involvedObject.name={pod},reason=Failed",
	}},
}, {
	Reason:   ReasonImagePullUnauthorized,
	Category: CategoryImage,
	Severity: SeverityCritical,
	Doc:      "The registry refused to serve the image without valid credentials (401 / 403, \"pull access denied\", \"authentication required\", \"no basic auth credentials\").",
	Summary: Text{
		EN: "Registry {host} refused to pull {image} (missing or rejected credentials): {error}",
		ZH: "镜像仓库 {host} 拒绝拉取 {image}（未提供凭据或凭据无效）：{error}",
	},
	Hints: []Text{{
		EN: "Give the pod a login for {host}: kubectl create secret docker-registry regcred --docker-server={host} --docker-username=<user> --docker-password=<password> -n {ns}, reference it under imagePullSecrets in the pod template, and check what the pod uses today: kubectl get pod {pod} -n {ns} -o yaml | grep -A3 imagePullSecrets",
		ZH: "为镜像仓库 {host} 创建拉取凭据：kubectl create secret docker-registry regcred --docker-server={host} --docker-username=<用户名> --docker-password=<密码> -n {ns}，并在 Pod 模板的 imagePullSecrets 中引用；查看当前 Pod 引用了哪些 Secret：kubectl get pod {pod} -n {ns} -o yaml | grep -A3 imagePullSecrets",
	}, {
		EN: "If a secret is already referenced, check it is for {host}, not expired, and that its user may read the repository; \"repository does not exist\" can also mean a typo in {image}: kubectl get secret <name> -n {ns} -o yaml; kubectl describe pod {pod} -n {ns}",
		ZH: "如果已经引用了 Secret，确认它对应的是 {host}、没有过期、该账号有这个仓库的拉取权限；提示 \"repository does not exist\" 时也可能是 {image} 写错了：kubectl get secret <名称> -n {ns} -o yaml；kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonImagePullSecretMissing,
	Category: CategoryImage,
	Severity: SeverityCritical,
	Doc:      "An imagePullSecret the pod names does not exist in its namespace (kubelet's \"Unable to retrieve some image pull secrets\") while its image pull fails for lack of credentials.",
	Summary: Text{
		EN: "imagePullSecret {secrets} not found in namespace {ns}: {image} is pulled from {host} without credentials",
		ZH: "命名空间 {ns} 中不存在 imagePullSecret {secrets}，拉取 {image}（镜像仓库 {host}）时没有凭据",
	},
	Hints: []Text{{
		EN: "Create the missing secret in {ns} (secrets are per namespace); the kubelet retries the pull by itself: kubectl create secret docker-registry {secret} --docker-server={host} --docker-username=<user> --docker-password=<password> -n {ns} && kubectl get pod {pod} -n {ns} -w",
		ZH: "在命名空间 {ns} 中创建缺失的 Secret（Secret 不能跨命名空间使用），kubelet 会自动重新拉取：kubectl create secret docker-registry {secret} --docker-server={host} --docker-username=<用户名> --docker-password=<密码> -n {ns} && kubectl get pod {pod} -n {ns} -w",
	}, {
		EN: "If the secret exists under another name, fix the reference in the pod template: kubectl get secrets -n {ns} --field-selector type=kubernetes.io/dockerconfigjson; kubectl get pod {pod} -n {ns} -o yaml | grep -A3 imagePullSecrets",
		ZH: "如果 Secret 其实叫别的名字，修改 Pod 模板里的引用：kubectl get secrets -n {ns} --field-selector type=kubernetes.io/dockerconfigjson；kubectl get pod {pod} -n {ns} -o yaml | grep -A3 imagePullSecrets",
	}},
}, {
	Reason:   ReasonRegistryUnreachable,
	Category: CategoryImage,
	Severity: SeverityWarning,
	Doc:      "The node could not reach the registry at all: DNS lookup, TCP connect, route, proxy or TLS handshake failed, or the reference could not be resolved before a deadline (also waiting reason RegistryUnavailable).",
	Summary: Text{
		EN: "Node {node} cannot reach registry {host} to pull {image}: {error}",
		ZH: "节点 {node} 连不上镜像仓库 {host}，无法拉取 {image}：{error}",
	},
	Hints: []Text{{
		EN: "Check DNS, firewall and proxy from node {node} to {host}: kubectl debug node/{node} -it --image=busybox -- nslookup {host}; the runtime's full error is in kubectl describe pod {pod} -n {ns}",
		ZH: "从节点 {node} 检查到 {host} 的 DNS 解析、防火墙和代理：kubectl debug node/{node} -it --image=busybox -- nslookup {host}；容器运行时的完整报错见 kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "If {host} cannot be reached from this network (e.g. gcr.io, registry.k8s.io or docker.io from mainland China), pull through a reachable mirror: kubectl set image {workload} {container}=<mirror>/<repository>:<tag> -n {ns}; kubectl get pod {pod} -n {ns} -w",
		ZH: "如果当前网络访问不了 {host}（例如国内访问 gcr.io、registry.k8s.io、docker.io），改用可访问的镜像加速地址或私有镜像仓库：kubectl set image {workload} {container}=<镜像源>/<仓库>:<标签> -n {ns}；kubectl get pod {pod} -n {ns} -w",
	}},
}, {
	Reason:   ReasonRegistryInsecureHTTP,
	Category: CategoryImage,
	Severity: SeverityCritical,
	Doc:      "The registry serves plain HTTP while the container runtime talks HTTPS to it (\"server gave HTTP response to HTTPS client\"): it is not configured as an insecure registry on the node.",
	Summary: Text{
		EN: "Registry {host} answers plain HTTP but the runtime on node {node} pulls {image} over HTTPS: {error}",
		ZH: "镜像仓库 {host} 是 HTTP 协议，节点 {node} 的容器运行时却按 HTTPS 拉取 {image}：{error}",
	},
	Hints: []Text{{
		EN: "Declare {host} as an HTTP registry on every node (containerd: /etc/containerd/certs.d/{host}/hosts.toml with server = \"http://{host}\"; dockerd: \"insecure-registries\" in /etc/docker/daemon.json), restart the runtime, then skip the back-off: kubectl delete pod {pod} -n {ns}",
		ZH: "在每个节点上把 {host} 配置为 HTTP 镜像仓库（containerd：/etc/containerd/certs.d/{host}/hosts.toml 中写 server = \"http://{host}\"；dockerd：/etc/docker/daemon.json 的 insecure-registries），重启容器运行时后重建 Pod，免得等退避重试：kubectl delete pod {pod} -n {ns}",
	}, {
		EN: "Better, serve the registry over HTTPS with a certificate the nodes trust; then confirm the pull: kubectl describe pod {pod} -n {ns}",
		ZH: "更稳妥的做法是给镜像仓库配置 HTTPS 和节点信任的证书；改完后确认拉取结果：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonRegistryCertUntrusted,
	Category: CategoryImage,
	Severity: SeverityCritical,
	Doc:      "The registry's TLS certificate fails verification on the node (x509: self-signed or private CA not installed, expired, or issued for another name).",
	Summary: Text{
		EN: "Node {node} does not trust the TLS certificate of registry {host} pulling {image}: {error}",
		ZH: "节点 {node} 不信任镜像仓库 {host} 的 TLS 证书，拉取 {image} 失败：{error}",
	},
	Hints: []Text{{
		EN: "Install the CA that signed {host}'s certificate on every node (containerd: /etc/containerd/certs.d/{host}/ca.crt; dockerd: /etc/docker/certs.d/{host}/ca.crt), then skip the back-off: kubectl delete pod {pod} -n {ns}",
		ZH: "把签发 {host} 证书的 CA 放到每个节点上（containerd：/etc/containerd/certs.d/{host}/ca.crt；dockerd：/etc/docker/certs.d/{host}/ca.crt），然后重建 Pod，免得等退避重试：kubectl delete pod {pod} -n {ns}",
	}, {
		EN: "If the certificate is expired or issued for another name, renew it on the registry; the exact x509 error is in: kubectl describe pod {pod} -n {ns}",
		ZH: "如果证书已过期或域名不匹配，需要在镜像仓库上更换证书；具体的 x509 报错见：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonImagePullRateLimited,
	Category: CategoryImage,
	Severity: SeverityWarning,
	Doc:      "The registry is rate-limiting pulls from the node or its NAT address (\"toomanyrequests\", 429 Too Many Requests).",
	Summary: Text{
		EN: "Registry {host} is rate-limiting pulls of {image}: {error}",
		ZH: "镜像仓库 {host} 对拉取 {image} 限流：{error}",
	},
	Hints: []Text{{
		EN: "Pull as an authenticated user, whose limit is higher (the default --docker-server is Docker Hub): kubectl create secret docker-registry regcred --docker-username=<user> --docker-password=<access-token> -n {ns}, add it to imagePullSecrets; the pod retries after its back-off: kubectl get pod {pod} -n {ns} -w",
		ZH: "用登录后的账号拉取，限额更高（--docker-server 默认就是 Docker Hub）：kubectl create secret docker-registry regcred --docker-username=<用户名> --docker-password=<访问令牌> -n {ns}，并加入 imagePullSecrets；退避结束后 Pod 会自动重试：kubectl get pod {pod} -n {ns} -w",
	}, {
		EN: "Or pull through a mirror / pull-through cache so the nodes stop hitting {host}: kubectl set image {workload} {container}=<mirror>/<repository>:<tag> -n {ns}; kubectl describe pod {pod} -n {ns}",
		ZH: "或者通过镜像加速器 / 代理缓存拉取，避免节点直接访问 {host}：kubectl set image {workload} {container}=<镜像源>/<仓库>:<标签> -n {ns}；kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonImageCorrupt,
	Category: CategoryImage,
	Severity: SeverityCritical,
	Doc:      "The image content is broken: layer or digest verification failed, a layer could not be extracted, the download ended early (\"unexpected EOF\"), or the runtime cannot inspect the copy on the node (ImageInspectError).",
	Summary: Text{
		EN: "Image {image} from {host} is corrupt or unreadable on node {node}: {error}",
		ZH: "镜像 {image}（来自 {host}）在节点 {node} 上损坏或无法读取：{error}",
	},
	Hints: []Text{{
		EN: "Remove the broken copy on node {node} and pull again: kubectl debug node/{node} -it --image=busybox -- chroot /host crictl rmi {image}; then kubectl delete pod {pod} -n {ns}",
		ZH: "删除节点 {node} 上损坏的镜像后重新拉取：kubectl debug node/{node} -it --image=busybox -- chroot /host crictl rmi {image}；然后重建 Pod：kubectl delete pod {pod} -n {ns}",
	}, {
		EN: "If every node fails the same way, the image stored in {host} is broken: push {image} again and compare digests; the runtime's exact error: kubectl describe pod {pod} -n {ns}",
		ZH: "如果所有节点都报同样的错，说明镜像仓库 {host} 里的镜像本身已损坏，需要重新 push {image} 并核对 digest；运行时的具体报错见：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonImagePullTimeout,
	Category: CategoryImage,
	Severity: SeverityWarning,
	Doc:      "The pull had started and was cancelled or ran past a deadline (\"context canceled\", \"context deadline exceeded\", no progress): a large image, a slow registry, or pulls queued behind a big one.",
	Summary: Text{
		EN: "Pulling {image} from {host} was cancelled before it finished (large image, slow registry or queued serial pulls): {error}",
		ZH: "从 {host} 拉取 {image} 超时被取消（镜像太大、镜像仓库慢或串行拉取排队）：{error}",
	},
	Hints: []Text{{
		EN: "Give large images more time: raise the pull deadline of the runtime (containerd image_pull_progress_timeout; dockershim --image-pull-progress-deadline; kubelet --runtime-request-timeout) or pre-pull {image} on node {node}; watch the attempts: kubectl describe pod {pod} -n {ns}",
		ZH: "给大镜像更多时间：调大容器运行时的拉取超时（containerd 的 image_pull_progress_timeout；dockershim 的 --image-pull-progress-deadline；kubelet 的 --runtime-request-timeout），或提前在节点 {node} 上预拉取 {image}；查看拉取过程：kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "The kubelet pulls one image at a time by default (serializeImagePulls: true), so a big image delays every pull behind it on node {node}; allow parallel pulls (serializeImagePulls: false, maxParallelImagePulls) and see when this pod's pulls started: kubectl get events -n {ns} --field-selector involvedObject.name={pod},reason=Pulling",
		ZH: "kubelet 默认串行拉取镜像（serializeImagePulls: true），节点 {node} 上一个大镜像会让后面排队的 Pod 都超时；可开启并行拉取（serializeImagePulls: false、maxParallelImagePulls），并查看该 Pod 何时开始拉取：kubectl get events -n {ns} --field-selector involvedObject.name={pod},reason=Pulling",
	}},
}, {
	Reason:   ReasonInvalidImageName,
	Category: CategoryImage,
	Severity: SeverityCritical,
	Doc:      "The kubelet cannot parse the image reference (waiting reason InvalidImageName, \"invalid reference format\"), so no pull is attempted.",
	Summary: Text{
		EN: "Image reference {image} is not valid: {error}",
		ZH: "镜像名 {image} 格式不合法：{error}",
	},
	Hints: []Text{{
		EN: "Write the reference as [host[:port]/]path[:tag][@sha256:digest] in lower case, without spaces: kubectl set image {workload} {container}=<valid-reference> -n {ns}; the current value: kubectl get pod {pod} -n {ns} -o yaml | grep image:",
		ZH: "镜像地址应为 [host[:port]/]path[:tag][@sha256:digest]，全小写、不含空格：kubectl set image {workload} {container}=<正确的镜像地址> -n {ns}；当前写的是：kubectl get pod {pod} -n {ns} -o yaml | grep image:",
	}, {
		EN: "If the image comes from a Helm value or CI variable, check it was filled in (an unset tag leaves \"repo:\"): kubectl describe pod {pod} -n {ns}",
		ZH: "如果镜像地址来自 Helm values 或 CI 变量，检查变量是否为空（标签没替换时会变成 \"repo:\"）：kubectl describe pod {pod} -n {ns}",
	}},
}, {
	Reason:   ReasonImageNeverPullMissing,
	Category: CategoryImage,
	Severity: SeverityCritical,
	Doc:      "imagePullPolicy is Never and the image is not present on the node the pod runs on (ErrImageNeverPull).",
	Summary: Text{
		EN: "Image {image} is not on node {node} and imagePullPolicy is Never, so the kubelet will not pull it",
		ZH: "节点 {node} 上没有镜像 {image}，而 imagePullPolicy 为 Never，kubelet 不会去拉取",
	},
	Hints: []Text{{
		EN: "Load {image} onto node {node} (kind load docker-image, minikube image load, ctr -n k8s.io images import), or let the kubelet pull it by setting imagePullPolicy: IfNotPresent on {workload}; then check: kubectl describe pod {pod} -n {ns}",
		ZH: "把 {image} 导入节点 {node}（kind load docker-image、minikube image load、ctr -n k8s.io images import），或把 {workload} 的 imagePullPolicy 改为 IfNotPresent 让 kubelet 自行拉取；然后确认：kubectl describe pod {pod} -n {ns}",
	}, {
		EN: "The pod may have landed on a node that lacks the image: see where it runs and pre-load every candidate node: kubectl get pod {pod} -n {ns} -o wide",
		ZH: "Pod 可能被调度到了没有该镜像的节点：查看它所在的节点，并在所有可能调度到的节点上预先导入镜像：kubectl get pod {pod} -n {ns} -o wide",
	}},
}}
