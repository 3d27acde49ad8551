// Command image assembles the pod-doctor container image without a Docker
// engine, with github.com/google/go-containerregistry, and writes it as a
// docker-archive tarball that `docker load`, `ctr -n k8s.io images import`
// and `kind load image-archive` accept.
//
// The image matches the Dockerfile's runtime stage (distroless static
// nonroot): a scratch base with /etc/passwd and /etc/group entries for
// nonroot (65532), /etc/nsswitch.conf, the build host's CA bundle, and the
// static binary at /pod-doctor; User 65532:65532, Entrypoint ["/pod-doctor"],
// Cmd ["controller"]. There is no /tmp and nothing else writable: the chart
// runs it with readOnlyRootFilesystem, and pod-doctor writes no files.
//
//	go run ./hack/image -binary bin/pod-doctor -version v1.2.3 -commit abc1234 -o dist/pod-doctor-image.tar
package main

import (
	"debug/elf"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/pod-doctor/pod-doctor/internal/ocilayer"
)

// Image settings shared with the Dockerfile (a test keeps the two in step).
const (
	User        = "65532:65532"
	BinaryPath  = "/pod-doctor"
	DefaultCmd  = "controller"
	DefaultRepo = "docker.io/pod-doctor/pod-doctor"
	SourceURL   = "https://github.com/pod-doctor/pod-doctor"
	CABundle    = "/etc/ssl/certs/ca-certificates.crt"
)

// Options say what goes into the image.
type Options struct {
	Binary  string    // static linux binary to package
	Version string    // org.opencontainers.image.version
	Commit  string    // org.opencontainers.image.revision
	Source  string    // org.opencontainers.image.source
	CACerts string    // CA bundle to copy in; "" for none
	Arch    string    // GOARCH of the binary and the image
	Created time.Time // image and file timestamps (reproducible builds)
}

func main() {
	var o Options
	out := flag.String("o", "dist/pod-doctor-image.tar", "output tarball (docker-archive)")
	tag := flag.String("tag", "", "image reference written into the tarball (default "+DefaultRepo+":<version>)")
	flag.StringVar(&o.Binary, "binary", "bin/pod-doctor", "static pod-doctor binary (make build)")
	flag.StringVar(&o.Version, "version", "dev", "version label")
	flag.StringVar(&o.Commit, "commit", "unknown", "commit label")
	flag.StringVar(&o.Source, "source", SourceURL, "source repository label")
	flag.StringVar(&o.CACerts, "ca-certs", CABundle, `CA bundle copied to `+CABundle+` ("" for none)`)
	flag.StringVar(&o.Arch, "arch", "amd64", "architecture of the binary (amd64 or arm64)")
	flag.Parse()
	o.Created = sourceDateEpoch()
	if *tag == "" {
		*tag = DefaultRepo + ":" + o.Version
	}
	if err := run(o, *tag, *out); err != nil {
		fmt.Fprintln(os.Stderr, "image: "+err.Error())
		os.Exit(1)
	}
}

func run(o Options, tag, out string) error {
	if o.CACerts != "" {
		if _, err := os.Stat(o.CACerts); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(os.Stderr, "image: warning: %s not found: the image has no CA certificates (in-cluster API access does not need them)\n", o.CACerts)
			o.CACerts = ""
		}
	}
	img, err := Build(o)
	if err != nil {
		return err
	}
	if err := Write(img, tag, out); err != nil {
		return err
	}
	d, _ := img.Digest()
	fmt.Printf("wrote %s (%s, %s)\n", out, tag, d)
	return nil
}

// sourceDateEpoch is $SOURCE_DATE_EPOCH, or the Unix epoch, so two builds of
// the same binary give the same image digest.
func sourceDateEpoch() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Unix(0, 0).UTC()
}

