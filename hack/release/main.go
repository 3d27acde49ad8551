// Command release builds the kubectl plugin's release archives and writes
// the release metadata and the krew manifest generated from it:
//
//	go run ./hack/release -version 0.1.0     # make release
//
// For each platform it builds kubectl-doctor (CGO off, -trimpath, no build
// ID: the same commit gives the same bytes), packs it into a reproducible
// tar.gz (fixed times, owners and modes), and records the archive's
// sha256 in hack/release/release.json. plugins/doctor.yaml, the krew
// manifest, is generated from that file alone (`-manifest` regenerates it
// without building), so the manifest always names the archives a release
// published; main_test.go checks that it does.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Release is the metadata of one release: what the manifest is generated from.
type Release struct {
	Version   string     `json:"version"`
	Commit    string     `json:"commit"`
	Artifacts []Artifact `json:"artifacts"`
}

// Artifact is one platform's archive.
type Artifact struct {
	OS     string `json:"os"`
	Arch   string `json:"arch"`
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// platforms are the ones a release builds.
var platforms = [][2]string{{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "amd64"}, {"darwin", "arm64"}}

const (
	metadataPath = "hack/release/release.json"
	manifestPath = "plugins/doctor.yaml"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run() error {
	version := flag.String("version", "", "the release's version, e.g. 0.1.0 (build mode)")
	out := flag.String("out", "dist/release", "where the archives go")
	manifestOnly := flag.Bool("manifest", false, "only regenerate plugins/doctor.yaml from hack/release/release.json")
	flag.Parse()
	if *manifestOnly {
		return writeManifest(".")
	}
	if *version == "" {
		return fmt.Errorf("-version is required")
	}
	rel, err := build(*version, *out)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(rel, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(metadataPath, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return writeManifest(".")
}

// build builds and packs every platform.
func build(version, out string) (Release, error) {
	commit, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return Release{}, fmt.Errorf("git rev-parse: %w", err)
	}
	rel := Release{Version: version, Commit: strings.TrimSpace(string(commit))}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return rel, err
	}
	for _, p := range platforms {
		a, err := buildOne(rel, p[0], p[1], out)
		if err != nil {
			return rel, err
		}
		rel.Artifacts = append(rel.Artifacts, a)
	}
	return rel, nil
}

func buildOne(rel Release, goos, goarch, out string) (Artifact, error) {
	bin := filepath.Join(out, "kubectl-doctor-"+goos+"-"+goarch)
	ldflags := "-s -w -buildid= -X github.com/pod-doctor/pod-doctor/internal/version.Version=v" + rel.Version +
		" -X github.com/pod-doctor/pod-doctor/internal/version.Commit=" + rel.Commit
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", bin, "./cmd/pod-doctor")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return Artifact{}, fmt.Errorf("building %s/%s: %w", goos, goarch, err)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return Artifact{}, err
	}
	archive, err := pack("kubectl-doctor", data)
	if err != nil {
		return Artifact{}, err
	}
	a := Artifact{OS: goos, Arch: goarch, File: "kubectl-doctor_" + goos + "_" + goarch + ".tar.gz"}
	sum := sha256.Sum256(archive)
	a.SHA256 = hex.EncodeToString(sum[:])
	return a, os.WriteFile(filepath.Join(out, a.File), archive, 0o644)
}

// epoch is the time every archive entry carries: the same input packs to
// the same bytes.
var epoch = time.Unix(0, 0).UTC()

// pack writes one executable into a reproducible tar.gz.
func pack(name string, data []byte) ([]byte, error) {
	var buf bytes.Buffer
	gz, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	gz.ModTime = epoch
	tw := tar.NewWriter(gz)
	hdr := &tar.Header{Name: name, Mode: 0o755, Size: int64(len(data)), ModTime: epoch, Format: tar.FormatPAX, Uname: "root", Gname: "root"}
	if err := tw.WriteHeader(hdr); err != nil {
		return nil, err
	}
	if _, err := tw.Write(data); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeManifest generates plugins/doctor.yaml from the release metadata,
// both under the repository root.
func writeManifest(root string) error {
	rel, err := readRelease(filepath.Join(root, metadataPath))
	if err != nil {
		return err
	}
	path := filepath.Join(root, manifestPath)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(manifest(rel)), 0o644)
}

func readRelease(path string) (Release, error) {
	var rel Release
	data, err := os.ReadFile(path)
	if err != nil {
		return rel, err
	}
	if err := json.Unmarshal(data, &rel); err != nil {
		return rel, fmt.Errorf("%s: %w", path, err)
	}
	return rel, nil
}

// manifest is krew's Plugin manifest (krew.googlecontainertools.github.com/v1alpha2) for a release.
func manifest(rel Release) string {
	var b strings.Builder
	fmt.Fprintf(&b, `# Generated by hack/release from %s (release v%s, commit %s). Do not edit.
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: doctor
spec:
  version: v%s
  homepage: https://github.com/pod-doctor/pod-doctor
  shortDescription: Tell why pods, workloads and Services are stuck
  description: |
    kubectl doctor names the root cause of stuck pods — Pending, ImagePullBackOff,
    CrashLoopBackOff, OOMKilled, not Ready, Terminating — and of the objects they
    leave without a pod: Deployments that create none, Services without ready
    endpoints, Ingresses, claims, namespaces stuck Terminating. Each diagnosis names
    the cause and the kubectl command that fixes it, in English or Chinese.
  caveats: |
    Diagnose a namespace:  kubectl doctor -n NAMESPACE
    One object:            kubectl doctor deploy/NAME -n NAMESPACE
    In a pipeline:         kubectl doctor -A --fail-on Critical -o junit
  platforms:
`, metadataPath, rel.Version, rel.Commit, rel.Version)
	for _, a := range rel.Artifacts {
		fmt.Fprintf(&b, `  - selector:
      matchLabels:
        os: %s
        arch: %s
    uri: https://github.com/pod-doctor/pod-doctor/releases/download/v%s/%s
    sha256: %s
    bin: kubectl-doctor
`, a.OS, a.Arch, rel.Version, a.File, a.SHA256)
	}
	return b.String()
}
