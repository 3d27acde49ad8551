package diagnosis

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

// What the node disk rules (NodeDiskFull, NodeDiskIOError) share for image
// pulls. A pull writes every layer it downloads under the runtime's data
// directory, so the node's own disk fails it before any container exists:
//
//	containerd  failed to pull and unpack image "x": failed to extract layer sha256:…: write /var/lib/containerd/…: no space left on device: unknown
//	            failed to prepare extraction snapshot "extract-…": mkdir /var/lib/containerd/…: read-only file system
//	dockerd     failed to register layer: Error processing tar file(exit status 1): write /opt/…: no space left on device
//	            failed to register layer: write /usr/local/lib/…: input/output error
//	CRI-O       writing blob: storing blob to file "/var/tmp/container_images_storage…/3": write …: no space left on device
//
// classifyPullError gives these no image code (the image is fine); the disk
// rules, which run before the image rules, name the node instead.

// pullDiskCause returns the finding for a container whose image pull failed
// with an error match accepts, and that error.
func pullDiskCause(c *Context, match func(string) bool) (Finding, string, bool) {
	f, ok := c.imageFailure()
	if !ok || f.Code != "" || !match(f.Detail) {
		return Finding{}, "", false
	}
	out := f.finding(c)
	out.Vars = Vars{"error": out.Vars["error"], "image": f.Image}
	return out, f.Detail, true
}

// diskPressureEvidence states the node's DiskPressure condition when the
// kubelet reports it: the node itself agrees that its disk is full.
func diskPressureEvidence(c *Context) (string, bool) {
	if c.In.Node == nil {
		return "", false
	}
	for i := range c.In.Node.Status.Conditions {
		cond := &c.In.Node.Status.Conditions[i]
		if cond.Type == corev1.NodeDiskPressure && cond.Status == corev1.ConditionTrue {
			return "node " + c.Pod.Spec.NodeName + " DiskPressure=True " + cond.Reason + ": " + cond.Message +
				" (since " + cond.LastTransitionTime.UTC().Format(time.RFC3339) + ")", true
		}
	}
	return "", false
}
