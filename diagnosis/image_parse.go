package diagnosis

import (
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Image group: shared reading of a container's image failure.
//
// Every image rule asks one question: "is this pod's image failure mine?".
// imageFailure answers the part they share: which container fails, on which
// image, with which runtime error, and which catalog code that error means.
// The rules then only compare the code and build their finding, so the
// precedence between image codes lives in one place (classifyPullError) and
// cannot drift between eleven files.
//
// Nothing here allocates unless a rule matches: the checks are substring
// tests on messages the kubelet already gave us.

// Message shapes of the kubelet's image events.
const (
	pullFailedPrefix  = `Failed to pull image "`
	backOffPrefix     = `Back-off pulling image "`
	secretEventReason = "FailedToRetrieveImagePullSecret"
)

// imagePullFailure is one container's current image failure.
type imagePullFailure struct {
	X     Container
	Image string // the reference as the pod spec writes it
	// Code is the catalog code the failure means, "" when the kubelet gave no
	// error detail we recognise (e.g. ImagePullBackOff after the events expired).
	Code Reason
	// Detail is the runtime error that was classified.
	Detail string
	// Event is the kubelet event that carried the detail or the failure, when HasEvent.
	Event    Event
	HasEvent bool
}

// imageWaiting reports whether a waiting reason is one of the kubelet's image
// failures (pkg/kubelet/images/types.go).
func imageWaiting(reason string) bool {
	switch reason {
	case "ErrImagePull", "ImagePullBackOff", "RegistryUnavailable",
		"InvalidImageName", "ErrImageNeverPull", "ImageInspectError":
		return true
	}
	return false
}

// imageFailure returns the container whose image failure names the pod's
// cause: the first one (init containers first, as the kubelet starts them)
// whose error is recognised, else the first one failing at all.
func (c *Context) imageFailure() (imagePullFailure, bool) {
	m := &c.image
	if !m.done {
		m.failure, m.ok, m.done = c.findImageFailure()
	}
	return m.failure, m.ok
}

// imageFailureMemo holds imageFailure's answer for the rest of the pod's rules.
type imageFailureMemo struct {
	failure  imagePullFailure
	ok, done bool
}

func (c *Context) findImageFailure() (imagePullFailure, bool, bool) {
	var first imagePullFailure
	found := false
	for _, x := range c.Containers {
		r, _ := x.Waiting()
		if !imageWaiting(r) {
			continue
		}
		f := c.examineImage(x)
		if f.Code != "" {
			return f, true, true
		}
		if !found {
			first, found = f, true
		}
	}
	return first, found, true
}

// examineImage classifies one container's image failure from its waiting
// state first (current state), then from the kubelet's newest event about it.
func (c *Context) examineImage(x Container) imagePullFailure {
	reason, msg := x.Waiting()
	f := imagePullFailure{X: x, Image: imgContainerImage(x)}
	switch reason {
	case "InvalidImageName":
		// kubelet: `Failed to apply default image tag "x": couldn't parse image
		// reference|name "x": invalid reference format...`; event InspectFailed.
		f.Code, f.Detail = ReasonInvalidImageName, msg
		f.Event, f.HasEvent = c.imageEvent(x, "InspectFailed", "Failed to apply default image tag")
	case "ErrImageNeverPull":
		// kubelet: `Container image "x" is not present with pull policy of Never`.
		f.Code, f.Detail = ReasonImageNeverPullMissing, msg
		f.Event, f.HasEvent = c.imageEvent(x, "ErrImageNeverPull", "")
	case "ImageInspectError":
		// kubelet: `Failed to inspect image "x": rpc error: ...`: the image is on
		// the node but the runtime cannot read it.
		f.Code, f.Detail = ReasonImageCorrupt, msg
		f.Event, f.HasEvent = c.imageEvent(x, "InspectFailed", "Failed to inspect image")
	default: // ErrImagePull, ImagePullBackOff, RegistryUnavailable
		f.Detail = waitingPullError(reason, msg)
		f.Code = classifyPullError(f.Detail)
		f.Event, f.HasEvent = c.pullFailedEvent(x, f.Image)
		if f.Code == "" && f.HasEvent {
			if d := pullErrorOf(f.Event.Message, f.Image); d != "" {
				// A node disk error has no image code but is still the detail
				// the Runtime group's disk rules read (pullDiskCause).
				if code := classifyPullError(d); code != "" || imgContainsAny(d, nodeDiskMarkers) {
					f.Code, f.Detail = code, d
				}
			}
		}
		if f.Code == "" && reason == "RegistryUnavailable" {
			f.Code = ReasonRegistryUnreachable
		}
		if f.Detail == "" {
			f.Detail = msg
		}
		// Docker Hub answers "pull access denied, repository does not exist or
		// may require authorization" both for private repositories and for ones
		// that do not exist. Official images (docker.io/library/...) are all
		// public, so there the denial can only mean "does not exist".
		if f.Code == ReasonImagePullUnauthorized && dockerLibrary(f.Image) &&
			strings.Contains(f.Detail, "pull access denied") {
			f.Code = ReasonImageNotFound
		}
	}
	return f
}

// waitingPullError extracts the runtime error from a pull waiting message:
// ErrImagePull carries it whole; ImagePullBackOff carries it only from
// kubelet 1.32 on (`Back-off pulling image "x": ErrImagePull: <error>`).
func waitingPullError(reason, msg string) string {
	if reason != "ImagePullBackOff" {
		return msg
	}
	if !strings.HasPrefix(msg, backOffPrefix) {
		return ""
	}
	rest := msg[len(backOffPrefix):]
	if i := strings.Index(rest, `": `); i >= 0 {
		return rest[i+3:]
	}
	return ""
}

// pullFailedEvent is the newest `Failed to pull image "x": ...` event (any
// reason, see isPullFailureEvent) for the container that names its current
// image and is not older than the container's last run (an older failure was
// resolved: the container ran).
func (c *Context) pullFailedEvent(x Container, image string) (Event, bool) {
	stale := imgLastRunEnd(x)
	for _, e := range c.Events {
		if !isPullFailureEvent(&e) || e.Container != x.Name || e.Last.Before(stale) {
			continue
		}
		if pullEventImage(e.Message) == image && image != "" {
			return e, true
		}
	}
	return Event{}, false
}

// isPullFailureEvent: the kubelet reports failed pulls under reason Failed;
// some distributions use their own reason (Alibaba Cloud ECI: ErrImagePull)
// with the same message, so any Warning qualifies and the message decides.
func isPullFailureEvent(e *Event) bool {
	return e.Reason == "Failed" || e.Type == "Warning"
}

// imageEvent is the newest event with the reason about the container whose
// message starts with prefix, not older than the container's last run.
func (c *Context) imageEvent(x Container, reason, prefix string) (Event, bool) {
	stale := imgLastRunEnd(x)
	for _, e := range c.Events {
		if e.Reason == reason && e.Container == x.Name && !e.Last.Before(stale) &&
			strings.HasPrefix(e.Message, prefix) {
			return e, true
		}
	}
	return Event{}, false
}

// imgLastPullFailure is when the kubelet last reported a failed pull for x
// ("Failed to pull image" events). Only those are compared with the missing
// pull secret event: the kubelet writes both in the same attempt, and its
// per-object event spam filter drops later events of both alike, while
// Pulling and back-off events ("Back-off pulling image", "Error:
// ImagePullBackOff") go on or stop on their own schedule (seen on a real
// v1.37 kubelet: a Pulling event two minutes newer than the last Failed and
// secret events, which the filter had dropped since).
func (c *Context) imgLastPullFailure(x Container) (time.Time, bool) {
	for _, e := range c.Events {
		if e.Container == x.Name && isPullFailureEvent(&e) && strings.HasPrefix(e.Message, "Failed to pull image") {
			return e.Last, true // newest first
		}
	}
	return time.Time{}, false
}

// imgLastRunEnd is when the container's previous run ended (zero if it never ran).
func imgLastRunEnd(x Container) time.Time {
	if t := x.LastTerminated(); t != nil {
		return t.FinishedAt.Time
	}
	return time.Time{}
}

// pullEventImage returns the quoted image of `Failed to pull image "x": ...`.
func pullEventImage(msg string) string {
	if !strings.HasPrefix(msg, pullFailedPrefix) {
		return ""
	}
	rest := msg[len(pullFailedPrefix):]
	end := strings.IndexByte(rest, '"')
	if end < 0 {
		return ""
	}
	return rest[:end]
}

// pullErrorOf returns the runtime error of `Failed to pull image "x": <error>`.
func pullErrorOf(msg, image string) string {
	p := len(pullFailedPrefix) + len(image) + len(`": `)
	if pullEventImage(msg) != image || len(msg) < p {
		return ""
	}
	return msg[p:]
}

func imgContainerImage(x Container) string {
	if x.Spec != nil && x.Spec.Image != "" {
		return x.Spec.Image
	}
	if x.Status != nil {
		return x.Status.Image
	}
	return ""
}

// Markers of each cause, as containerd, CRI-O, dockershim / cri-dockerd and the
// registries word them (sources in the fixtures). Matched ignoring ASCII case
// (containsAnyFold, allocation-free): registries and runtime releases differ
// in capitals ("UNAUTHORIZED", "Unauthorized", "TOOMANYREQUESTS").
var (
	// The node's own disk, not the image: the Runtime group's NodeDiskFull and
	// NodeDiskIOError own these, so the image rules stand aside.
	nodeDiskMarkers = []string{"no space left on device", "input/output error", "read-only file system"}

	rateLimitMarkers = []string{"toomanyrequests", "Too Many Requests", "pull rate limit", " 429 "}

	insecureHTTPMarkers = []string{"server gave HTTP response to HTTPS client"}

	certMarkers = []string{"x509: ", "tls: failed to verify certificate",
		"certificate signed by unknown authority"}

	// Connection-level failures: the node never got an answer from the
	// registry (DNS, TCP connect, proxy, TLS handshake, first response).
	unreachableMarkers = []string{"dial tcp", "dial udp", "no such host", "server misbehaving",
		"Temporary failure in name resolution", "connection refused", "network is unreachable",
		"no route to host", "TLS handshake timeout", "while awaiting headers",
		"waiting for connection", "connection reset by peer", "proxyconnect tcp",
		"registry is unavailable"}

	// A deadline or cancellation while the pull was under way.
	timeoutMarkers = []string{"context canceled", "context deadline exceeded", "because of no progress", "request canceled", "i/o timeout",
		"Client.Timeout exceeded"}

	// Stages in which a deadline means the registry never answered at all.
	resolveStageMarkers = []string{"failed to resolve reference", "pinging container registry",
		"pinging docker registry", "error pinging"}

	corruptMarkers = []string{"unexpected commit digest", "failed commit on ref", "failed to verify",
		"verification failed", "Digest did not match", "digest mismatch", "failed to extract layer",
		"failed to register layer", "Error processing tar file", "unexpected EOF",
		"archive/tar: invalid tar header", "gzip: invalid header"}

	unauthorizedMarkers = []string{"pull access denied", "insufficient_scope", "authorization failed",
		"failed to authorize", "unauthorized", "403 Forbidden", "(Forbidden)",
		"authentication required", "no basic auth credentials", "requested access to the resource is denied",
		"denied: ", "not authorized", "may not login", "incorrect username or password",
		"invalid username/password", "Requesting bearer token"}

	notFoundMarkers = []string{"not found", "manifest unknown", "MANIFEST_UNKNOWN", "name unknown", "does not exist",
		"no matching manifest",
		"no image found in manifest list", "no image found in image index", "not known to registry"}

	invalidNameMarkers = []string{"invalid reference format", "couldn't parse image"}
)

// classifyPullError maps a runtime pull error to an image code, "" when it
// names none. Order is precedence, for messages that carry several markers:
//
//   - disk errors of the node are not image failures (Runtime group);
//   - rate limiting, plain-HTTP registries and certificates are named by one
//     unambiguous phrase each, checked first;
//   - RegistryUnreachable vs ImagePullTimeout: unreachable means the node never
//     got an answer (DNS lookup, TCP connect, refused, no route, proxy, TLS
//     handshake, waiting for the first response, or a deadline while still
//     resolving the reference); timeout means the pull had begun and was
//     cancelled or ran past a deadline (large image, slow transfer, kubelet or
//     containerd giving up for lack of progress, serial pulls queued behind a
//     big one). "dial tcp ...: i/o timeout" is therefore unreachable while
//     "read tcp ...: i/o timeout" is a timeout;
//   - corruption before not-found: containerd's "failed to extract layer ...:
//     content digest ...: not found" is a broken layer, not a missing image;
//   - unauthorized before not-found: Docker Hub's "pull access denied,
//     repository does not exist or may require authorization" is ambiguous and
//     reported as unauthorized (its summary keeps the wording), except for
//     official docker.io/library images (see examineImage).
func classifyPullError(msg string) Reason {
	if msg == "" {
		return ""
	}
	// Scan only the runtime's own words: the rpc status and the wrappers that
	// repeat the image reference are most of the message and carry no cause.
	code, body, resolving := splitPullError(msg)
	switch {
	case imgContainsAny(body, nodeDiskMarkers):
		return ""
	case imgContainsAny(body, rateLimitMarkers):
		return ReasonImagePullRateLimited
	case imgContainsAny(body, insecureHTTPMarkers):
		return ReasonRegistryInsecureHTTP
	case imgContainsAny(body, certMarkers):
		return ReasonRegistryCertUntrusted
	case imgContainsAny(body, unreachableMarkers):
		return ReasonRegistryUnreachable
	case imgContainsAny(body, corruptMarkers):
		return ReasonImageCorrupt
	case code == "Canceled" || code == "DeadlineExceeded" || code == "1" || code == "4" || imgContainsAny(body, timeoutMarkers):
		if resolving || imgContainsAny(body, resolveStageMarkers) {
			return ReasonRegistryUnreachable
		}
		return ReasonImagePullTimeout
	case imgContainsAny(body, unauthorizedMarkers):
		return ReasonImagePullUnauthorized
	case code == "NotFound" || code == "5" || imgContainsAny(body, notFoundMarkers):
		return ReasonImageNotFound
	case imgContainsAny(body, invalidNameMarkers):
		return ReasonInvalidImageName
	}
	return ""
}

// splitPullError takes a pull error apart without copying: the gRPC status
// code ("NotFound", "Canceled"; numeric in old runtimes), the error text after
// containerd's and dockerd's wrappers, and whether containerd was still
// resolving the reference (no byte of the image had been fetched).
func splitPullError(msg string) (code, body string, resolving bool) {
	body = msg
	for changed := true; changed; {
		changed = false
		if strings.HasPrefix(body, "rpc error: code = ") {
			rest := body[len("rpc error: code = "):]
			if i := strings.Index(rest, " desc = "); i >= 0 {
				code, body, changed = rest[:i], rest[i+len(" desc = "):], true
			}
		}
		for _, w := range plainWrappers {
			if strings.HasPrefix(body, w) {
				body, changed = body[len(w):], true
			}
		}
		for _, w := range quotedWrappers {
			if !strings.HasPrefix(body, w) {
				continue
			}
			if i := strings.Index(body[len(w):], `": `); i >= 0 {
				if w == `failed to resolve reference "` {
					resolving = true
				}
				body, changed = body[len(w)+i+3:], true
			}
		}
		if strings.HasPrefix(body, "initializing source ") || strings.HasPrefix(body, "Error initializing source ") { // CRI-O
			if i := strings.Index(body, ": "); i >= 0 {
				body, changed = body[i+2:], true
			}
		}
	}
	return code, body, resolving
}

func imgContainsAny(s string, needles []string) bool { return containsAnyFold(s, needles) }

// imageHost is the registry host of an image reference, with Docker's rules:
// the first path component is a host only if it has a dot or a port or is
// "localhost"; otherwise the image is on Docker Hub (docker.io).
func imageHost(ref string) string {
	host, _ := splitImageRef(ref)
	return host
}

func splitImageRef(ref string) (host, path string) {
	i := strings.IndexByte(ref, '/')
	if i < 0 {
		return "docker.io", ref
	}
	first := ref[:i]
	if !strings.ContainsAny(first, ".:") && first != "localhost" {
		return "docker.io", ref
	}
	switch first {
	case "index.docker.io", "registry-1.docker.io":
		first = "docker.io"
	}
	return first, ref[i+1:]
}

// dockerLibrary reports whether the image is an official Docker Hub image
// ("nginx", "library/nginx", "docker.io/library/nginx").
func dockerLibrary(ref string) bool {
	host, path := splitImageRef(ref)
	if host != "docker.io" || path == "" {
		return false
	}
	return !strings.Contains(path, "/") || strings.HasPrefix(path, "library/")
}

// Wrappers the runtimes put around the error that matters. Stripping them
// turns `rpc error: code = NotFound desc = failed to pull and unpack image
// "docker.io/library/nginx:x": failed to resolve reference
// "docker.io/library/nginx:x": docker.io/library/nginx:x: not found` into
// `docker.io/library/nginx:x: not found` for the one-line summary; the
// evidence keeps the full message.
var (
	quotedWrappers = []string{`failed to pull and unpack image "`, `failed to resolve reference "`,
		`failed to pull image "`, `failed pulling image "`, `failed to get sandbox image "`, `Failed to apply default image tag "`, `couldn't parse image reference "`,
		`couldn't parse image name "`, `Failed to inspect image "`}
	plainWrappers = []string{"Error response from daemon: ", "ErrImagePull: ", "RegistryUnavailable: ",
		"couldn't parse image name: ", "failed to copy: ", "httpReadSeeker: ", "failed open: "}
	// Prefixes followed by a URL: the host is in the summary already.
	urlWrappers = []string{"initializing source ", "Error initializing source ", "unexpected status code "}
)

// shortPullError removes the runtime's wrappers from err, for summaries.
func shortPullError(err string) string {
	s := oneLine(strings.TrimSpace(err))
	for changed := true; changed; {
		changed = false
		if strings.HasPrefix(s, "rpc error: code = ") {
			if i := strings.Index(s, " desc = "); i >= 0 {
				s, changed = s[i+len(" desc = "):], true
			}
		}
		for _, w := range plainWrappers {
			if strings.HasPrefix(s, w) {
				s, changed = s[len(w):], true
			}
		}
		for _, w := range quotedWrappers {
			if !strings.HasPrefix(s, w) {
				continue
			}
			if i := strings.Index(s[len(w):], `": `); i >= 0 {
				s, changed = s[len(w)+i+3:], true
			}
		}
		for _, w := range urlWrappers {
			if strings.HasPrefix(s, w) {
				if i := strings.Index(s, ": "); i >= 0 {
					s, changed = s[i+2:], true
				}
			}
		}
	}
	if s == "" {
		s = oneLine(strings.TrimSpace(err))
	}
	return truncateMiddle(shortenDigests(s), 200)
}

// shortenDigests abbreviates "sha256:<64 hex>" to its first 12 hex digits, as
// `docker images` does: two full digests would fill a summary by themselves.
func shortenDigests(s string) string {
	const algo, keep, full = "sha256:", 12, 64
	if !strings.Contains(s, algo) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.Index(s, algo)
		if i < 0 || len(s)-i-len(algo) < full || !isHex(s[i+len(algo):i+len(algo)+full]) {
			if i < 0 {
				b.WriteString(s)
				return b.String()
			}
			b.WriteString(s[:i+len(algo)])
			s = s[i+len(algo):]
			continue
		}
		b.WriteString(s[:i+len(algo)+keep])
		b.WriteString("…")
		s = s[i+len(algo)+full:]
	}
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// truncateMiddle shortens s to about n bytes by cutting its middle: Go error
// chains end with the root cause ("...: 401 Unauthorized", "...: not found"),
// so the tail is worth more than the URLs in between.
func truncateMiddle(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ell = " … "
	head, tail := n*2/5, n-n*2/5-len(ell)
	for head > 0 && !runeStart(s[head]) {
		head--
	}
	start := len(s) - tail
	for start < len(s) && !runeStart(s[start]) {
		start++
	}
	return s[:head] + ell + s[start:]
}

// imgWorkloadRef names the object whose pod template sets the image, in the form
// `kubectl set image` takes: a ReplicaSet whose name is its Deployment's plus
// the pod-template-hash is reported as that Deployment.
func imgWorkloadRef(pod *corev1.Pod) string {
	for _, o := range pod.OwnerReferences {
		if o.Controller == nil || !*o.Controller {
			continue
		}
		if o.Kind == "ReplicaSet" {
			if h := pod.Labels["pod-template-hash"]; h != "" && strings.HasSuffix(o.Name, "-"+h) {
				return "deployment/" + strings.TrimSuffix(o.Name, "-"+h)
			}
		}
		return strings.ToLower(o.Kind) + "/" + o.Name
	}
	return "pod/" + pod.Name
}

// imgSecretNames returns the secrets of kubelet's `Unable to retrieve some image
// pull secrets (a, b); attempting to pull the image may not succeed.`, falling
// back to the pod's imagePullSecrets.
func imgSecretNames(msg string, pod *corev1.Pod) (all, first string) {
	if open := strings.IndexByte(msg, '('); open >= 0 {
		if end := strings.IndexByte(msg[open:], ')'); end > 1 {
			all = msg[open+1 : open+end]
		}
	}
	if all == "" {
		names := make([]string, 0, len(pod.Spec.ImagePullSecrets))
		for _, s := range pod.Spec.ImagePullSecrets {
			names = append(names, s.Name)
		}
		all = strings.Join(names, ", ")
	}
	if all == "" {
		all = "<unnamed>"
	}
	first = all
	if i := strings.Index(first, ", "); i >= 0 {
		first = first[:i]
	}
	return all, first
}

// finding builds the Finding every image rule returns: the image, its
// registry, the short error, and the facts behind them.
func (f imagePullFailure) finding(c *Context) Finding {
	out := Finding{
		Vars: Vars{
			"image":    f.Image,
			"host":     imageHost(f.Image),
			"error":    shortPullError(f.Detail),
			"workload": imgWorkloadRef(c.Pod),
		},
		Evidence: []string{WaitingEvidence(f.X)},
	}
	if f.HasEvent {
		out.Evidence = append(out.Evidence, EventEvidence(f.Event))
		out.Since = f.Event.First
	}
	return out.InContainer(f.X)
}

// imgAnyWaiting reports whether some container waits with the reason: a cheap
// necessary condition that spares the rules tied to one waiting reason the
// classification of every other pull failure.
func imgAnyWaiting(c *Context, reason string) bool {
	for _, x := range c.Containers {
		if r, _ := x.Waiting(); r == reason {
			return true
		}
	}
	return false
}

// checkImageCode is the whole check of the rules whose code follows from the
// container's failure alone.
func checkImageCode(c *Context, code Reason) (Finding, bool) {
	f, ok := c.imageFailure()
	if !ok || f.Code != code {
		return Finding{}, false
	}
	return f.finding(c), true
}
