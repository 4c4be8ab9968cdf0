package core_test

import (
	"strings"
	"testing"

	"github.com/go-apikey/apikey/core"
)

// userDocument is a hand-written document whose members are deliberately
// out of alphabetical order and include fields this package does not know.
const userDocument = `{
  "openapi": "3.0.3",
  "x-generator": {"name": "hand", "build": 1.0, "size": 1e3},
  "info": {"version": "9", "title": "Shop <b>API</b> – ünïcode", "x-logo": {"url": "/logo.png"}},
  "servers": [{"url": "/v1"}],
  "paths": {
    "/users/{userId}": {
      "summary": "One user",
      "get": {
        "summary": "Get a user",
        "security": [{"Legacy": []}],
        "responses": {"200": {"description": "OK"}},
        "operationId": "getUser"
      },
      "parameters": [{"name": "userId", "in": "path", "required": true, "schema": {"type": "integer"}}]
    },
    "/health": {"get": {"responses": {"200": {"description": "OK"}}}}
  },
  "components": {
    "schemas": {"User": {"type": "object", "x-order": [3, 1, 2]}},
    "securitySchemes": {
      "Legacy": {"type": "apiKey", "in": "header", "name": "X-Legacy"},
      "APIKeyHeader": {"name": "x-api-key", "in": "header", "type": "apiKey", "description": "Ask support for a key", "x-note": null}
    }
  },
  "tags": [{"name": "users"}]
}`

func mergeForTest(t *testing.T, opts []core.OpenAPIOption, doc string, ops ...core.Operation) (string, error) {
	t.Helper()
	o, err := core.NewOpenAPI(opts...)
	if err != nil {
		t.Fatal(err)
	}
	out, err := o.Merge([]byte(doc), ops)
	return string(out), err
}

func TestMergeKeepsOrderAndUnknownFields(t *testing.T) {
	s := newOpenAPISchemes(t)
	got, err := mergeForTest(t, nil, userDocument,
		core.Operation{Method: "GET", Path: "/users/{id}", Schemes: []*core.Scheme{s.header, s.bearer}},
		core.Operation{Method: "DELETE", Path: "/users/{id}", Schemes: []*core.Scheme{s.header}},
		core.Operation{Method: "GET", Path: "/orders/{orderId}", Schemes: []*core.Scheme{s.optionalHeader}, Optional: true},
	)
	if err != nil {
		t.Fatal(err)
	}

	want := `{
	  "openapi": "3.0.3",
	  "x-generator": {"name": "hand", "build": 1.0, "size": 1e3},
	  "info": {"version": "9", "title": "Shop <b>API</b> – ünïcode", "x-logo": {"url": "/logo.png"}},
	  "servers": [{"url": "/v1"}],
	  "paths": {
	    "/users/{userId}": {
	      "summary": "One user",
	      "get": {
	        "summary": "Get a user",
	        "security": [{"APIKeyHeader": []}, {"HTTPBearer": []}],
	        "responses": {"200": {"description": "OK"}},
	        "operationId": "getUser"
	      },
	      "parameters": [{"name": "userId", "in": "path", "required": true, "schema": {"type": "integer"}}],
	      "delete": {
	        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
	        "responses": {"default": {"description": "Response from the handler"}},
	        "security": [{"APIKeyHeader": []}]
	      }
	    },
	    "/health": {"get": {"responses": {"200": {"description": "OK"}}}},
	    "/orders/{orderId}": {
	      "get": {
	        "parameters": [{"name": "orderId", "in": "path", "required": true, "schema": {"type": "string"}}],
	        "responses": {"default": {"description": "Response from the handler"}},
	        "security": [{"APIKeyHeader": []}, {}]
	      }
	    }
	  },
	  "components": {
	    "schemas": {"User": {"type": "object", "x-order": [3, 1, 2]}},
	    "securitySchemes": {
	      "Legacy": {"type": "apiKey", "in": "header", "name": "X-Legacy"},
	      "APIKeyHeader": {"name": "x-api-key", "in": "header", "type": "apiKey", "description": "Ask support for a key", "x-note": null},
	      "HTTPBearer": {"type": "http", "scheme": "bearer"}
	    }
	  },
	  "tags": [{"name": "users"}]
	}`
	if openAPICompact(t, got) != openAPICompact(t, want) {
		t.Errorf("Merge =\n%s\nwant\n%s", got, want)
	}
}

