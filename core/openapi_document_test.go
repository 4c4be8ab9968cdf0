package core_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/go-apikey/apikey/core"
)

func TestBuildMinimalDocument(t *testing.T) {
	s := newOpenAPISchemes(t)
	ops := []core.Operation{
		{Method: "post", Path: "/users/{id}", Schemes: []*core.Scheme{s.bearer, s.query}},
		{Method: "GET", Path: "/public", Schemes: []*core.Scheme{s.optionalHeader}, Optional: true},
		{Method: "GET", Path: "/users/{id}", Schemes: []*core.Scheme{s.header}},
	}

	got := buildForTest(t, []core.OpenAPIOption{core.WithInfo("Users", "2.1.0"), core.WithInfoDescription("User service")}, ops...)
	want := `{
	  "openapi": "3.1.0",
	  "info": {"title": "Users", "description": "User service", "version": "2.1.0"},
	  "paths": {
	    "/public": {
	      "get": {
	        "responses": {"default": {"description": "Response from the handler"}},
	        "security": [{"APIKeyHeader": []}, {}]
	      }
	    },
	    "/users/{id}": {
	      "get": {
	        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
	        "responses": {"default": {"description": "Response from the handler"}},
	        "security": [{"APIKeyHeader": []}]
	      },
	      "post": {
	        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
	        "responses": {"default": {"description": "Response from the handler"}},
	        "security": [{"HTTPBearer": []}, {"APIKeyQuery": []}]
	      }
	    }
	  },
	  "components": {
	    "securitySchemes": {
	      "APIKeyHeader": {"type": "apiKey", "name": "X-API-Key", "in": "header"},
	      "HTTPBearer": {"type": "http", "scheme": "bearer"},
	      "APIKeyQuery": {"type": "apiKey", "name": "api_key", "in": "query"}
	    }
	  }
	}`
	if openAPICompact(t, got) != openAPICompact(t, want) {
		t.Errorf("Build =\n%s\nwant\n%s", got, want)
	}
}

func TestBuildOpenAPI30(t *testing.T) {
	s := newOpenAPISchemes(t)
	got := buildForTest(t, []core.OpenAPIOption{core.WithOpenAPIVersion("3.0.3")},
		core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}})
	if !strings.HasPrefix(openAPICompact(t, got), `{"openapi":"3.0.3","info":{"title":"API","version":"0.1.0"},`) {
		t.Errorf("Build with 3.0.3 starts\n%s", got)
	}
}

func TestBuildNoOperations(t *testing.T) {
	got := buildForTest(t, nil)
	want := `{"openapi":"3.1.0","info":{"title":"API","version":"0.1.0"},"paths":{}}`
	if openAPICompact(t, got) != want {
		t.Errorf("Build(nil) = %s, want %s", got, want)
	}
}

func TestBuildErrorResponses(t *testing.T) {
	s := newOpenAPISchemes(t)
	got := buildForTest(t, []core.OpenAPIOption{core.WithErrorResponses()},
		core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header, s.bearer}},
		core.Operation{Method: "GET", Path: "/b", Schemes: []*core.Scheme{s.optionalHeader}, Optional: true})

	body := `"content":{"application/json":{"schema":{"type":"object","properties":{"detail":{"type":"string"}},"required":["detail"]},"example":{"detail":%q}}}`
	unauthorized := `"401":{"description":"No API key was sent.","headers":{"WWW-Authenticate":{"description":"One challenge per scheme: APIKey, Bearer.","schema":{"type":"string"}}},` +
		fmt.Sprintf(body, "Not authenticated") + `}`
	forbidden := `"403":{"description":"The API key was rejected.",` + fmt.Sprintf(body, "Could not validate credentials") + `}`
	handler := `"default":{"description":"Response from the handler"}`

	compact := openAPICompact(t, got)
	if want := `"/a":{"get":{"responses":{` + handler + `,` + unauthorized + `,` + forbidden + `}`; !strings.Contains(compact, want) {
		t.Errorf("required operation lacks 401 and 403:\n%s\nwant it to contain\n%s", compact, want)
	}
	if want := `"/b":{"get":{"responses":{` + handler + `,` + forbidden + `}`; !strings.Contains(compact, want) {
		t.Errorf("optional operation should list 403 only:\n%s\nwant it to contain\n%s", compact, want)
	}
}

func TestBuildErrorResponsesOffByDefault(t *testing.T) {
	s := newOpenAPISchemes(t)
	got := buildForTest(t, nil, core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}})
	if strings.Contains(got, `"401"`) || strings.Contains(got, `"403"`) {
		t.Errorf("Build without WithErrorResponses lists 401 or 403:\n%s", got)
	}
}