// Write saves img as a docker-archive tarball tagged tag.
func Write(img v1.Image, tag, out string) error {
	ref, err := name.NewTag(tag)
	if err != nil {
		return fmt.Errorf("tag %q: %w", tag, err)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return tarball.WriteToFile(out, ref, img)
}

// Build assembles the image.
func Build(o Options) (v1.Image, error) {
	bin, err := os.ReadFile(o.Binary)
	if err != nil {
		return nil, fmt.Errorf("binary: %w (run `make build` first)", err)
	}
	if err := checkStatic(o.Binary, o.Arch); err != nil {
		return nil, err
	}
	var certs []byte
	if o.CACerts != "" {
		if certs, err = os.ReadFile(o.CACerts); err != nil {
			return nil, fmt.Errorf("ca-certs: %w", err)
		}
	}
	base, err := ocilayer.Layer(o.Created, baseFiles(certs))
	if err != nil {
		return nil, err
	}
	app, err := ocilayer.Layer(o.Created, []file{{Name: BinaryPath[1:], Mode: 0o755, Data: bin}})
	if err != nil {
		return nil, err
	}

	cfg := &v1.ConfigFile{
		Architecture: o.Arch,
		OS:           "linux",
		Created:      v1.Time{Time: o.Created},
		Config: v1.Config{
			User:       User,
			Entrypoint: []string{BinaryPath},
			Cmd:        []string{DefaultCmd},
			WorkingDir: "/home/nonroot",
			Env: []string{
				"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
				"SSL_CERT_FILE=" + CABundle,
			},
			Labels: map[string]string{
				"org.opencontainers.image.title":    "pod-doctor",
				"org.opencontainers.image.version":  o.Version,
				"org.opencontainers.image.revision": o.Commit,
				"org.opencontainers.image.source":   o.Source,
			},
		},
	}
	img, err := mutate.ConfigFile(empty.Image, cfg)
	if err != nil {
		return nil, err
	}
	return mutate.Append(img,
		mutate.Addendum{Layer: base, History: v1.History{Created: cfg.Created, CreatedBy: "hack/image: nonroot passwd/group, nsswitch.conf, CA certificates", Comment: "distroless-static equivalent"}},
		mutate.Addendum{Layer: app, History: v1.History{Created: cfg.Created, CreatedBy: "hack/image: COPY pod-doctor " + BinaryPath}},
	)
}

// checkStatic refuses a binary the scratch base cannot run: not ELF, another
// architecture, or dynamically linked (there is no libc in the image).
func checkStatic(path, arch string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("binary %s is not a Linux executable: %w", path, err)
	}
	defer f.Close()
	want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[arch]
	if want == 0 {
		return fmt.Errorf("unsupported arch %q (amd64 or arm64)", arch)
	}
	if f.Machine != want {
		return fmt.Errorf("binary %s is %v, not %s", path, f.Machine, arch)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("binary %s is dynamically linked: build it with CGO_ENABLED=0", path)
		}
	}
	return nil
}

type file = ocilayer.File

const (
	passwd = "root:x:0:0:root:/root:/sbin/nologin\n" +
		"nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n" +
		"nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"
	group = "root:x:0:\n" +
		"nobody:x:65534:\n" +
		"nonroot:x:65532:\n"
	nsswitch = "hosts: files dns\n"
)

func baseFiles(certs []byte) []file {
	fs := []file{
		{Name: "etc/", Mode: 0o755, Dir: true},
		{Name: "etc/passwd", Mode: 0o644, Data: []byte(passwd)},
		{Name: "etc/group", Mode: 0o644, Data: []byte(group)},
		{Name: "etc/nsswitch.conf", Mode: 0o644, Data: []byte(nsswitch)},
		{Name: "home/", Mode: 0o755, Dir: true},
		{Name: "home/nonroot/", Mode: 0o700, UID: 65532, GID: 65532, Dir: true},
	}
	if certs != nil {
		fs = append(fs,
			file{Name: "etc/ssl/", Mode: 0o755, Dir: true},
			file{Name: "etc/ssl/certs/", Mode: 0o755, Dir: true},
			file{Name: CABundle[1:], Mode: 0o644, Data: certs},
		)
	}
	return fs
}
