package diagnosis

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// ruleMemoryLimitTooLow recognises a memory limit too small for any process
// to start, read from the spec itself. Seed 001 (limit 设置太小或者单位不对):
// `memory: 1024m` is 1.024 *bytes* ("m" is milli); the pause container is
// killed by the cgroup as soon as it starts, the pod stays ContainerCreating
// with "Pod sandbox changed, it will be killed and re-created" and the runtime
// reports `running exec setns process for init caused "signal: killed"`.
//
// The threshold is the only minimum a Kubernetes runtime enforces: CRI-O
// refuses limits under 12 MiB (minMemoryLimit = 12582912: "pod set memory
// limit 1048576 too low; should be at least 12582912"); Docker refuses
// containers under 6 MB; containerd and runc enforce nothing, and runc's
// own init then gets OOM-killed ("container init was OOM-killed (memory limit
// too low?)"). A limit under it is only blamed when the pod shows a start
// failure it explains: its sandbox cannot start (and the pod cgroup, the sum
// of the limits, is that small), or the container fails to be created or
// started. A pod whose sandbox fails for a named reason (network, disk, ...)
// is left to that rule: it is what blocks the pod first.
var ruleMemoryLimitTooLow = Rule{Reason: ReasonMemoryLimitTooLow, Check: checkMemoryLimitTooLow}

// minStartMemoryMilli is CRI-O's minMemoryLimit (12 MiB), in milli-bytes.
const minStartMemoryMilli = 12 * 1024 * 1024 * 1000

func checkMemoryLimitTooLow(c *Context) (Finding, bool) {
	idx, milli, ok := smallestMemoryLimit(c.Pod)
	if !ok || milli >= minStartMemoryMilli {
		return checkRuntimeMemoryMinimum(c)
	}
	x := c.Containers[idx]
	// Container level: this container fails to be created or started.
	if msg, term, failing := containerStartFailure(c, x); failing && !isNamedRuntimeCause(msg) {
		f := Finding{Since: startFailureSince(x), Evidence: startFailureEvidence(x, term)}.InContainer(x)
		return memoryLimitFinding(f, x, idx, c.Pod), true
	}
	// Pod level: the pod cgroup (all containers limited) is too small for the
	// pause container, and what the sandbox reports is the kill, not a named cause.
	if pod, known := podMemoryLimitMilli(c.Pod); known && pod < minStartMemoryMilli {
		if f, ok := sandboxMemoryKill(c); ok {
			return memoryLimitFinding(f.InContainer(x), x, idx, c.Pod), true
		}
	}
	return checkRuntimeMemoryMinimum(c)
}

// checkRuntimeMemoryMinimum catches the runtime's own refusal ("set memory
// limit X too low; should be at least Y") whatever the spec arithmetic says
// (a LimitRange default, pod overhead).
func checkRuntimeMemoryMinimum(c *Context) (Finding, bool) {
	f, msg, ok := runtimeCause(c, isMemoryMinimumRefusal)
	if !ok || len(c.Containers) == 0 {
		return Finding{}, false
	}
	idx, _, _ := smallestMemoryLimit(c.Pod)
	x := c.Containers[idx]
	if f.Container == "" {
		f = f.InContainer(x)
	}
	f = memoryLimitFinding(f, x, idx, c.Pod)
	if m := afterWord(msg, "should be at least "); m != "" {
		f.Vars["min"] = m + " bytes"
	}
	return f, true
}

func isMemoryMinimumRefusal(msg string) bool {
	return strings.Contains(msg, "memory limit") && strings.Contains(msg, "too low")
}

// memoryKillNeedles are what a start killed by a tiny memory cgroup looks like.
var memoryKillNeedles = []string{
	"signal: killed", "OOM-killed", "OOM", "too low", "memory limit",
	"memory.limit_in_bytes", "memory.max", "device or resource busy",
	"cannot allocate memory", "init-p: connection reset by peer", "init-p: broken pipe",
}

// isNamedRuntimeCause reports whether a start failure names a cause of its own
// that another rule reports (the limit is then not what blocks the pod first).
func isNamedRuntimeCause(msg string) bool {
	if containsAny(msg, memoryKillNeedles) {
		return false
	}
	return isDiskFull(msg) || isDiskIOError(msg) || isIPExhausted(msg) || isNameConflict(msg) ||
		isSandboxImageFailure(msg) || isCNIFailure(msg) || isRuntimeFailure(msg) ||
		isCommandNotFound(msg) || isCommandNotExecutable(msg) || isRunAsNonRoot(msg)
}

