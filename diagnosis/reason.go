package diagnosis

// Reason is a catalog code (design.md, "Reason catalog"): the public name of
// one root cause, written to annotations, events, metrics and the CLI. Codes
// may be added, never renamed or removed. Each code is spelled once, here.
type Reason string

// String returns the code as written in annotations and events.
func (r Reason) String() string { return string(r) }

// The catalog codes, one constant each.
const (
	ReasonCNIFailure                 Reason = "CNIFailure"
	ReasonPodIPExhausted             Reason = "PodIPExhausted"
	ReasonNodeDiskFull               Reason = "NodeDiskFull"
	ReasonNodeDiskIOError            Reason = "NodeDiskIOError"
	ReasonContainerRuntimeError      Reason = "ContainerRuntimeError"
	ReasonContainerNameConflict      Reason = "ContainerNameConflict"
	ReasonNodeMemoryAllocationFailed Reason = "NodeMemoryAllocationFailed"
	ReasonSandboxCreateTimeout       Reason = "SandboxCreateTimeout"
	ReasonSandboxImagePullFailed     Reason = "SandboxImagePullFailed"
	ReasonVolumeMultiAttach          Reason = "VolumeMultiAttach"
	ReasonVolumeMountFailed          Reason = "VolumeMountFailed"
	ReasonConfigMapNotFound          Reason = "ConfigMapNotFound"
	ReasonSecretNotFound             Reason = "SecretNotFound"
	ReasonConfigKeyNotFound          Reason = "ConfigKeyNotFound"
	ReasonRunAsNonRootViolation      Reason = "RunAsNonRootViolation"
	ReasonCommandNotFound            Reason = "CommandNotFound"
	ReasonCommandNotExecutable       Reason = "CommandNotExecutable"
	ReasonMemoryLimitTooLow          Reason = "MemoryLimitTooLow"
	ReasonLifecycleHookFailed        Reason = "LifecycleHookFailed"
	ReasonOOMKilled                  Reason = "OOMKilled"
	ReasonDNSResolutionFailed        Reason = "DNSResolutionFailed"
	ReasonContainerKilled            Reason = "ContainerKilled"
	ReasonCompletedInRestartLoop     Reason = "CompletedInRestartLoop"
	ReasonAppCrash                   Reason = "AppCrash"
	ReasonLivenessProbeFailed        Reason = "LivenessProbeFailed"
	ReasonStartupProbeFailed         Reason = "StartupProbeFailed"
	ReasonReadinessProbeFailed       Reason = "ReadinessProbeFailed"
	ReasonNodeLost                   Reason = "NodeLost"
	ReasonNodeAdmissionRejected      Reason = "NodeAdmissionRejected"
	ReasonFinalizerBlocking          Reason = "FinalizerBlocking"
	ReasonTerminationStuck           Reason = "TerminationStuck"
	ReasonEvicted                    Reason = "Evicted"
	ReasonPreempted                  Reason = "Preempted"
	ReasonImageNotFound              Reason = "ImageNotFound"
	ReasonImagePullUnauthorized      Reason = "ImagePullUnauthorized"
	ReasonImagePullSecretMissing     Reason = "ImagePullSecretMissing"
	ReasonRegistryUnreachable        Reason = "RegistryUnreachable"
	ReasonRegistryInsecureHTTP       Reason = "RegistryInsecureHTTP"
	ReasonRegistryCertUntrusted      Reason = "RegistryCertUntrusted"
	ReasonImagePullRateLimited       Reason = "ImagePullRateLimited"
	ReasonImageCorrupt               Reason = "ImageCorrupt"
	ReasonImagePullTimeout           Reason = "ImagePullTimeout"
	ReasonInvalidImageName           Reason = "InvalidImageName"
	ReasonImageNeverPullMissing      Reason = "ImageNeverPullMissing"
	ReasonInsufficientResources      Reason = "InsufficientResources"
	ReasonNodeSelectorMismatch       Reason = "NodeSelectorMismatch"
	ReasonPodAffinityUnsatisfied     Reason = "PodAffinityUnsatisfied"
	ReasonTopologySpreadUnsatisfied  Reason = "TopologySpreadUnsatisfied"
	ReasonUntoleratedTaint           Reason = "UntoleratedTaint"
	ReasonNodeUnschedulable          Reason = "NodeUnschedulable"
	ReasonHostPortConflict           Reason = "HostPortConflict"
	ReasonVolumeNodeAffinityConflict Reason = "VolumeNodeAffinityConflict"
	ReasonPVCNotBound                Reason = "PVCNotBound"
	ReasonNoNodesAvailable           Reason = "NoNodesAvailable"
	ReasonSchedulingGated            Reason = "SchedulingGated"
	ReasonSchedulerNotRunning        Reason = "SchedulerNotRunning"
	// ReasonNodeShutdown: the kubelet terminated or refused the pod because its node was shutting down.
	ReasonNodeShutdown Reason = "NodeShutdown"
	// ReasonInitContainerStuck: an init container has been running past the stuck threshold.
	ReasonInitContainerStuck Reason = "InitContainerStuck"

	// Codes of objects beyond pods (design.md, "Beyond pods"): what no pod can show.

	// Admission: a workload's controller cannot create pods.
	ReasonQuotaExceeded               Reason = "QuotaExceeded"
	ReasonServiceAccountNotFound      Reason = "ServiceAccountNotFound"
	ReasonPodSecurityRejected         Reason = "PodSecurityRejected"
	ReasonLimitRangeRejected          Reason = "LimitRangeRejected"
	ReasonAdmissionWebhookDenied      Reason = "AdmissionWebhookDenied"
	ReasonAdmissionWebhookUnavailable Reason = "AdmissionWebhookUnavailable"
	ReasonPodCreateFailed             Reason = "PodCreateFailed"
	// Workload.
	ReasonJobFailed    Reason = "JobFailed"
	ReasonRolloutStuck Reason = "RolloutStuck"
	// Service and Ingress.
	ReasonServiceSelectorMatchesNothing Reason = "ServiceSelectorMatchesNothing"
	ReasonServiceTargetPortMismatch     Reason = "ServiceTargetPortMismatch"
	ReasonServiceNoReadyEndpoints       Reason = "ServiceNoReadyEndpoints"
	ReasonIngressBackendNotFound        Reason = "IngressBackendNotFound"
	ReasonIngressClassNotFound          Reason = "IngressClassNotFound"
	// Storage.
	ReasonStorageClassNotFound  Reason = "StorageClassNotFound"
	ReasonProvisionerNotRunning Reason = "ProvisionerNotRunning"
	ReasonProvisioningFailed    Reason = "ProvisioningFailed"
	// Namespace.
	ReasonNamespaceStuckTerminating Reason = "NamespaceStuckTerminating"

	// ReasonUnclassified is the fallback code: abnormal, but no rule matched.
	ReasonUnclassified Reason = "Unclassified"
	// ReasonHealthy is what `diagnose --all` prints for a pod without a
	// diagnosis. It is never written to a pod.
	ReasonHealthy Reason = "Healthy"
)
