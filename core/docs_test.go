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
		`rel="stylesheet" href="` + core.DefaultSwaggerUIURL + `/swagger-ui.css"`,
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
		core.WithDocumentPath(`/api/x'y&z.json`),
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
	if !strings.Contains(page, `const documentURL = "/api/x'y\u0026z.json";`) {
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
		loading  core.DocumentLoading
		wantLog  string
	}{
		{"error", func() ([]byte, error) { return nil, errors.New("scheme name clash") }, core.EmbedDocument, "scheme name clash"},
		{"not an object", core.StaticDocument([]byte(`[1]`)), core.EmbedDocument, "something other than a JSON object"},
		{"invalid JSON", core.StaticDocument([]byte(`{"a":`)), core.EmbedDocument, "something other than a JSON object"},
		{"panic", func() ([]byte, error) { panic("token table corrupt") }, core.EmbedDocument, "DocumentFunc panicked: token table corrupt"},
		{"panic with an error", func() ([]byte, error) { panic(errors.New("store down")) }, core.LoadAfterAuthorize, "DocumentFunc panicked: store down"},
		{"duplicate key after authorize", core.StaticDocument([]byte(`{"openapi":"3.1.0","info":{"title":"a","title":"b"}}`)),
			core.LoadAfterAuthorize, `duplicate key \"title\"`},
		{"deep info after authorize", core.StaticDocument([]byte(`{"openapi":"3.1.0","info":{"x":` +
			strings.Repeat("[", 1000) + strings.Repeat("]", 1000) + `}}`)), core.LoadAfterAuthorize, "maximum depth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			d, err := core.NewDocs(tt.document,
				core.WithDocsLogger(slog.New(slog.NewTextHandler(&logs, nil))),
				core.WithDocumentLoading(tt.loading))
			if err != nil {
				t.Fatal(err)
			}

			targets := []string{"/docs"}
			if tt.loading == core.EmbedDocument {
				targets = append(targets, "/openapi.json")
			}
			for _, target := range targets {
				resp := func() *http.Response {
					defer failOnPanic(t)
					return serveForTest(d, http.MethodGet, target)
				}()
				if resp == nil {
					continue
				}
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
			if panicked := strings.Contains(tt.wantLog, "panicked"); panicked != strings.Contains(logs.String(), "stack=") {
				t.Errorf("log = %q, want a stack attribute only after a panic", logs.String())
			}
		})
	}
}

