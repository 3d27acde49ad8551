package diagnosis

// imageNotFoundRule: the registry answered, and the repository or tag does not
// exist (containerd "...: not found", dockershim "manifest for x not found",
// CRI-O "manifest unknown", or Docker Hub's "pull access denied" for an
// official library image, which are all public). Retrying cannot help: the
// reference must change or the tag must be pushed.
var imageNotFoundRule = Rule{Reason: ReasonImageNotFound, Check: checkImageNotFound}

func checkImageNotFound(c *Context) (Finding, bool) { return checkImageCode(c, ReasonImageNotFound) }
