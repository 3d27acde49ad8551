package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"sigs.k8s.io/yaml"
)

const root = "../.."

// TestManifestIsGenerated: plugins/doctor.yaml is exactly what the release
// metadata generates (go run ./hack/release -manifest rewrites it).
func TestManifestIsGenerated(t *testing.T) {
	rel, err := readRelease(filepath.Join(root, metadataPath))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, manifestPath))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != manifest(rel) {
		t.Errorf("%s is stale: run go run ./hack/release -manifest", manifestPath)
	}
}

// krewPlugin is what krew reads of a manifest.
type krewPlugin struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Version          string `json:"version"`
		ShortDescription string `json:"shortDescription"`
		Platforms        []struct {
			Selector struct {
				MatchLabels map[string]string `json:"matchLabels"`
			} `json:"selector"`
			URI    string `json:"uri"`
			SHA256 string `json:"sha256"`
			Bin    string `json:"bin"`
		} `json:"platforms"`
	} `json:"spec"`
}

// TestManifestForKrew: the manifest has what krew requires, one platform
// per built archive with its sha256, and the release is the chart's appVersion.
func TestManifestForKrew(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, manifestPath))
	if err != nil {
		t.Fatal(err)
	}
	var p krewPlugin
	if err := yaml.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	rel, _ := readRelease(filepath.Join(root, metadataPath))
	chart, _ := os.ReadFile(filepath.Join(root, "charts", "pod-doctor", "Chart.yaml"))
	if !bytes.Contains(chart, []byte(`appVersion: "`+rel.Version+`"`)) {
		t.Errorf("release %s is not the chart's appVersion", rel.Version)
	}
	if p.APIVersion != "krew.googlecontainertools.github.com/v1alpha2" || p.Kind != "Plugin" || p.Metadata.Name != "doctor" ||
		p.Spec.Version != "v"+rel.Version || p.Spec.ShortDescription == "" || len(p.Spec.Platforms) != len(platforms) {
		t.Fatalf("not a krew Plugin for v%s with %d platforms: %+v", rel.Version, len(platforms), p)
	}
	hex := regexp.MustCompile(`^[0-9a-f]{64}$`)
	for i, pl := range p.Spec.Platforms {
		a := rel.Artifacts[i]
		want := "https://github.com/pod-doctor/pod-doctor/releases/download/v" + rel.Version + "/kubectl-doctor_" + a.OS + "_" + a.Arch + ".tar.gz"
		if pl.URI != want || pl.SHA256 != a.SHA256 || !hex.MatchString(pl.SHA256) || pl.Bin != "kubectl-doctor" ||
			pl.Selector.MatchLabels["os"] != platforms[i][0] || pl.Selector.MatchLabels["arch"] != platforms[i][1] {
			t.Errorf("platform %d: %+v", i, pl)
		}
	}
}

// TestPackIsReproducible: the same executable packs to the same archive,
// which holds it alone, executable, under the plugin's name.
func TestPackIsReproducible(t *testing.T) {
	a, err := pack("kubectl-doctor", []byte("#!/bin/sh\necho doctor\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pack("kubectl-doctor", []byte("#!/bin/sh\necho doctor\n"))
	if !bytes.Equal(a, b) {
		t.Fatal("two packs of the same bytes differ")
	}
	gz, err := gzip.NewReader(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != "kubectl-doctor" || hdr.Mode != 0o755 || !hdr.ModTime.Equal(epoch) {
		t.Fatalf("entry %+v, %v", hdr, err)
	}
	if body, _ := io.ReadAll(tr); string(body) != "#!/bin/sh\necho doctor\n" {
		t.Errorf("content %q", body)
	}
	if _, err := tr.Next(); err != io.EOF {
		t.Errorf("more than one entry: %v", err)
	}
}