func TestDocsDocumentAbortHandler(t *testing.T) {
	d, err := core.NewDocs(func() ([]byte, error) { panic(http.ErrAbortHandler) })
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler to reach the server", v)
		}
	}()
	serveForTest(d, http.MethodGet, "/openapi.json")
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
		{"protocol-relative path", document, core.WithPagePath("//evil.example/docs"), "empty segment"},
		{"path with query", document, core.WithDocumentPath("/a?b"), `character '?'`},
		{"path with fragment", document, core.WithDocumentPath("/a#b"), `character '#'`},
		{"path with space", document, core.WithPagePath("/a b"), `character ' '`},
		{"path with tab", document, core.WithPagePath("/a\tb"), `character '\t'`},
		{"path with backslash", document, core.WithDocumentPath(`/\127.0.0.1:8799/steal`), `character '\\'`},
		{"page path with backslash", document, core.WithPagePath(`/\evil.example`), `character '\\'`},
		{"path with empty segment", document, core.WithPagePath("/a//b"), "empty segment"},
		{"dot segment", document, core.WithPagePath("/a/./b"), `"." segment`},
		{"dot-dot segment", document, core.WithDocumentPath("/a/../openapi.json"), `".." segment`},
		{"trailing dot-dot", document, core.WithDocumentPath("/a/.."), `".." segment`},
		{"escaped dot-dot", document, core.WithDocumentPath("/a/%2e%2E/b"), `".." segment`},
		{"half escaped dot-dot", document, core.WithDocumentPath("/a/.%2e/b"), `".." segment`},
		{"colon parameter", document, core.WithDocumentPath("/users/:id"), `character ':'`},
		{"colon inside a segment", document, core.WithDocumentPath("/api:v1/openapi.json"), `character ':'`},
		{"star wildcard", document, core.WithPagePath("/docs/*"), `character '*'`},
		{"plus wildcard", document, core.WithPagePath("/docs/+"), `character '+'`},
		{"brace parameter", document, core.WithDocumentPath("/{name}.json"), `character '{'`},
		{"closing brace", document, core.WithDocumentPath("/a}"), `character '}'`},
		{"quote", document, core.WithDocumentPath(`/a"b`), `character '"'`},
		{"angle bracket", document, core.WithDocumentPath(`/a<b`), `character '<'`},
		{"non-ASCII letter", document, core.WithPagePath("/café"), `character 'é'`},
		{"invalid percent-escape", document, core.WithPagePath("/a%zz"), "invalid percent-escape"},
		{"truncated percent-escape", document, core.WithPagePath("/a%2"), "invalid percent-escape"},
		{"same paths after unescaping", document, core.WithPagePath("/openapi%2Ejson"), "both at"},
		{"same paths", document, core.WithPagePath("/openapi.json"), "both at"},
		{"javascript URL", document, core.WithSwaggerUIURL("javascript:alert(1)"), "invalid Swagger UI URL"},
		{"relative URL", document, core.WithSwaggerUIURL("assets"), "invalid Swagger UI URL"},
		{"protocol-relative URL", document, core.WithSwaggerUIURL("//cdn.example/ui"), "invalid Swagger UI URL"},
		{"URL with query", document, core.WithSwaggerUIURL("https://cdn.example/ui?v=1"), "without query"},
		{"URL without host", document, core.WithSwaggerUIURL("https:///ui"), "invalid Swagger UI URL"},
		{"URL with space", document, core.WithSwaggerUIURL("https://cdn.example/swagger ui"), "whitespace or control character"},
		{"URL with trailing newline", document, core.WithSwaggerUIURL("https://cdn.example/ui\n"), "whitespace or control character"},
		{"URL with DEL", document, core.WithSwaggerUIURL("/ui\x7f"), "whitespace or control character"},
		{"URL with user info", document, core.WithSwaggerUIURL("https://user:secret@cdn.example/ui"), "user info"},
		{"URL with backslash", document, core.WithSwaggerUIURL(`https://cdn.example\@evil.example/ui`), "invalid Swagger UI URL"},
		{"URL path with backslash", document, core.WithSwaggerUIURL(`/\evil.example/ui`), "invalid Swagger UI URL"},
		{"URL path with dot-dot", document, core.WithSwaggerUIURL("/assets/../ui"), `".." segment`},
		{"URL with fragment", document, core.WithSwaggerUIURL("https://cdn.example/ui#x"), "without query"},
		{"ftp URL", document, core.WithSwaggerUIURL("ftp://cdn.example/ui"), "invalid Swagger UI URL"},
		{"opaque URL", document, core.WithSwaggerUIURL("https:cdn.example/ui"), "invalid Swagger UI URL"},
		{"data URL", document, core.WithSwaggerUIURL("data:text/javascript,alert(1)"), "invalid Swagger UI URL"},
		{"empty URL", document, core.WithSwaggerUIURL(""), "invalid Swagger UI URL"},
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

func TestDocsValidPaths(t *testing.T) {
	tests := []struct {
		name         string
		documentPath string
		pagePath     string
		request      string // a request for the document as a browser sends it
	}{
		{"nested", "/api/v1/openapi.json", "/api/v1/docs", "/api/v1/openapi.json"},
		{"trailing slash", "/spec/", "/docs/", "/spec/"},
		{"root page", "/openapi.json", "/", "/openapi.json"},
		{"dot-file segment", "/.well-known/openapi.json", "/docs", "/.well-known/openapi.json"},
		{"sub-delims and at", "/api;v=1/open-api_~!$&'(),@.json", "/docs", "/api;v=1/open-api_~!$&'(),@.json"},
		{"percent-escape", "/open%20api.json", "/docs", "/open%20api.json"},
		{"escaped non-ASCII", "/caf%C3%A9.json", "/docs", "/caf%c3%a9.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := core.NewDocs(core.StaticDocument([]byte(docsTestDocument)),
				core.WithDocumentPath(tt.documentPath), core.WithPagePath(tt.pagePath))
			if err != nil {
				t.Fatalf("NewDocs error = %v, want none", err)
			}
			if resp := serveForTest(d, http.MethodGet, tt.request); resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s status = %d, want 200", tt.request, resp.StatusCode)
			}
		})
	}
}

