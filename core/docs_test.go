package core_test

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-apikey/apikey/core"
)

const docsTestDocument = `{"openapi":"3.1.0","info":{"title":"T","version":"1"},` +
	`"paths":{"/secret":{"get":{"description":"</script><script>alert(1)</script>"}}},` +
	`"components":{"securitySchemes":{"APIKeyHeader":{"type":"apiKey","name":"X-API-Key","in":"header"}}}}`

func newDocsForTest(t *testing.T, opts ...core.DocsOption) *core.Docs {
	t.Helper()
	d, err := core.NewDocs(core.StaticDocument([]byte(docsTestDocument)), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func serveForTest(h http.Handler, method, target string) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec.Result()
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDocsServesDocument(t *testing.T) {
	resp := serveForTest(newDocsForTest(t), http.MethodGet, "/openapi.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	if got := readBody(t, resp); got != docsTestDocument {
		t.Errorf("body = %s, want the document unchanged", got)
	}
}

func TestDocsServesPage(t *testing.T) {
	resp := serveForTest(newDocsForTest(t), http.MethodGet, "/docs")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q, want text/html; charset=utf-8", got)
	}

	page := readBody(t, resp)
	for _, want := range []string{
		`<link rel="stylesheet" href="` + core.DefaultSwaggerUIURL + `/swagger-ui.css">`,
		`<script src="` + core.DefaultSwaggerUIURL + `/swagger-ui-bundle.js"></script>`,
		`const loading = "url";`,
		`const documentURL = "/openapi.json";`,
		`persistAuthorization:  false ,`,
		`<title>API documentation</title>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, "/secret") {
		t.Error("a page in LoadFromURL mode contains the document")
	}
}

func TestDocsPageEscaping(t *testing.T) {
	d := newDocsForTest(t,
		core.WithPageTitle(`</title><script>alert("t")</script>`),
		core.WithDocumentPath(`/api/"x'</script>.json`),
		core.WithDocumentLoading(core.EmbedDocument))
	page := readBody(t, serveForTest(d, http.MethodGet, "/docs"))

	if n := strings.Count(page, "<script"); n != 2 {
		t.Errorf("page has %d <script elements, want 2:\n%s", n, page)
	}
	if strings.Contains(page, "</script><script>alert(1)") {
		t.Error("the embedded document ends the script element")
	}
	if !strings.Contains(page, `\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e`) {
		t.Error("the embedded document is not JSON with < and > escaped")
	}
	if !strings.Contains(page, `<title>&lt;/title&gt;&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;</title>`) {
		t.Error("the title is not HTML-escaped")
	}
	if !strings.Contains(page, `const documentURL = "/api/\"x'\u003c/script\u003e.json";`) {
		t.Error("the document URL is not escaped as a JavaScript string")
	}
}

func TestDocsPageEmbedDocument(t *testing.T) {
	d := newDocsForTest(t, core.WithDocumentLoading(core.EmbedDocument))
	page := readBody(t, serveForTest(d, http.MethodGet, "/docs"))
	if !strings.Contains(page, `config.spec = {"openapi":"3.1.0"`) {
		t.Errorf("page does not embed the document:\n%s", page)
	}
	if !strings.Contains(page, `const loading = "embed";`) {
		t.Error(`page lacks loading "embed"`)
	}
}

func TestDocsPageLoadAfterAuthorize(t *testing.T) {
	d := newDocsForTest(t, core.WithDocumentLoading(core.LoadAfterAuthorize))
	page := readBody(t, serveForTest(d, http.MethodGet, "/docs"))

	want := `config.spec = {"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{},` +
		`"components":{"securitySchemes":{"APIKeyHeader":{"type":"apiKey","name":"X-API-Key","in":"header"}}}};`
	if !strings.Contains(page, want) {
		t.Errorf("page lacks the security-only document %s:\n%s", want, page)
	}
	if strings.Contains(page, "/secret") {
		t.Error("the page shows paths before Authorize")
	}
	if !strings.Contains(page, `const loading = "after-authorize";`) {
		t.Error(`page lacks loading "after-authorize"`)
	}
}

func TestDocsOptions(t *testing.T) {
	d := newDocsForTest(t,
		core.WithDocumentPath("/api/spec.json"),
		core.WithPagePath("/api/docs"),
		core.WithSwaggerUIURL("/assets/swagger-ui/"),
		core.WithPersistAuthorization())
	if d.DocumentPath() != "/api/spec.json" || d.PagePath() != "/api/docs" {
		t.Errorf("paths = %q, %q", d.DocumentPath(), d.PagePath())
	}

	page := readBody(t, serveForTest(d, http.MethodGet, "/api/docs"))
	for _, want := range []string{
		`href="/assets/swagger-ui/swagger-ui.css"`,
		`persistAuthorization:  true ,`,
		`const documentURL = "/api/spec.json";`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if resp := serveForTest(d, http.MethodGet, "/api/spec.json"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /api/spec.json status = %d, want 200", resp.StatusCode)
	}
}

func TestDocsRouting(t *testing.T) {
	d := newDocsForTest(t)
	tests := []struct {
		name   string
		method string
		target string
		status int
	}{
		{"head document", http.MethodHead, "/openapi.json", http.StatusOK},
		{"head page", http.MethodHead, "/docs", http.StatusOK},
		{"other path", http.MethodGet, "/docs/", http.StatusNotFound},
		{"post document", http.MethodPost, "/openapi.json", http.StatusMethodNotAllowed},
		{"delete page", http.MethodDelete, "/docs", http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := serveForTest(d, tt.method, tt.target)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow = %q, want GET, HEAD", resp.Header.Get("Allow"))
			}
		})
	}
}

