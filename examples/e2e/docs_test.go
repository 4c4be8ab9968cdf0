package e2e

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// defaultChromium is Debian's Chromium, installed by `apt-get install chromium`.
const defaultChromium = "/usr/bin/chromium"

// TestDocsPageInBrowser drives headless Chromium through both docs pages
// with docs.spec.mjs. It needs node, `npm ci` run in this directory, and
// Chromium (CHROMIUM_PATH, default /usr/bin/chromium), and skips without
// them. Screenshots go to E2E_ARTIFACTS_DIR, default ./artifacts.
func TestDocsPageInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: the browser test takes several seconds")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("skipped: node is not installed; install Node.js 20 or later")
	}
	for _, dir := range []string{"node_modules/playwright-core", "node_modules/swagger-ui-dist"} {
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("skipped: %s is missing; run `npm ci` in examples/e2e", dir)
		}
	}
	chromium := os.Getenv("CHROMIUM_PATH")
	if chromium == "" {
		chromium = defaultChromium
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("skipped: no browser at %s; install it with `apt-get install -y chromium` or set CHROMIUM_PATH", chromium)
	}

	artifacts := os.Getenv("E2E_ARTIFACTS_DIR")
	if artifacts == "" {
		artifacts = "artifacts"
	}
	artifacts, err = filepath.Abs(artifacts)
	if err != nil {
		t.Fatal(err)
	}

	baseURL := startServer(t)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "--test-reporter=spec", "docs.spec.mjs")
	cmd.Env = append(os.Environ(),
		"BASE_URL="+baseURL,
		"DOCS_PATHS="+DocsPath+","+EmbeddedDocsPath,
		"SCREENSHOT_DIR="+artifacts,
		"CHROMIUM_PATH="+chromium,
		"VALID_KEY="+ValidKey,
	)
	out, err := cmd.CombinedOutput()
	t.Logf("node docs.spec.mjs:\n%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}

	for _, page := range []string{DocsPath, EmbeddedDocsPath} {
		shot := filepath.Join(artifacts, "docs"+strings.ReplaceAll(page, "/", "-")+"-users-me-200.png")
		if info, err := os.Stat(shot); err != nil || info.Size() == 0 {
			t.Errorf("screenshot %s is missing or empty: %v", shot, err)
		}
	}
}

// startServer serves NewHandler on a loopback port until the test ends and
// returns its base URL.
func startServer(t *testing.T) string {
	t.Helper()
	handler, err := NewHandler("node_modules/swagger-ui-dist")
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on loopback: %v", err)
	}

	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return "http://" + ln.Addr().String()
}

// TestServerGuardsDocument checks without a browser that the document
// needs the key and that the docs pages do not.
func TestServerGuardsDocument(t *testing.T) {
	baseURL := startServer(t)
	client := &http.Client{Timeout: 10 * time.Second}
	tests := []struct {
		name   string
		path   string
		key    string
		status int
	}{
		{"document without key", "/openapi.json", "", http.StatusUnauthorized},
		{"document with wrong key", "/openapi.json", "wrong", http.StatusForbidden},
		{"document with key", "/openapi.json", ValidKey, http.StatusOK},
		{"docs page without key", DocsPath, "", http.StatusOK},
		{"embedded docs page without key", EmbeddedDocsPath, "", http.StatusOK},
		{"users/me with key", "/users/me", ValidKey, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, baseURL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.key != "" {
				req.Header.Set("X-API-Key", tt.key)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("GET %s status = %d, want %d", tt.path, resp.StatusCode, tt.status)
			}
		})
	}
}