func TestDocsValidSwaggerUIURL(t *testing.T) {
	tests := []struct {
		name string
		url  string
		want string // the stylesheet link in the page
	}{
		{"https with port", "https://cdn.example:8443/ui/", `href="https://cdn.example:8443/ui/swagger-ui.css"`},
		{"loopback http", "http://127.0.0.1:8080", `href="http://127.0.0.1:8080/swagger-ui.css"`},
		{"IPv6 host", "https://[::1]/ui", `href="https://[::1]/ui/swagger-ui.css"`},
		{"upper-case scheme", "HTTPS://cdn.example/ui", `href="HTTPS://cdn.example/ui/swagger-ui.css"`},
		{"absolute path", "/assets/swagger-ui", `href="/assets/swagger-ui/swagger-ui.css"`},
		{"root path", "/", `href="/swagger-ui.css"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := core.NewDocs(core.StaticDocument([]byte(docsTestDocument)), core.WithSwaggerUIURL(tt.url))
			if err != nil {
				t.Fatalf("NewDocs error = %v, want none", err)
			}
			if page := readBody(t, serveForTest(d, http.MethodGet, "/docs")); !strings.Contains(page, tt.want) {
				t.Errorf("page lacks %s", tt.want)
			}
		})
	}
}

func TestDocsPageScript(t *testing.T) {
	tests := []struct {
		name    string
		loading core.DocumentLoading
		want    string
	}{
		{"document URL resolved against the origin", core.LoadFromURL,
			`const documentTarget = new URL(documentURL, window.location.origin);`},
		{"other origin rejected", core.LoadAfterAuthorize,
			`if (documentTarget.origin !== window.location.origin) {`},
		{"fetch uses the resolved URL", core.LoadAfterAuthorize,
			`const target = new URL(documentTarget.href);`},
		{"Swagger UI fetches the resolved URL", core.LoadFromURL,
			`config.url = documentTarget.href;`},
		{"assets URL for messages", core.LoadFromURL,
			`const assetsURL = "` + core.DefaultSwaggerUIURL + `";`},
		{"bundle checked before use", core.EmbedDocument,
			`if (typeof SwaggerUIBundle !== "function") {`},
		{"failed bundle named", core.EmbedDocument,
			`showStatus(assetFailure("swagger-ui-bundle.js"));`},
		{"failed stylesheet recorded", core.LoadFromURL,
			`<link id="swagger-ui-css" rel="stylesheet" href="` + core.DefaultSwaggerUIURL + `/swagger-ui.css" onerror="this.dataset.failed = 'true'">`},
		{"failed stylesheet named", core.LoadFromURL,
			`showStatus(assetFailure("swagger-ui.css"));`},
		{"fix named", core.LoadFromURL,
			`set their base URL with the WithSwaggerUIURL option`},
		{"example flag named", core.LoadFromURL,
			`the go-apikey examples set it with their -swagger-ui flag`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDocsForTest(t, core.WithDocumentLoading(tt.loading))
			if page := readBody(t, serveForTest(d, http.MethodGet, "/docs")); !strings.Contains(page, tt.want) {
				t.Errorf("page lacks %s", tt.want)
			}
		})
	}
}

func TestDocsDocumentPanicWithoutLogger(t *testing.T) {
	d, err := core.NewDocs(func() ([]byte, error) { panic("no logger set") })
	if err != nil {
		t.Fatal(err)
	}

	defer failOnPanic(t)
	resp := serveForTest(d, http.MethodGet, "/openapi.json")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", resp.StatusCode)
	}
	if body := readBody(t, resp); strings.Contains(body, "no logger set") {
		t.Errorf("body = %s, want no trace of the panic", body)
	}
}
