package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
)

func TestUploadAndPrivateRepositories(t *testing.T) {
	c := creds{prefix: "private/", user: "u", password: "p"}
	srv := httptest.NewServer(c.guard(registry.New()))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")

	img, err := random.Image(256, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := upload(addr, "e2e/sleeper", "1", img, "", ""); err != nil {
		t.Fatalf("public push: %v", err)
	}
	if err := upload(addr, "private/sleeper", "1", img, "", ""); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("private push without credentials: %v, want 401", err)
	}
	if err := upload(addr, "private/sleeper", "1", img, "u", "p"); err != nil {
		t.Fatalf("private push with credentials: %v", err)
	}

	get := func(path, user, pass string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Accept", "application/vnd.docker.distribution.manifest.v2+json")
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := get("/v2/e2e/sleeper/manifests/1", "", ""); r.StatusCode != 200 {
		t.Errorf("public pull: %s", r.Status)
	}
	if r := get("/v2/private/sleeper/manifests/1", "", ""); r.StatusCode != 401 || !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Basic ") {
		t.Errorf("private pull without credentials: %s %q, want 401 with a Basic challenge", r.Status, r.Header.Get("WWW-Authenticate"))
	}
	if r := get("/v2/private/sleeper/manifests/1", "u", "wrong"); r.StatusCode != 401 {
		t.Errorf("private pull with a wrong password: %s, want 401", r.Status)
	}
	if r := get("/v2/private/sleeper/manifests/1", "u", "p"); r.StatusCode != 200 {
		t.Errorf("private pull with credentials: %s", r.Status)
	}
	if r := get("/v2/e2e/sleeper/manifests/not-exist", "", ""); r.StatusCode != 404 {
		t.Errorf("missing tag: %s, want 404", r.Status)
	}
}
