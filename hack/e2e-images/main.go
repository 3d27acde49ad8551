// Command e2e-images builds the container images of the e2e cluster from Go
// source, without Docker, with github.com/google/go-containerregistry:
//
//   - pause.tar: the sandbox image (containerd's sandbox_image), a tiny static
//     pause program, for `ctr -n k8s.io images import`;
//   - images.tar: the test images, one docker-archive holding several tags,
//     all made of one layer with the multi-call program of ./app:
//     REG/e2e/sleeper:1, REG/e2e/crasher:1, REG/e2e/memhog:1, REG/e2e/httpd:1,
//     REG/private/sleeper:1 (the registry demands credentials for private/),
//     and docker.io/library/nginx:latest (httpd on :80 with a coreutils-like
//     `sleep`), which the cluster's containerd resolves to the local registry
//     so the seeds' `nginx` pods pull for real without leaving the machine.
//
// hack/registry loads images.tar and serves it on 127.0.0.1.
//
//	go run ./hack/e2e-images -registry 127.0.0.1:15000 -o dist/e2e-images
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/pod-doctor/pod-doctor/internal/ocilayer"
)

// PauseRef names the sandbox image. Its registry host is "localhost" on
// purpose: if it were ever missing, containerd would try localhost:443 and
// fail on the spot instead of reaching for the internet.
const PauseRef = "localhost/pod-doctor-e2e/pause:1"

// NginxRef is what the seeds' `image: nginx` means.
const NginxRef = "docker.io/library/nginx:latest"

var created = time.Unix(0, 0).UTC() // reproducible digests

func main() {
	reg := flag.String("registry", "127.0.0.1:15000", "host:port of the local registry the test images are named for")
	out := flag.String("o", "dist/e2e-images", "output directory")
	appBin := flag.String("app", "", "prebuilt ./hack/e2e-images/app binary (default: go build it)")
	pauseBin := flag.String("pause", "", "prebuilt ./hack/e2e-images/pause binary (default: go build it)")
	flag.Parse()
	if err := run(*reg, *out, *appBin, *pauseBin); err != nil {
		fmt.Fprintln(os.Stderr, "e2e-images: "+err.Error())
		os.Exit(1)
	}
}

func run(reg, out, appBin, pauseBin string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	here, err := sourceDir()
	if err != nil {
		return err
	}
	if appBin == "" {
		appBin = filepath.Join(out, "app")
		if err := goBuild(filepath.Join(here, "app"), appBin); err != nil {
			return err
		}
	}
	if pauseBin == "" {
		pauseBin = filepath.Join(out, "pause")
		if err := goBuild(filepath.Join(here, "pause"), pauseBin); err != nil {
			return err
		}
	}

	pause, err := pauseImage(pauseBin)
	if err != nil {
		return err
	}
	if err := writeTarball(filepath.Join(out, "pause.tar"), map[string]v1.Image{PauseRef: pause}); err != nil {
		return err
	}

	app, err := os.ReadFile(appBin)
	if err != nil {
		return err
	}
	base, err := ocilayer.Layer(created, appFiles(app))
	if err != nil {
		return err
	}
	specs := []struct {
		ref             string
		entrypoint, cmd []string
		ports           []string
	}{
		{reg + "/e2e/sleeper:1", []string{"/bin/sleep"}, []string{"infinity"}, nil},
		{reg + "/e2e/crasher:1", []string{"/bin/crash"}, nil, nil},
		{reg + "/e2e/memhog:1", []string{"/bin/memhog"}, nil, nil},
		{reg + "/e2e/httpd:1", []string{"/bin/httpd"}, []string{"-addr", ":8080"}, []string{"8080/tcp"}},
		{reg + "/private/sleeper:1", []string{"/bin/sleep"}, []string{"infinity"}, nil},
		{NginxRef, []string{"/bin/httpd"}, []string{"-addr", ":80"}, []string{"80/tcp"}},
	}
	images := map[string]v1.Image{}
	for _, s := range specs {
		i, err := image(base, s.entrypoint, s.cmd, s.ports...)
		if err != nil {
			return fmt.Errorf("%s: %w", s.ref, err)
		}
		images[s.ref] = i
	}
	if err := writeTarball(filepath.Join(out, "images.tar"), images); err != nil {
		return err
	}
	fmt.Printf("wrote %s (%s) and %s (%d images)\n", filepath.Join(out, "pause.tar"), PauseRef, filepath.Join(out, "images.tar"), len(images))
	return nil
}

// sourceDir is this program's directory (the module is run from its root).
func sourceDir() (string, error) {
	for _, d := range []string{"hack/e2e-images", "."} {
		if _, err := os.Stat(filepath.Join(d, "app", "main.go")); err == nil {
			return filepath.Abs(d)
		}
	}
	return "", fmt.Errorf("run from the repository root (hack/e2e-images/app not found)")
}

func goBuild(pkg, out string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", abs, ".")
	cmd.Dir = pkg
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w", pkg, err)
	}
	return nil
}

type file = ocilayer.File

func appFiles(app []byte) []file {
	fs := []file{
		{Name: "bin/", Mode: 0o755, Dir: true},
		{Name: "bin/app", Mode: 0o755, Data: app},
		{Name: "etc/", Mode: 0o755, Dir: true},
		{Name: "etc/passwd", Mode: 0o644, Data: []byte("root:x:0:0:root:/root:/bin/sleep\nnobody:x:65534:65534:nobody:/:/bin/sleep\n")},
		{Name: "etc/group", Mode: 0o644, Data: []byte("root:x:0:\nnobody:x:65534:\n")},
		{Name: "tmp/", Mode: 0o1777, Dir: true},
	}
	for _, applet := range []string{"sleep", "crash", "memhog", "httpd"} {
		fs = append(fs, file{Name: "bin/" + applet, Mode: 0o777, Link: "app"})
	}
	return fs
}

func pauseImage(bin string) (v1.Image, error) {
	b, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	l, err := ocilayer.Layer(created, []file{{Name: "pause", Mode: 0o755, Data: b}})
	if err != nil {
		return nil, err
	}
	return image(l, []string{"/pause"}, nil)
}

func image(l v1.Layer, entrypoint, cmd []string, ports ...string) (v1.Image, error) {
	cfg := &v1.ConfigFile{
		Architecture: "amd64",
		OS:           "linux",
		Created:      v1.Time{Time: created},
		Config: v1.Config{
			Entrypoint: entrypoint,
			Cmd:        cmd,
			Env:        []string{"PATH=/bin"},
			WorkingDir: "/",
			Labels:     map[string]string{"org.opencontainers.image.source": "https://github.com/pod-doctor/pod-doctor/tree/main/hack/e2e-images"},
		},
	}
	if len(ports) > 0 {
		cfg.Config.ExposedPorts = map[string]struct{}{}
		for _, p := range ports {
			cfg.Config.ExposedPorts[p] = struct{}{}
		}
	}
	i, err := mutate.ConfigFile(empty.Image, cfg)
	if err != nil {
		return nil, err
	}
	return mutate.Append(i, mutate.Addendum{Layer: l, History: v1.History{Created: cfg.Created, CreatedBy: "hack/e2e-images"}})
}

func writeTarball(path string, imgs map[string]v1.Image) error {
	refs := map[name.Reference]v1.Image{}
	for r, i := range imgs {
		t, err := name.NewTag(r)
		if err != nil {
			return fmt.Errorf("%s: %w", r, err)
		}
		refs[t] = i
	}
	tmp := path + ".tmp"
	if err := tarball.MultiRefWriteToFile(tmp, refs); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
