package e2e

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-apikey/apikey/examples/internal/reftest"
)

const (
	// defaultChromium is Debian's Chromium, installed by
	// `apt-get install chromium`.
	defaultChromium = "/usr/bin/chromium"
	// swaggerUIDir is the swagger-ui-dist package that `npm ci` installs.
	swaggerUIDir = "node_modules/swagger-ui-dist"
	// specTimeout bounds one run of docs.spec.mjs: starting Chromium,
	// loading each page and two calls per page. One run took 7 to 10
	// seconds on a 2-core machine, idle or with both cores busy.
	specTimeout = 4 * time.Minute
)

// browser is what a browser test needs: node, and the Chromium binary
// that docs.spec.mjs drives.
type browser struct {
	node     string
	chromium string
}

// requireBrowser returns node and Chromium, or skips the test when either
// is missing or node_modules lacks a package. With E2E_REQUIRED=1, which
// CI sets, it fails the test instead, so that CI cannot pass with the
// browser test skipped.
func requireBrowser(t *testing.T) browser {
	t.Helper()

	required := os.Getenv("E2E_REQUIRED") == "1"
	skip := func(format string, args ...any) {
		t.Helper()
		if required {
			t.Fatalf("E2E_REQUIRED=1, but "+format, args...)
		}
		t.Skipf("skipped: "+format, args...)
	}

	if testing.Short() {
		skip("the browser test does not run in -short mode")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node is not installed; install Node.js 20 or later")
	}
	for _, dir := range []string{"node_modules/playwright-core", swaggerUIDir} {
		if _, err := os.Stat(dir); err != nil {
			skip("%s is missing; run `npm ci --ignore-scripts` in examples/e2e", dir)
		}
	}
	chromium := os.Getenv("CHROMIUM_PATH")
	if chromium == "" {
		chromium = defaultChromium
	}
	if _, err := os.Stat(chromium); err != nil {
		skip("no browser at %s; install it with `apt-get install -y chromium` or set CHROMIUM_PATH", chromium)
	}
	return browser{node: node, chromium: chromium}
}

// artifactsDir returns the absolute path of the screenshot directory:
// E2E_ARTIFACTS_DIR, or ./artifacts.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("E2E_ARTIFACTS_DIR")
	if dir == "" {
		dir = "artifacts"
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatalf("resolve artifacts directory %q: %v", dir, err)
	}
	return abs
}

// runSpec runs docs.spec.mjs against the server at baseURL for each of
// docsPaths and fails t when any step fails. Each screenshot is saved as
// <artifacts>/<prefix>-<page>-users-me-200.png, and runSpec fails t when
// one is missing.
func runSpec(t *testing.T, b browser, baseURL, prefix string, docsPaths ...string) {
	t.Helper()
	artifacts := artifactsDir(t)
	shots := make([]string, len(docsPaths))
	for i, page := range docsPaths {
		shots[i] = filepath.Join(artifacts, prefix+strings.ReplaceAll(page, "/", "-")+"-users-me-200.png")
		// A screenshot left by an earlier run must not pass for this one.
		if err := os.Remove(shots[i]); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("remove old screenshot: %v", err)
		}
	}

	ctx, cancel := context.WithTimeout(t.Context(), specTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.node, "--test", "--test-reporter=spec", "docs.spec.mjs")
	cmd.Env = append(os.Environ(),
		"BASE_URL="+baseURL,
		"DOCS_PATHS="+strings.Join(docsPaths, ","),
		"SCREENSHOT_DIR="+artifacts,
		"SCREENSHOT_PREFIX="+prefix,
		"CHROMIUM_PATH="+b.chromium,
		"VALID_KEY="+ValidKey,
	)
	// Ending node on a timeout leaves Chromium with no client, and
	// Chromium exits when its DevTools pipe closes. WaitDelay stops the
	// wait for output that such a child may still hold open.
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	t.Logf("node docs.spec.mjs:\n%s", out)
	if ctx.Err() != nil {
		t.Fatalf("browser test did not finish within %v", specTimeout)
	}
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}

	for _, shot := range shots {
		if info, err := os.Stat(shot); err != nil || info.Size() == 0 {
			t.Errorf("screenshot %s is missing or empty: %v", shot, err)
		}
	}
}

// TestGinExampleDocsInBrowser builds and starts the Gin example, with its
// docs page loading Swagger UI from a local copy of swagger-ui-dist, and
// drives headless Chromium through /docs with docs.spec.mjs. The document
// is public, so the page loads it at once. The screenshot after the 200
// response is artifacts/gin-docs-users-me-200.png.
func TestGinExampleDocsInBrowser(t *testing.T) {
	b := requireBrowser(t)

	assets := serve(t, http.FileServer(http.Dir(swaggerUIDir)))
	bin := reftest.BuildExample(t, "../gin")
	addr := reftest.StartExample(t, bin, "-swagger-ui", assets)

	runSpec(t, b, "http://"+addr, "gin", "/docs")
}

// TestProtectedDocsInBrowser drives headless Chromium through the two
// docs pages of this package's own server, whose document needs the
// X-API-Key header: one page fetches it after Authorize, the other embeds
// it. The screenshots are artifacts/docs-docs-users-me-200.png and
// artifacts/docs-docs-embedded-users-me-200.png.
func TestProtectedDocsInBrowser(t *testing.T) {
	b := requireBrowser(t)

	handler, err := NewHandler(swaggerUIDir)
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	runSpec(t, b, serve(t, handler), "docs", DocsPath, EmbeddedDocsPath)
}

// serve serves handler on a loopback port until the test ends and returns
// its base URL.
func serve(t *testing.T, handler http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on loopback: %v", err)
	}

	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shut down server: %v", err)
		}
		if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// TestServerGuardsDocument checks without a browser that the document
// needs the key and that the docs pages do not.
func TestServerGuardsDocument(t *testing.T) {
	handler, err := NewHandler(swaggerUIDir)
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	baseURL := serve(t, handler)
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
