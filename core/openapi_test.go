package core_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-apikey/apikey/core"
)

// openAPISchemes are the schemes that the OpenAPI tests share.
type openAPISchemes struct {
	header, query, cookie, bearer, token, optionalHeader *core.Scheme
}

func newOpenAPISchemes(t *testing.T) openAPISchemes {
	t.Helper()
	var s openAPISchemes
	var err error
	if s.header, err = core.Header("X-API-Key"); err != nil {
		t.Fatal(err)
	}
	if s.query, err = core.Query("api_key"); err != nil {
		t.Fatal(err)
	}
	if s.cookie, err = core.Cookie("session_id"); err != nil {
		t.Fatal(err)
	}
	if s.bearer, err = core.Authorization("Bearer"); err != nil {
		t.Fatal(err)
	}
	if s.token, err = core.Authorization("Token"); err != nil {
		t.Fatal(err)
	}
	if s.optionalHeader, err = core.Header("X-API-Key", core.Optional()); err != nil {
		t.Fatal(err)
	}
	return s
}

// openAPICompact returns doc with insignificant whitespace removed, so
// documents compare by content and member order.
func openAPICompact(t *testing.T, doc string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(doc)); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, doc)
	}
	return buf.String()
}

func marshalForTest(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSecuritySchemeA1APIKeyEntry(t *testing.T) {
	s := newOpenAPISchemes(t)
	described, err := core.Query("api_key", core.WithDescription("Key from the dashboard"))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		scheme *core.Scheme
		want   string
	}{
		{"header", s.header, `{"type":"apiKey","name":"X-API-Key","in":"header"}`},
		{"query", s.query, `{"type":"apiKey","name":"api_key","in":"query"}`},
		{"cookie", s.cookie, `{"type":"apiKey","name":"session_id","in":"cookie"}`},
		{"description when set", described, `{"type":"apiKey","name":"api_key","in":"query","description":"Key from the dashboard"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := marshalForTest(t, tt.scheme.SecurityScheme()); got != tt.want {
				t.Errorf("SecurityScheme() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSecuritySchemeA2DefaultNames(t *testing.T) {
	s := newOpenAPISchemes(t)
	doc := buildForTest(t, nil,
		core.Operation{Method: "GET", Path: "/h", Schemes: []*core.Scheme{s.header}},
		core.Operation{Method: "GET", Path: "/q", Schemes: []*core.Scheme{s.query}},
		core.Operation{Method: "GET", Path: "/c", Schemes: []*core.Scheme{s.cookie}},
	)

	var parsed struct {
		Components struct {
			SecuritySchemes map[string]core.SecurityScheme `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(doc), &parsed); err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]string{"APIKeyHeader": "header", "APIKeyQuery": "query", "APIKeyCookie": "cookie"} {
		if got := parsed.Components.SecuritySchemes[name].In; got != in {
			t.Errorf("securitySchemes[%q].in = %q, want %q", name, got, in)
		}
	}
}

func TestSecurityRequirementsA3Alternatives(t *testing.T) {
	s := newOpenAPISchemes(t)
	got := marshalForTest(t, core.SecurityRequirements([]*core.Scheme{s.query, s.header, s.cookie}, false))
	want := `[{"APIKeyQuery":[]},{"APIKeyHeader":[]},{"APIKeyCookie":[]}]`
	if got != want {
		t.Errorf("SecurityRequirements = %s, want %s", got, want)
	}
}

func TestSecurityRequirementsRepeatedName(t *testing.T) {
	s := newOpenAPISchemes(t)
	got := marshalForTest(t, core.SecurityRequirements([]*core.Scheme{s.header, nil, s.optionalHeader}, false))
	if want := `[{"APIKeyHeader":[]}]`; got != want {
		t.Errorf("SecurityRequirements = %s, want %s", got, want)
	}
}

func TestBuildA4SchemeNameClash(t *testing.T) {
	s := newOpenAPISchemes(t)
	other, err := core.Header("X-Other-Key") // default name APIKeyHeader, like s.header
	if err != nil {
		t.Fatal(err)
	}
	o, err := core.NewOpenAPI()
	if err != nil {
		t.Fatal(err)
	}

	_, err = o.Build([]core.Operation{
		{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}},
		{Method: "GET", Path: "/b", Schemes: []*core.Scheme{other}},
	})
	if err == nil || !strings.Contains(err.Error(), `"APIKeyHeader"`) {
		t.Fatalf("Build error = %v, want one naming scheme name APIKeyHeader", err)
	}
}

func TestBuildA4SameSchemeTwice(t *testing.T) {
	s := newOpenAPISchemes(t)
	o, err := core.NewOpenAPI()
	if err != nil {
		t.Fatal(err)
	}

	_, err = o.Build([]core.Operation{
		{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}},
		{Method: "GET", Path: "/b", Schemes: []*core.Scheme{s.optionalHeader}, Optional: true},
	})
	if err != nil {
		t.Errorf("Build with a required and an optional scheme for one header: %v", err)
	}
}

func TestSecurityRequirementsA5Optional(t *testing.T) {
	s := newOpenAPISchemes(t)
	got := marshalForTest(t, core.SecurityRequirements([]*core.Scheme{s.optionalHeader}, true))
	if want := `[{"APIKeyHeader":[]},{}]`; got != want {
		t.Errorf("SecurityRequirements = %s, want %s", got, want)
	}
}

func TestSecuritySchemeA6Bearer(t *testing.T) {
	s := newOpenAPISchemes(t)
	lower, err := core.Authorization("bearer", core.WithDescription("Personal token"))
	if err != nil {
		t.Fatal(err)
	}

	if got, want := marshalForTest(t, s.bearer.SecurityScheme()), `{"type":"http","scheme":"bearer"}`; got != want {
		t.Errorf("Bearer: SecurityScheme() = %s, want %s", got, want)
	}
	if got, want := marshalForTest(t, lower.SecurityScheme()), `{"type":"http","scheme":"bearer","description":"Personal token"}`; got != want {
		t.Errorf("lower-case bearer: SecurityScheme() = %s, want %s", got, want)
	}
	if got := s.bearer.SchemeName(); got != "HTTPBearer" {
		t.Errorf("Bearer: SchemeName() = %q, want HTTPBearer", got)
	}
}

func TestSecuritySchemeOtherPrefix(t *testing.T) {
	s := newOpenAPISchemes(t)
	described, err := core.Authorization("Token", core.WithDescription("Workspace token"))
	if err != nil {
		t.Fatal(err)
	}

	want := `{"type":"apiKey","name":"Authorization","in":"header","description":"Send the key as \"Token \u003ckey\u003e\" in the Authorization header."}`
	if got := marshalForTest(t, s.token.SecurityScheme()); got != want {
		t.Errorf("Token: SecurityScheme() = %s, want %s", got, want)
	}
	want = `{"type":"apiKey","name":"Authorization","in":"header","description":"Workspace token"}`
	if got := marshalForTest(t, described.SecurityScheme()); got != want {
		t.Errorf("Token with description: SecurityScheme() = %s, want %s", got, want)
	}
}

// buildForTest builds a document from ops with opts and fails the test on
// an error.
func buildForTest(t *testing.T, opts []core.OpenAPIOption, ops ...core.Operation) string {
	t.Helper()
	o, err := core.NewOpenAPI(opts...)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := o.Build(ops)
	if err != nil {
		t.Fatal(err)
	}
	return string(doc)
}