func TestNewOpenAPIInvalid(t *testing.T) {
	tests := []struct {
		name string
		opt  core.OpenAPIOption
		want string
	}{
		{"nil option", nil, "nil OpenAPIOption"},
		{"version 2.0", core.WithOpenAPIVersion("2.0"), "want 3.0.x or 3.1.x"},
		{"version 3.2.0", core.WithOpenAPIVersion("3.2.0"), "want 3.0.x or 3.1.x"},
		{"version with suffix", core.WithOpenAPIVersion("3.1.0-rc1"), "want 3.0.x or 3.1.x"},
		{"empty title", core.WithInfo("", "1.0.0"), "empty OpenAPI title"},
		{"empty API version", core.WithInfo("API", ""), "empty API version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := core.NewOpenAPI(tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewOpenAPI error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestBuildInvalidOperation(t *testing.T) {
	s := newOpenAPISchemes(t)
	schemes := []*core.Scheme{s.header}
	tests := []struct {
		name string
		ops  []core.Operation
		want string
	}{
		{"unknown method", []core.Operation{{Method: "FETCH", Path: "/a", Schemes: schemes}}, `invalid Operation method "FETCH"`},
		{"empty method", []core.Operation{{Path: "/a", Schemes: schemes}}, `invalid Operation method ""`},
		{"empty path", []core.Operation{{Method: "GET", Schemes: schemes}}, `invalid OpenAPI path ""`},
		{"relative path", []core.Operation{{Method: "GET", Path: "a", Schemes: schemes}}, "starts with '/'"},
		{"unbalanced brace", []core.Operation{{Method: "GET", Path: "/a/{id", Schemes: schemes}}, "unbalanced"},
		{"stray closing brace", []core.Operation{{Method: "GET", Path: "/a/id}", Schemes: schemes}}, "unbalanced"},
		{"empty parameter", []core.Operation{{Method: "GET", Path: "/a/{}", Schemes: schemes}}, "empty parameter name"},
		{"parameter twice", []core.Operation{{Method: "GET", Path: "/{id}/{id}", Schemes: schemes}}, "used twice"},
		{"no schemes", []core.Operation{{Method: "GET", Path: "/a"}}, "has no schemes"},
		{"nil scheme", []core.Operation{{Method: "GET", Path: "/a", Schemes: []*core.Scheme{nil}}}, "scheme 0 is nil"},
		{"route twice", []core.Operation{
			{Method: "GET", Path: "/a/{id}", Schemes: schemes},
			{Method: "get", Path: "/a/{uid}", Schemes: []*core.Scheme{s.query}},
		}, "already recorded with other schemes"},
	}
	o, err := core.NewOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := o.Build(tt.ops)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Build error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestRecorderRecordRoute(t *testing.T) {
	s := newOpenAPISchemes(t)
	var r core.Recorder
	if err := r.RecordRoute(core.SyntaxFiber, "GET", "/users/:id?", []*core.Scheme{s.header}, false); err != nil {
		t.Fatal(err)
	}
	if err := r.RecordRoute(core.SyntaxServeMux, "", "POST /items/{$}", []*core.Scheme{s.query}, false); err != nil {
		t.Fatal(err)
	}

	var got []string
	for _, op := range r.Operations() {
		got = append(got, op.Method+" "+op.Path)
	}
	want := "get /users/{id}, get /users, post /items/"
	if strings.Join(got, ", ") != want {
		t.Errorf("Operations = %s, want %s", strings.Join(got, ", "), want)
	}
}

func TestRecorderRecordRouteInvalid(t *testing.T) {
	s := newOpenAPISchemes(t)
	schemes := []*core.Scheme{s.header}
	other, err := core.Header("X-Other-Key")
	if err != nil {
		t.Fatal(err)
	}

	var r core.Recorder
	if err := r.RecordRoute(core.SyntaxGin, "GET", "/a", schemes, false); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		method  string
		pattern string
		syntax  core.PathSyntax
		schemes []*core.Scheme
		want    string
	}{
		{"no method", "", "/b", core.SyntaxServeMux, schemes, "has no method"},
		{"methods disagree", "POST", "GET /b", core.SyntaxServeMux, schemes, "has method GET, but POST was passed"},
		{"bad pattern", "GET", "b", core.SyntaxGin, schemes, "starts with '/'"},
		{"A4 clash with recorded", "GET", "/c", core.SyntaxGin, []*core.Scheme{other}, `scheme name "APIKeyHeader"`},
		{"route recorded with other schemes", "GET", "/a", core.SyntaxGin, []*core.Scheme{s.query}, "already recorded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := r.RecordRoute(tt.syntax, tt.method, tt.pattern, tt.schemes, false)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("RecordRoute error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	if n := len(r.Operations()); n != 1 {
		t.Errorf("after failed records, %d operations, want 1", n)
	}
}

func TestRecorderSameRouteTwice(t *testing.T) {
	s := newOpenAPISchemes(t)
	var r core.Recorder
	for range 2 {
		if err := r.Record(core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(r.Operations()); n != 1 {
		t.Errorf("%d operations, want 1", n)
	}
}

func TestRecorderConcurrentUse(t *testing.T) {
	s := newOpenAPISchemes(t)
	o, err := core.NewOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var r core.Recorder
	document := o.BuildFrom(&r)

	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			op := core.Operation{Method: "GET", Path: fmt.Sprintf("/r%d", i), Schemes: []*core.Scheme{s.header}}
			if err := r.Record(op); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			if _, err := document(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()

	doc, err := document()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(doc), `"get"`); n != 20 {
		t.Errorf("document lists %d operations, want 20", n)
	}
}

func TestBuildFromRebuildsAfterRecord(t *testing.T) {
	s := newOpenAPISchemes(t)
	o, err := core.NewOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var r core.Recorder
	document := o.BuildFrom(&r)

	first, err := document()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Record(core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}}); err != nil {
		t.Fatal(err)
	}
	second, err := document()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(first), "/a") || !strings.Contains(string(second), `"/a"`) {
		t.Errorf("document did not follow the recorder:\nbefore %s\nafter %s", first, second)
	}
}
