// Package version holds the build's version and commit, stamped in with
// -ldflags "-X github.com/pod-doctor/pod-doctor/internal/version.Version=...".
package version

// Set at link time; the defaults mark a build that was not stamped.
var (
	Version = "dev"
	Commit  = "unknown"
)

// String is what `pod-doctor --version` prints.
func String() string { return "pod-doctor " + Version + " (commit " + Commit + ")" }