func TestMergeCreatesComponentsAndPaths(t *testing.T) {
	s := newOpenAPISchemes(t)
	got, err := mergeForTest(t, nil, `{"openapi":"3.1.0","info":{"title":"T","version":"1"},"webhooks":{}}`,
		core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.cookie}})
	if err != nil {
		t.Fatal(err)
	}

	want := `{"openapi":"3.1.0","info":{"title":"T","version":"1"},"webhooks":{},` +
		`"components":{"securitySchemes":{"APIKeyCookie":{"type":"apiKey","name":"session_id","in":"cookie"}}},` +
		`"paths":{"/a":{"get":{"responses":{"default":{"description":"Response from the handler"}},"security":[{"APIKeyCookie":[]}]}}}}`
	if openAPICompact(t, got) != want {
		t.Errorf("Merge =\n%s\nwant\n%s", openAPICompact(t, got), want)
	}
}

func TestMergeErrorResponsesKeepExisting(t *testing.T) {
	s := newOpenAPISchemes(t)
	doc := `{"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{"/a":{"get":{"responses":{"401":{"description":"mine"}}}}}}`
	got, err := mergeForTest(t, []core.OpenAPIOption{core.WithErrorResponses()}, doc,
		core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}})
	if err != nil {
		t.Fatal(err)
	}

	compact := openAPICompact(t, got)
	if !strings.Contains(compact, `"responses":{"401":{"description":"mine"},"403":{"description":"The API key was rejected."`) {
		t.Errorf("Merge should keep the 401 and add a 403:\n%s", compact)
	}
}

func TestMergeConflict(t *testing.T) {
	s := newOpenAPISchemes(t)
	tests := []struct {
		name  string
		entry string
	}{
		{"other header", `{"type":"apiKey","in":"header","name":"X-Other"}`},
		{"other source", `{"type":"apiKey","in":"query","name":"X-API-Key"}`},
		{"http type", `{"type":"http","scheme":"bearer"}`},
		{"not an object", `"APIKeyHeader"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"openapi":"3.1.0","components":{"securitySchemes":{"APIKeyHeader":` + tt.entry + `}}}`
			_, err := mergeForTest(t, nil, doc, core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}})
			if err == nil || !strings.Contains(err.Error(), `already has "APIKeyHeader" with another definition`) {
				t.Errorf("Merge error = %v, want a conflict on APIKeyHeader", err)
			}
		})
	}
}

func TestMergeBearerCaseInsensitive(t *testing.T) {
	s := newOpenAPISchemes(t)
	doc := `{"openapi":"3.1.0","components":{"securitySchemes":{"HTTPBearer":{"type":"http","scheme":"Bearer","bearerFormat":"JWT"}}}}`
	got, err := mergeForTest(t, nil, doc, core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.bearer}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(openAPICompact(t, got), `"HTTPBearer":{"type":"http","scheme":"Bearer","bearerFormat":"JWT"}`) {
		t.Errorf("Merge should keep the user's bearer entry:\n%s", got)
	}
}

func TestMergeInvalidDocument(t *testing.T) {
	s := newOpenAPISchemes(t)
	op := core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}}
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"not JSON", `{"openapi":`, "invalid OpenAPI document"},
		{"trailing data", `{"openapi":"3.1.0"} {}`, "unexpected data after the top-level value"},
		{"array", `[]`, "want a JSON object"},
		{"swagger 2", `{"swagger":"2.0","paths":{}}`, "Swagger 2.0"},
		{"no version", `{"paths":{}}`, `the "openapi" field is missing`},
		{"version 4", `{"openapi":"4.0.0"}`, `"openapi" is "4.0.0", want a 3.x version`},
		{"paths not object", `{"openapi":"3.1.0","paths":[]}`, "paths is not a JSON object"},
		{"path item not object", `{"openapi":"3.1.0","paths":{"/a":1}}`, "paths./a is not a JSON object"},
		{"operation not object", `{"openapi":"3.1.0","paths":{"/a":{"get":true}}}`, "paths./a.get is not a JSON object"},
		{"components not object", `{"openapi":"3.1.0","components":"x"}`, "components is not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mergeForTest(t, nil, tt.doc, op)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Merge error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestMergeFromRecorder(t *testing.T) {
	s := newOpenAPISchemes(t)
	o, err := core.NewOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	base := []byte(`{"openapi":"3.1.0","info":{"title":"T","version":"1"}}`)
	var r core.Recorder
	document := o.MergeFrom(base, &r)
	base[2] = 'X' // MergeFrom must have copied base

	if err := r.Record(core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}}); err != nil {
		t.Fatal(err)
	}
	doc, err := document()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), `"openapi": "3.1.0"`) || !strings.Contains(string(doc), `"/a"`) {
		t.Errorf("MergeFrom document:\n%s", doc)
	}
}
