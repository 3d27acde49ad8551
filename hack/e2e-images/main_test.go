package main

import (
	"archive/tar"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func TestImages(t *testing.T) {
	out := t.TempDir()
	self, _ := os.Executable() // any file stands in for the two programs
	if err := run("127.0.0.1:15000", out, self, self); err != nil {
		t.Fatal(err)
	}
	m, err := tarball.LoadManifest(func() (io.ReadCloser, error) { return os.Open(filepath.Join(out, "images.tar")) })
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, d := range m {
		tags = append(tags, d.RepoTags...)
	}
	sort.Strings(tags)
	want := "127.0.0.1:15000/e2e/crasher:1 127.0.0.1:15000/e2e/httpd:1 127.0.0.1:15000/e2e/memhog:1 127.0.0.1:15000/e2e/sleeper:1 127.0.0.1:15000/private/sleeper:1 docker.io/library/nginx:latest"
	if got := strings.Join(tags, " "); got != want {
		t.Fatalf("tags:\n got %s\nwant %s", got, want)
	}

	// The seeds' `nginx` runs httpd on :80 and has a `sleep` on PATH.
	tag, _ := name.NewTag(NginxRef)
	img, err := tarball.ImageFromPath(filepath.Join(out, "images.tar"), &tag)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cfg.Config.Entrypoint, " ") != "/bin/httpd" || strings.Join(cfg.Config.Cmd, " ") != "-addr :80" || cfg.Config.Env[0] != "PATH=/bin" {
		t.Errorf("nginx config: %+v", cfg.Config)
	}
	layers, _ := img.Layers()
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	links := map[string]string{}
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		if h.Typeflag == tar.TypeSymlink {
			links[h.Name] = h.Linkname
		}
	}
	for _, a := range []string{"sleep", "crash", "memhog", "httpd"} {
		if links["bin/"+a] != "app" {
			t.Errorf("bin/%s -> %q, want app", a, links["bin/"+a])
		}
	}

	pm, err := tarball.LoadManifest(func() (io.ReadCloser, error) { return os.Open(filepath.Join(out, "pause.tar")) })
	if err != nil || len(pm) != 1 || len(pm[0].RepoTags) != 1 || pm[0].RepoTags[0] != PauseRef {
		t.Fatalf("pause.tar: %+v, %v; want one image tagged %s", pm, err, PauseRef)
	}
}
