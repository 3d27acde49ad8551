// Command registry is the e2e cluster's image registry: an in-memory OCI
// distribution registry (github.com/google/go-containerregistry/pkg/registry)
// on a loopback address, so image pulls in the e2e cluster are real pulls
// that never leave the machine.
//
// Repositories under -private (default "private/") demand HTTP basic
// credentials (-user / -password) and answer 401 without them, which is how
// the e2e tests get a real "unauthorized" from the kubelet.
//
//	registry serve -addr 127.0.0.1:15000 -load dist/e2e-images/images.tar
//	registry push  -addr 127.0.0.1:15000 -f dist/pod-doctor-image.tar
//
// Every image is stored under its repository path without the registry host:
// docker.io/library/nginx:latest becomes 127.0.0.1:15000/library/nginx:latest,
// which is where the cluster's containerd (docker.io mirrored to this
// registry) looks for `image: nginx`.
package main

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:])
	case "push":
		err = push(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "registry: "+err.Error())
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: registry serve [-addr A] [-load TAR]... | registry push [-addr A] -f TAR")
	os.Exit(2)
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

type creds struct{ prefix, user, password string }

func (c *creds) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.prefix, "private", "private/", "repositories under this prefix demand credentials")
	fs.StringVar(&c.user, "user", "e2e", "user name for the private repositories")
	fs.StringVar(&c.password, "password", "pod-doctor-e2e", "password for the private repositories")
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:15000", "listen address (keep it on loopback)")
	ready := fs.String("ready-file", "", "file written once every -load image is served")
	quiet := fs.Bool("quiet", false, "do not log requests")
	var loads multi
	fs.Var(&loads, "load", "docker-archive tarball whose tags are pushed at start (repeatable)")
	var c creds
	c.flags(fs)
	_ = fs.Parse(args)

	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-addr %s: the e2e registry listens on loopback only", *addr)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	logger := log.New(os.Stderr, "registry: ", log.LstdFlags)
	var h http.Handler = registry.New(registry.Logger(log.New(discard{}, "", 0)))
	h = c.guard(h)
	if !*quiet {
		h = logRequests(logger, h)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	for _, t := range loads {
		if err := pushTarball(t, *addr, c); err != nil {
			return err
		}
	}
	if *ready != "" {
		if err := os.WriteFile(*ready, []byte(*addr+"\n"), 0o644); err != nil {
			return err
		}
	}
	logger.Printf("serving on http://%s (credentials required under /v2/%s)", *addr, c.prefix)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case err := <-errc:
		return err
	case <-sig:
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return srv.Shutdown(ctx)
	}
}

func push(args []string) error {
	fs := flag.NewFlagSet("push", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:15000", "registry address")
	var files multi
	fs.Var(&files, "f", "docker-archive tarball to push, every tag in it (repeatable)")
	var c creds
	c.flags(fs)
	_ = fs.Parse(args)
	if len(files) == 0 {
		return errors.New("push: -f TAR is required")
	}
	for _, f := range files {
		if err := pushTarball(f, *addr, c); err != nil {
			return err
		}
	}
	return nil
}

// pushTarball pushes every tag of a docker-archive to addr, keeping the
// repository path and dropping the original registry host.
func pushTarball(path, addr string, c creds) error {
	m, err := tarball.LoadManifest(func() (io.ReadCloser, error) { return os.Open(path) })
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, d := range m {
		for _, t := range d.RepoTags {
			src, err := name.NewTag(t)
			if err != nil {
				return fmt.Errorf("%s: tag %q: %w", path, t, err)
			}
			img, err := tarball.ImageFromPath(path, &src)
			if err != nil {
				return fmt.Errorf("%s: %s: %w", path, t, err)
			}
			var user, pass string
			if strings.HasPrefix(src.RepositoryStr(), c.prefix) {
				user, pass = c.user, c.password
			}
			if err := upload(addr, src.RepositoryStr(), src.TagStr(), img, user, pass); err != nil {
				return fmt.Errorf("push %s/%s:%s: %w", addr, src.RepositoryStr(), src.TagStr(), err)
			}
			d, _ := img.Digest()
			fmt.Printf("pushed %s/%s:%s (%s)\n", addr, src.RepositoryStr(), src.TagStr(), d)
		}
	}
	return nil
}

// upload pushes one image with the distribution API: each blob in one
// monolithic POST, then the manifest. (Plain HTTP on loopback; no
// credential helpers, so the main module needs no docker/cli.)
func upload(addr, repo, tag string, img v1.Image, user, pass string) error {
	base := "http://" + addr + "/v2/" + repo
	do := func(method, url, ctype string, body io.Reader, size int64) error {
		req, err := http.NewRequest(method, url, body)
		if err != nil {
			return err
		}
		req.ContentLength = size
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
			return fmt.Errorf("%s %s: %s %s", method, url, resp.Status, strings.TrimSpace(string(b)))
		}
		return nil
	}
	blob := func(h v1.Hash, size int64, open func() (io.ReadCloser, error)) error {
		rc, err := open()
		if err != nil {
			return err
		}
		defer rc.Close()
		return do(http.MethodPost, base+"/blobs/uploads/?digest="+h.String(), "application/octet-stream", rc, size)
	}
	layers, err := img.Layers()
	if err != nil {
		return err
	}
	for _, l := range layers {
		h, err := l.Digest()
		if err != nil {
			return err
		}
		size, err := l.Size()
		if err != nil {
			return err
		}
		if err := blob(h, size, l.Compressed); err != nil {
			return err
		}
	}
	cfg, err := img.RawConfigFile()
	if err != nil {
		return err
	}
	ch, err := img.ConfigName()
	if err != nil {
		return err
	}
	if err := blob(ch, int64(len(cfg)), func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(cfg)), nil }); err != nil {
		return err
	}
	mf, err := img.RawManifest()
	if err != nil {
		return err
	}
	mt, err := img.MediaType()
	if err != nil {
		return err
	}
	return do(http.MethodPut, base+"/manifests/"+tag, string(mt), bytes.NewReader(mf), int64(len(mf)))
}

// guard answers 401 with a Basic challenge for the private repositories
// unless the request carries the right credentials, like a registry with
// token auth does for an anonymous client.
func (c creds) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v2/"+c.prefix) {
			u, p, ok := r.BasicAuth()
			if !ok || subtle.ConstantTimeCompare([]byte(u), []byte(c.user)) != 1 ||
				subtle.ConstantTimeCompare([]byte(p), []byte(c.password)) != 1 {
				w.Header().Set("WWW-Authenticate", `Basic realm="pod-doctor-e2e registry"`)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprintln(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}`)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) { s.code = code; s.ResponseWriter.WriteHeader(code) }

func logRequests(l *log.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: 200}
		next.ServeHTTP(sw, r)
		l.Printf("%s %s %s -> %d", r.RemoteAddr, r.Method, r.URL.Path, sw.code)
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
