package main

import (
	"archive/tar"
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

const (
	testVersion = "v9.8.7-test"
	testCommit  = "abc1234"
	modulePath  = "github.com/pod-doctor/pod-doctor"
)

// buildBinary builds cmd/pod-doctor the way `make build` and the Dockerfile do.
func buildBinary(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "pod-doctor")
	cmd := exec.Command("go", "build", "-trimpath",
		"-ldflags", "-s -w -X "+modulePath+"/internal/version.Version="+testVersion+" -X "+modulePath+"/internal/version.Commit="+testCommit,
		"-o", out, "./cmd/pod-doctor")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/pod-doctor: %v\n%s", err, b)
	}
	return out
}

// TestImage builds the image into a tarball, reads it back as containerd
// would, and runs the packaged binary.
func TestImage(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Fatalf("this test runs the packaged linux/amd64 binary; host is %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "image.tar")
	tag := DefaultRepo + ":" + testVersion
	ca := ""
	if _, err := os.Stat(CABundle); err == nil {
		ca = CABundle
	}
	opts := Options{Binary: bin, Version: testVersion, Commit: testCommit, Source: SourceURL, CACerts: ca, Arch: "amd64", Created: time.Unix(0, 0).UTC()}
	if err := run(opts, tag, out); err != nil {
		t.Fatal(err)
	}

	// The tarball is a docker-archive: manifest.json names the tag.
	assertManifestJSON(t, out, tag)

	ref, _ := name.NewTag(tag)
	img, err := tarball.ImageFromPath(out, &ref)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.OS != "linux" || cfg.Architecture != "amd64" {
		t.Errorf("platform = %s/%s, want linux/amd64", cfg.OS, cfg.Architecture)
	}
	if cfg.Config.User != "65532:65532" {
		t.Errorf("User = %q, want 65532:65532", cfg.Config.User)
	}
	if !slices.Equal(cfg.Config.Entrypoint, []string{"/pod-doctor"}) || !slices.Equal(cfg.Config.Cmd, []string{"controller"}) {
		t.Errorf("Entrypoint %q Cmd %q, want [/pod-doctor] [controller]", cfg.Config.Entrypoint, cfg.Config.Cmd)
	}
	for k, want := range map[string]string{
		"org.opencontainers.image.version":  testVersion,
		"org.opencontainers.image.revision": testCommit,
		"org.opencontainers.image.source":   SourceURL,
	} {
		if got := cfg.Config.Labels[k]; got != want {
			t.Errorf("label %s = %q, want %q", k, got, want)
		}
	}
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != 2 || len(cfg.RootFS.DiffIDs) != 2 || len(cfg.History) != 2 {
		t.Errorf("layers %d, diff_ids %d, history %d: want 2 each", len(layers), len(cfg.RootFS.DiffIDs), len(cfg.History))
	}

	// The flattened filesystem.
	files := map[string]*tar.Header{}
	var passwd, group string
	exe := filepath.Join(dir, "extracted-pod-doctor")
	rc := mutate.Extract(img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		files[strings.TrimSuffix(h.Name, "/")] = h
		switch h.Name {
		case "etc/passwd", "etc/group":
			b, _ := io.ReadAll(tr)
			if h.Name == "etc/passwd" {
				passwd = string(b)
			} else {
				group = string(b)
			}
		case "pod-doctor":
			f, err := os.OpenFile(exe, os.O_CREATE|os.O_WRONLY, os.FileMode(h.Mode)&os.ModePerm)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(f, tr); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
	if !strings.Contains(passwd, "nonroot:x:65532:65532:") {
		t.Errorf("/etc/passwd has no nonroot 65532 entry:\n%s", passwd)
	}
	if !strings.Contains(group, "nonroot:x:65532:") {
		t.Errorf("/etc/group has no nonroot 65532 entry:\n%s", group)
	}
	h := files["pod-doctor"]
	if h == nil {
		t.Fatalf("no /pod-doctor in the image; files: %v", keys(files))
	}
	if h.Mode&0o111 != 0o111 || h.Uid != 0 {
		t.Errorf("/pod-doctor mode %o uid %d, want executable by all, owned by root (not writable by 65532)", h.Mode, h.Uid)
	}
	if h := files["home/nonroot"]; h == nil || h.Typeflag != tar.TypeDir || h.Uid != 65532 {
		t.Errorf("home/nonroot missing or not owned by 65532: %+v", h)
	}
	if ca != "" && files["etc/ssl/certs/ca-certificates.crt"] == nil {
		t.Errorf("CA bundle missing from the image")
	}
	if files["tmp"] != nil {
		t.Errorf("unexpected /tmp: the image has no writable paths")
	}

	// The packaged binary runs and reports the stamped version.
	b, err := exec.Command(exe, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("packaged pod-doctor --version: %v\n%s", err, b)
	}
	if got, want := strings.TrimSpace(string(b)), "pod-doctor "+testVersion+" (commit "+testCommit+")"; got != want {
		t.Errorf("--version = %q, want %q", got, want)
	}

	// Reproducible: the same inputs give the same digest.
	out2 := filepath.Join(dir, "again.tar")
	if err := run(opts, tag, out2); err != nil {
		t.Fatal(err)
	}
	img2, err := tarball.ImageFromPath(out2, &ref)
	if err != nil {
		t.Fatal(err)
	}
	d1, _ := img.Digest()
	d2, _ := img2.Digest()
	if d1 != d2 {
		t.Errorf("two builds differ: %s, %s", d1, d2)
	}
}

func assertManifestJSON(t *testing.T, path, tag string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err != nil {
			t.Fatalf("no manifest.json in %s: %v", path, err)
		}
		if h.Name != "manifest.json" {
			continue
		}
		var m []struct {
			Config   string
			RepoTags []string
			Layers   []string
		}
		if err := json.NewDecoder(tr).Decode(&m); err != nil {
			t.Fatal(err)
		}
		if len(m) != 1 || !slices.Equal(m[0].RepoTags, []string{tag}) || len(m[0].Layers) != 2 {
			t.Fatalf("manifest.json = %+v, want one image tagged %s with 2 layers", m, tag)
		}
		return
	}
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestRefusesDynamicOrForeignBinary(t *testing.T) {
	exe, err := exec.LookPath("sh") // dynamically linked on every distribution we build on
	if err != nil {
		t.Fatal(err)
	}
	exe, _ = filepath.EvalSymlinks(exe)
	if _, err := Build(Options{Binary: exe, Arch: "amd64"}); err == nil || !strings.Contains(err.Error(), "dynamically linked") {
		t.Errorf("Build(%s) err = %v, want dynamically linked", exe, err)
	}
	if _, err := Build(Options{Binary: exe, Arch: "arm64"}); err == nil || !strings.Contains(err.Error(), "not arm64") {
		t.Errorf("Build(arm64) err = %v, want architecture mismatch", err)
	}
	notELF := filepath.Join(t.TempDir(), "script")
	os.WriteFile(notELF, []byte("#!/bin/sh\n"), 0o755)
	if _, err := Build(Options{Binary: notELF, Arch: "amd64"}); err == nil || !strings.Contains(err.Error(), "not a Linux executable") {
		t.Errorf("Build(script) err = %v", err)
	}
}

// TestDockerfileMatches keeps the Dockerfile's runtime stage and this
// program's image config in step.
func TestDockerfileMatches(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stages []string
	last := map[string]string{}
	var build string
	sc := bufio.NewScanner(f)
	cont := ""
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasSuffix(line, `\`) {
			cont += strings.TrimSuffix(line, `\`) + " "
			continue
		}
		line, cont = cont+line, ""
		word, rest, _ := strings.Cut(line, " ")
		switch word {
		case "FROM":
			stages = append(stages, rest)
			clear(last)
		case "USER", "ENTRYPOINT", "CMD":
			last[word] = rest
		case "RUN":
			if strings.Contains(rest, "go build") {
				build = rest
			}
		}
	}
	if len(stages) < 2 || !strings.HasPrefix(stages[len(stages)-1], "gcr.io/distroless/static:nonroot") {
		t.Errorf("stages %q: want multi-stage ending on gcr.io/distroless/static:nonroot", stages)
	}
	for k, want := range map[string]string{"USER": User, "ENTRYPOINT": `["` + BinaryPath + `"]`, "CMD": `["` + DefaultCmd + `"]`} {
		if last[k] != want {
			t.Errorf("Dockerfile runtime %s = %q, want %q (as hack/image builds)", k, last[k], want)
		}
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", modulePath + "/internal/version.Version=${VERSION}", modulePath + "/internal/version.Commit=${COMMIT}", "./cmd/pod-doctor"} {
		if !strings.Contains(build, want) {
			t.Errorf("Dockerfile go build lacks %q: %s", want, build)
		}
	}
}
