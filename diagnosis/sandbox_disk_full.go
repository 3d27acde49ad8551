package diagnosis

import "strings"

// ruleNodeDiskFull recognises ENOSPC from the runtime while it creates the
// pod's sandbox or a container: the runtime writes layers, rootfs mounts and
// state under its data directory (seed 001: `mkdir /var/lib/docker/aufs/mnt/...
// no space left on device`), and a full disk fails every new pod on the node
// while running ones carry on. An image pull that cannot write its layers
// (see pullDiskCause) is the same cause. The same errno on a cgroup path is not a disk:
// that is the kernel running out of memory cgroup IDs (see NodeMemoryAllocationFailed).
var ruleNodeDiskFull = Rule{Reason: ReasonNodeDiskFull, Check: checkNodeDiskFull}

func checkNodeDiskFull(c *Context) (Finding, bool) {
	f, msg, ok := runtimeCause(c, isDiskFull)
	if ok {
		f.Vars = Vars{"error": runtimeErrorText(msg), "stage": c.say(phrase.DiskStageCreate)}
	} else if f, _, ok = pullDiskCause(c, isDiskFull); ok {
		f.Vars["stage"] = c.say(phrase.DiskStagePull, "image", f.Vars["image"])
	} else {
		return Finding{}, false
	}
	if ev, ok := diskPressureEvidence(c); ok {
		f.Evidence = append(f.Evidence, ev)
	}
	return f, true
}

func isDiskFull(msg string) bool {
	return containsFold(msg, "no space left on device") && !isCgroupPath(msg)
}

// isCgroupPath reports whether the error is about a cgroup file system, where
// ENOSPC / ENOMEM mean kernel memory, not disk.
func isCgroupPath(msg string) bool {
	return strings.Contains(msg, "/sys/fs/cgroup")
}
