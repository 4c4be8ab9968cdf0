package core_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/go-apikey/apikey/core"
)

// nestedArrays returns a document whose x-deep member is depth arrays
// nested in each other, so the whole document nests depth+1 levels.
func nestedArrays(depth int) string {
	return `{"openapi":"3.1.0","x-deep":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`
}

// nestedObjects returns a document whose x-deep member is depth objects
// nested in each other, so the whole document nests depth+1 levels.
func nestedObjects(depth int) string {
	return `{"openapi":"3.1.0","x-deep":` + strings.Repeat(`{"a":`, depth-1) + `{}` + strings.Repeat("}", depth-1) + `}`
}

func TestMergeNestingDepth(t *testing.T) {
	s := newOpenAPISchemes(t)
	op := core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}}
	tests := []struct {
		name    string
		doc     string
		wantErr string // "" when Merge must succeed
	}{
		{"arrays at the limit", nestedArrays(999), ""},
		{"objects at the limit", nestedObjects(999), ""},
		{"arrays one past the limit", nestedArrays(1000), "maximum depth of 1000"},
		{"objects one past the limit", nestedObjects(1000), "maximum depth of 1000"},
		{"arrays past the encoding/json limit", nestedArrays(10001), "maximum depth of 1000"},
		{"unclosed arrays", `{"openapi":"3.1.0","x":` + strings.Repeat("[", 50000), "maximum depth of 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer failOnPanic(t)
			out, err := mergeForTest(t, nil, tt.doc, op)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Merge error = %v, want none", err)
				}
				if !json.Valid([]byte(out)) {
					t.Error("Merge returned invalid JSON")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Merge error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestMergeFromDeepDocument(t *testing.T) {
	s := newOpenAPISchemes(t)
	o, err := core.NewOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var r core.Recorder
	if err := r.Record(core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}}); err != nil {
		t.Fatal(err)
	}
	d, err := core.NewDocs(o.MergeFrom([]byte(nestedArrays(10001)), &r))
	if err != nil {
		t.Fatal(err)
	}

	defer failOnPanic(t)
	resp := serveForTest(d, http.MethodGet, "/openapi.json")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", resp.StatusCode)
	}
}

func TestMergeRejectsInvalidInput(t *testing.T) {
	s := newOpenAPISchemes(t)
	op := core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}}
	tests := []struct {
		name    string
		doc     string
		wantErr string // "" when Merge must succeed
	}{
		{"duplicate top-level key", `{"openapi":"3.1.0","openapi":"3.0.0"}`,
			`duplicate key "openapi" in the top-level object`},
		{"duplicate operation", `{"openapi":"3.1.0","paths":{"/a":{"get":{},"get":{}}}}`,
			`duplicate key "get" in the object at paths./a`},
		{"duplicate key in array item", `{"openapi":"3.1.0","tags":[{"name":"a"},{"name":"b","name":"c"}]}`,
			`duplicate key "name" in the object at tags[1]`},
		{"duplicate key spelled with an escape", `{"openapi":"3.1.0","info":{"title":"a","t\u0069tle":"b"}}`,
			`duplicate key "title" in the object at info`},
		{"same key in two objects", `{"openapi":"3.1.0","info":{"title":"a"},"x":{"title":"b"}}`, ""},
		{"invalid UTF-8 in a string", "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"a\xffb\"}}",
			"invalid UTF-8 at byte offset 37"},
		{"truncated UTF-8 sequence", "{\"openapi\":\"3.1.0\",\"x\":\"\xe2\x82\"}", "invalid UTF-8 at byte offset 24"},
		{"encoded U+FFFD", "{\"openapi\":\"3.1.0\",\"x\":\"\xef\xbf\xbd\"}", ""},
		{"lone high surrogate", `{"openapi":"3.1.0","x":"a\ud800"}`, `lone UTF-16 surrogate \ud800 at byte offset 25`},
		{"lone low surrogate", `{"openapi":"3.1.0","x":"\uDC00b"}`, `lone UTF-16 surrogate \uDC00 at byte offset 24`},
		{"high surrogate before a letter", `{"openapi":"3.1.0","x":"\ud800\u0041"}`, `lone UTF-16 surrogate \ud800`},
		{"two high surrogates", `{"openapi":"3.1.0","x":"\ud800\ud800"}`, `lone UTF-16 surrogate \ud800`},
		{"lone surrogate in a key", `{"openapi":"3.1.0","\udfff":1}`, `lone UTF-16 surrogate \udfff`},
		{"escaped backslash before u", `{"openapi":"3.1.0","x":"\\ud800"}`, ""},
		{"surrogate pair", `{"openapi":"3.1.0","x":"\ud83d\ude00"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mergeForTest(t, nil, tt.doc, op)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("Merge error = %v, want none", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Merge error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestMergeOpenAPIFieldType(t *testing.T) {
	s := newOpenAPISchemes(t)
	op := core.Operation{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}}
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"missing", `{"paths":{}}`, `the "openapi" field is missing`},
		{"number", `{"openapi":3.1}`, `"openapi" is a number (3.1), want a string`},
		{"object", `{"openapi":{"v":"3.1.0"}}`, `"openapi" is an object, want a string`},
		{"array", `{"openapi":["3.1.0"]}`, `"openapi" is an array, want a string`},
		{"boolean", `{"openapi":true}`, `"openapi" is a boolean (true), want a string`},
		{"null", `{"openapi":null}`, `"openapi" is null, want a string`},
		{"version 4", `{"openapi":"4.0.0"}`, `"openapi" is "4.0.0", want a 3.x version`},
		{"empty string", `{"openapi":""}`, `"openapi" is "", want a 3.x version`},
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

// failOnPanic turns a panic in the calling function into a test failure,
// so one panicking case does not end the whole test binary. Defer it.
func failOnPanic(t *testing.T) {
	t.Helper()
	if v := recover(); v != nil {
		t.Errorf("panic: %v", v)
	}
}
