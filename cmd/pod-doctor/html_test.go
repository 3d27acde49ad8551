package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHTMLReport pins the whole page for a dump of pods and objects beyond
// pods, and that it is self-contained: a Content-Security-Policy that
// forbids every external load, and no attribute or style that points to one.
func TestHTMLReport(t *testing.T) {
	out, _, err := runCLI(t, "", "diagnose", "-f", "testdata/beyond.yaml", "-o", "html")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/beyond.html")
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("output differs from testdata/beyond.html:\n%s", out)
	}
	if !strings.Contains(out, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`) {
		t.Error("the page lacks its Content-Security-Policy")
	}
	if m := regexp.MustCompile(`(?i)\b(src|href)\s*=|url\(|@import`).FindString(out); m != "" {
		t.Errorf("the page refers to something outside itself: %q", m)
	}
}

// browser finds Debian's headless Chromium; `make test` installs it
// (POD_DOCTOR_BROWSER=required makes its absence a failure).
func browser(t *testing.T) string {
	for _, name := range []string{"chromium-headless-shell", "chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("POD_DOCTOR_BROWSER") == "required" {
		t.Fatal("no chromium-headless-shell or chromium on PATH: run `make browser`")
	}
	t.Skip("no headless Chromium (make browser installs it)")
	return ""
}

// TestHTMLInBrowser opens the page in a real headless Chromium: the page
// renders (a screenshot is taken), and its filters hide exactly the cards
// of other namespaces or causes.
func TestHTMLInBrowser(t *testing.T) {
	chromium := browser(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	out, _, err := runCLI(t, "", "diagnose", "-f", "testdata/beyond.yaml", "-o", "html")
	if err != nil || os.WriteFile(page, []byte(out), 0o600) != nil {
		t.Fatalf("writing the page: %v", err)
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(chromium, append([]string{"--no-sandbox", "--disable-gpu", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND"}, args...)...)
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s %v: %v", chromium, args, err)
		}
		return stdout.String()
	}
	for _, tc := range []struct{ filter, count string }{
		{"", "5 of 5 diagnosed shown"},
		{"#ns=beyond-quota", "2 of 5 diagnosed shown"},
		{"#reason=StorageClassNotFound", "1 of 5 diagnosed shown"},
	} {
		dom := run("--dump-dom", "file://"+page+tc.filter)
		if !strings.Contains(dom, `<p class="muted" id="count">`+tc.count+`</p>`) {
			t.Errorf("filter %q: the page does not say %q:\n%s", tc.filter, tc.count, dom)
		}
		shown := strings.Count(dom, "<article") - strings.Count(dom, `hidden="">`)
		if want := tc.count[:1]; shown != int(want[0]-'0') {
			t.Errorf("filter %q: %d cards shown, want %s", tc.filter, shown, want)
		}
	}
	shot := filepath.Join(dir, "report.png")
	run("--screenshot="+shot, "--window-size=1280,1800", "file://"+page)
	png, err := os.ReadFile(shot)
	if err != nil || len(png) < 10_000 || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("screenshot: %d bytes, %v", len(png), err)
	}
	if dst := os.Getenv("POD_DOCTOR_ARTIFACTS"); dst != "" {
		_ = os.WriteFile(filepath.Join(dst, "report.png"), png, 0o644)
	}
}