func TestDocsHandlersIgnorePath(t *testing.T) {
	d := newDocsForTest(t)
	if resp := serveForTest(d.DocumentHandler(), http.MethodGet, "/anywhere"); resp.StatusCode != http.StatusOK {
		t.Errorf("DocumentHandler status = %d, want 200", resp.StatusCode)
	}
	if resp := serveForTest(d.PageHandler(), http.MethodGet, "/elsewhere"); resp.StatusCode != http.StatusOK {
		t.Errorf("PageHandler status = %d, want 200", resp.StatusCode)
	}
}

func TestDocsDocumentFailure(t *testing.T) {
	tests := []struct {
		name     string
		document core.DocumentFunc
		wantLog  string
	}{
		{"error", func() ([]byte, error) { return nil, errors.New("scheme name clash") }, "scheme name clash"},
		{"not an object", core.StaticDocument([]byte(`[1]`)), "something other than a JSON object"},
		{"invalid JSON", core.StaticDocument([]byte(`{"a":`)), "something other than a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			d, err := core.NewDocs(tt.document,
				core.WithDocsLogger(slog.New(slog.NewTextHandler(&logs, nil))),
				core.WithDocumentLoading(core.EmbedDocument))
			if err != nil {
				t.Fatal(err)
			}
			for _, target := range []string{"/openapi.json", "/docs"} {
				resp := serveForTest(d, http.MethodGet, target)
				if resp.StatusCode != http.StatusInternalServerError {
					t.Errorf("%s status = %d, want 500", target, resp.StatusCode)
				}
				if body := readBody(t, resp); body != `{"detail":"Internal Server Error"}` {
					t.Errorf("%s body = %s", target, body)
				}
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("log = %q, want it to contain %q", logs.String(), tt.wantLog)
			}
		})
	}
}

func TestNewDocsInvalid(t *testing.T) {
	document := core.StaticDocument([]byte(`{}`))
	tests := []struct {
		name     string
		document core.DocumentFunc
		opt      core.DocsOption
		want     string
	}{
		{"nil document", nil, nil, "nil DocumentFunc"},
		{"nil option", document, nil, "nil DocsOption"},
		{"empty document path", document, core.WithDocumentPath(""), "invalid document path"},
		{"relative page path", document, core.WithPagePath("docs"), "invalid docs page path"},
		{"protocol-relative path", document, core.WithPagePath("//evil.example/docs"), "single '/'"},
		{"path with query", document, core.WithDocumentPath("/a?b"), "'?'"},
		{"path with space", document, core.WithPagePath("/a b"), "spaces"},
		{"same paths", document, core.WithPagePath("/openapi.json"), "both at"},
		{"javascript URL", document, core.WithSwaggerUIURL("javascript:alert(1)"), "invalid Swagger UI URL"},
		{"relative URL", document, core.WithSwaggerUIURL("assets"), "invalid Swagger UI URL"},
		{"protocol-relative URL", document, core.WithSwaggerUIURL("//cdn.example/ui"), "invalid Swagger UI URL"},
		{"URL with query", document, core.WithSwaggerUIURL("https://cdn.example/ui?v=1"), "without query"},
		{"URL without host", document, core.WithSwaggerUIURL("https:///ui"), "invalid Swagger UI URL"},
		{"empty title", document, core.WithPageTitle(""), "empty docs page title"},
		{"unknown loading", document, core.WithDocumentLoading(core.DocumentLoading(7)), "unknown DocumentLoading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := core.NewDocs(tt.document, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewDocs error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
