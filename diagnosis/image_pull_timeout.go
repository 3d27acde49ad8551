package diagnosis

// imagePullTimeoutRule: the pull had started and was cancelled or ran past a
// deadline: a large image, a slow link, the runtime giving up for lack of
// progress (dockershim --image-pull-progress-deadline, containerd
// image_pull_progress_timeout), or pulls queued behind a big one under
// kubelet's serial pulling. The next attempt may finish, hence Warning.
var imagePullTimeoutRule = Rule{Reason: ReasonImagePullTimeout, Check: checkImagePullTimeout}

func checkImagePullTimeout(c *Context) (Finding, bool) {
	return checkImageCode(c, ReasonImagePullTimeout)
}
