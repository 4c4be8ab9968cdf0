package reftest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi-validator/schema_validation"
)

// GoldenDocument is the OpenAPI document that every example serves at
// /openapi.json, byte for byte. After an intended change to the document,
// regenerate it from a running example:
//
//	go run ./examples/gin -addr 127.0.0.1:8000 &
//	curl -s http://127.0.0.1:8000/openapi.json > examples/internal/reftest/openapi.golden.json
//
//go:embed openapi.golden.json
var GoldenDocument []byte

// checkDocument fetches /openapi.json and fails t unless the body equals
// GoldenDocument byte for byte and is valid against the OpenAPI schema.
func checkDocument(t *testing.T, client *http.Client, baseURL string) {
	resp, body := get(t, client, baseURL+"/openapi.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /openapi.json: status %d, want %d; body %q", resp.StatusCode, http.StatusOK, body)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("GET /openapi.json: Content-Type %q, want %q", got, "application/json")
	}

	if !bytes.Equal(body, GoldenDocument) {
		t.Errorf("GET /openapi.json: document differs from openapi.golden.json (%s):\n%s",
			describeDifference(body, GoldenDocument), body)
	}
	for _, err := range ValidateOpenAPI(body) {
		t.Errorf("GET /openapi.json: %v", err)
	}
}

// checkDocsPage fetches /docs and fails t unless it is an HTML page that
// loads the document.
func checkDocsPage(t *testing.T, client *http.Client, baseURL string) {
	resp, body := get(t, client, baseURL+"/docs")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /docs: status %d, want %d; body %q", resp.StatusCode, http.StatusOK, body)
	}
	if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
		t.Errorf("GET /docs: Content-Type %q, want text/html", got)
	}
	if !bytes.Contains(body, []byte("swagger-ui-bundle.js")) {
		t.Errorf("GET /docs: the page does not load swagger-ui-bundle.js:\n%s", body)
	}
}

// ValidateOpenAPI validates doc against the JSON Schema of its OpenAPI
// version (3.0, 3.1 or 3.2), as published with the specification and
// shipped inside libopenapi, so no schema is fetched. It also checks that
// every security requirement names an entry of components.securitySchemes,
// which the schema cannot express. It returns one error per violation, or
// nil for a valid document.
func ValidateOpenAPI(doc []byte) []error {
	document, err := libopenapi.NewDocument(doc)
	if err != nil {
		return []error{fmt.Errorf("parse OpenAPI document: %w", err)}
	}

	var errs []error
	if valid, failures := schema_validation.ValidateOpenAPIDocument(document); !valid {
		for _, f := range failures {
			errs = append(errs, f)
		}
		if len(errs) == 0 {
			errs = append(errs, errors.New("OpenAPI document is invalid, but the validator reported no reason"))
		}
	}
	return append(errs, checkSecurityNames(doc)...)
}

// checkSecurityNames returns an error for each security requirement, at the
// top level or on an operation, that names a scheme that
// components.securitySchemes does not define. OpenAPI requires each name
// to correspond to a declared scheme.
func checkSecurityNames(doc []byte) []error {
	type requirements = []map[string][]string
	var parsed struct {
		Security   requirements                             `json:"security"`
		Paths      map[string]map[string]json.RawMessage    `json:"paths"`
		Components struct{ SecuritySchemes map[string]any } `json:"components"`
	}
	if err := json.Unmarshal(doc, &parsed); err != nil {
		return []error{fmt.Errorf("decode security requirements: %w", err)}
	}

	var errs []error
	check := func(where string, reqs requirements) {
		for _, req := range reqs {
			for name := range req {
				if _, ok := parsed.Components.SecuritySchemes[name]; !ok {
					errs = append(errs, fmt.Errorf("%s: security requirement names %q, which components.securitySchemes does not define", where, name))
				}
			}
		}
	}
	check("top level", parsed.Security)
	for path, item := range parsed.Paths {
		for method, raw := range item {
			var op struct {
				Security requirements `json:"security"`
			}
			// Members such as parameters and summary are not operations
			// and do not decode into op, so their error is ignored.
			if json.Unmarshal(raw, &op) == nil {
				check(strings.ToUpper(method)+" "+path, op.Security)
			}
		}
	}
	return errs
}

// describeDifference names the first line where got and want differ, and
// whether they are equal as JSON, so that a failure shows whether only the
// formatting or member order changed.
func describeDifference(got, want []byte) string {
	gotLines := strings.Split(string(got), "\n")
	wantLines := strings.Split(string(want), "\n")
	line := 0
	for line < len(gotLines) && line < len(wantLines) && gotLines[line] == wantLines[line] {
		line++
	}
	at := fmt.Sprintf("first difference at line %d", line+1)
	if line < len(gotLines) && line < len(wantLines) {
		at += fmt.Sprintf(": got %q, want %q", gotLines[line], wantLines[line])
	}

	var gotValue, wantValue any
	if json.Unmarshal(got, &gotValue) == nil && json.Unmarshal(want, &wantValue) == nil {
		gotNorm, _ := json.Marshal(gotValue)
		wantNorm, _ := json.Marshal(wantValue)
		if bytes.Equal(gotNorm, wantNorm) {
			return at + "; equal as JSON, so only formatting or member order differs"
		}
	}
	return at
}

// get sends a GET request and returns the response with its body read.
func get(t *testing.T, client *http.Client, url string) (*http.Response, []byte) {
	t.Helper()

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatalf("build request: %v", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", url, err)
	}
	return resp, body
}