// sandboxMemoryKill returns the sandbox evidence of a pause container killed
// at start: the newest sandbox failure when it is the kill (or unnamed), or,
// when the runtime reports nothing, the SandboxChanged churn alone.
func sandboxMemoryKill(c *Context) (Finding, bool) {
	since, blocked := sandboxSince(c)
	if !blocked {
		return Finding{}, false
	}
	if e, ok := newestSandboxFailure(c); ok {
		if isNamedRuntimeCause(e.Message) {
			return Finding{}, false
		}
		return sandboxFinding(c, e), true
	}
	if sc, ok := c.LatestEvent(since, evSandboxChanged); ok {
		return Finding{Since: sc.First, Evidence: []string{EventEvidence(sc)}}, true
	}
	// The kubelet sizes memory-backed volumes (the projected service account
	// token, secrets, configMaps, emptyDir medium Memory: all tmpfs) to the
	// pod's memory limit, so with 1.024 bytes the first mount fails before any
	// sandbox exists (seen on a real v1.37 kubelet: `MountVolume.SetUp failed
	// for volume "kube-api-access-…" : write …/token: no space left on device`).
	if e, ok := findMountEvent(c, isDiskFull); ok {
		return Finding{Since: e.First, Evidence: []string{EventEvidence(e)}}, true
	}
	// Nothing from the runtime at all: the spec alone is the evidence — unless
	// the kubelet is still waiting on volumes, which come before the sandbox.
	if _, mounting := findMountEvent(c, anyMessage); mounting {
		return Finding{}, false
	}
	return Finding{}, true
}

// memoryLimitFinding fills the spec evidence and the texts' vars.
func memoryLimitFinding(f Finding, x Container, idx int, pod *corev1.Pod) Finding {
	q := x.Spec.Resources.Limits[corev1.ResourceMemory]
	field := containerField(pod, idx) + ".resources.limits.memory"
	bytes := strconv.FormatFloat(float64(q.MilliValue())/1000, 'f', -1, 64)
	f.Evidence = append([]string{field + ": " + q.String() + " (" + bytes + " bytes)"}, f.Evidence...)
	f.Vars = Vars{"limit": q.String(), "bytes": bytes, "min": "12Mi", "field": field}
	return f
}

// smallestMemoryLimit returns the index in c.Containers order (init first) of
// the container with the smallest memory limit, and that limit in milli-bytes.
func smallestMemoryLimit(pod *corev1.Pod) (idx int, milli int64, ok bool) {
	i := 0
	scan := func(cs []corev1.Container) {
		for k := range cs {
			if q, has := cs[k].Resources.Limits[corev1.ResourceMemory]; has {
				if v := q.MilliValue(); !ok || v < milli {
					idx, milli, ok = i, v, true
				}
			}
			i++
		}
	}
	scan(pod.Spec.InitContainers)
	scan(pod.Spec.Containers)
	return idx, milli, ok
}

// podMemoryLimitMilli is the memory limit the kubelet puts on the pod cgroup,
// which the pause container runs in: set only when every container has a
// limit; the larger of the sum of the regular (and sidecar) containers and the
// largest init container, plus the RuntimeClass overhead.
func podMemoryLimitMilli(pod *corev1.Pod) (int64, bool) {
	var sum, initMax int64
	for k := range pod.Spec.Containers {
		q, has := pod.Spec.Containers[k].Resources.Limits[corev1.ResourceMemory]
		if !has {
			return 0, false
		}
		sum += q.MilliValue()
	}
	for k := range pod.Spec.InitContainers {
		ic := &pod.Spec.InitContainers[k]
		q, has := ic.Resources.Limits[corev1.ResourceMemory]
		if !has {
			return 0, false
		}
		if ic.RestartPolicy != nil && *ic.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			sum += q.MilliValue()
		} else if v := q.MilliValue(); v > initMax {
			initMax = v
		}
	}
	if initMax > sum {
		sum = initMax
	}
	if q, has := pod.Spec.Overhead[corev1.ResourceMemory]; has {
		sum += q.MilliValue()
	}
	return sum, true
}

// containerField is the JSON path of the idx-th container in Containers order.
func containerField(pod *corev1.Pod, idx int) string {
	if n := len(pod.Spec.InitContainers); idx < n {
		return "spec.initContainers[" + strconv.Itoa(idx) + "]"
	} else {
		idx -= n
	}
	return "spec.containers[" + strconv.Itoa(idx) + "]"
}

// afterWord returns the run of non-space characters after marker, or "".
func afterWord(s, marker string) string {
	i := strings.Index(s, marker)
	if i < 0 {
		return ""
	}
	rest := s[i+len(marker):]
	if j := strings.IndexAny(rest, " :;,\"\\"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}
