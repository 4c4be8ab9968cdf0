package core_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/go-apikey/apikey/core"
)

func TestOpenAPIPaths(t *testing.T) {
	tests := []struct {
		name       string
		syntax     core.PathSyntax
		pattern    string
		wantMethod string
		wantPaths  []string
	}{
		{"mux plain", core.SyntaxServeMux, "/users/me", "", []string{"/users/me"}},
		{"mux method prefix", core.SyntaxServeMux, "GET /users/{id}", "GET", []string{"/users/{id}"}},
		{"mux method with tabs", core.SyntaxServeMux, "POST\t /items/", "POST", []string{"/items/"}},
		{"mux rest wildcard", core.SyntaxServeMux, "/files/{path...}", "", []string{"/files/{path}"}},
		{"mux end anchor", core.SyntaxServeMux, "GET /items/{$}", "GET", []string{"/items/"}},
		{"mux host dropped", core.SyntaxServeMux, "GET example.com/a/{id}", "GET", []string{"/a/{id}"}},
		{"gin param", core.SyntaxGin, "/users/:id/posts/:post", "", []string{"/users/{id}/posts/{post}"}},
		{"gin catch-all", core.SyntaxGin, "/static/*filepath", "", []string{"/static/{filepath}"}},
		{"gin param with dot", core.SyntaxGin, "/files/:name.json", "", []string{"/files/{name.json}"}},
		{"echo param", core.SyntaxEcho, "/users/:id", "", []string{"/users/{id}"}},
		{"echo wildcard", core.SyntaxEcho, "/static/*", "", []string{"/static/{wildcard}"}},
		{"echo escaped colon", core.SyntaxEcho, `/a\:b/:id`, "", []string{"/a:b/{id}"}},
		{"echo inline verb", core.SyntaxEcho, `/users/:id\:cancel`, "", []string{"/users/{id}:cancel"}},
		{"echo leading slash added", core.SyntaxEcho, "users/:id", "", []string{"/users/{id}"}},
		{"fiber param", core.SyntaxFiber, "/users/:id", "", []string{"/users/{id}"}},
		{"fiber delimiters", core.SyntaxFiber, "/flights/:from-:to/:file.:ext", "", []string{"/flights/{from}-{to}/{file}.{ext}"}},
		{"fiber constraint", core.SyntaxFiber, "/users/:id<int>", "", []string{"/users/{id}"}},
		{"fiber constraint with >", core.SyntaxFiber, `/d/:day<regex(\d{2}>x)>`, "", []string{"/d/{day}"}},
		{"fiber optional", core.SyntaxFiber, "/users/:id?", "", []string{"/users/{id}", "/users"}},
		{"fiber optional root", core.SyntaxFiber, "/:lang?", "", []string{"/{lang}", "/"}},
		{"fiber optional mid", core.SyntaxFiber, "/a/:x?/b", "", []string{"/a/{x}/b", "/a/b"}},
		{"fiber constraint optional", core.SyntaxFiber, "/u/:id<int>?", "", []string{"/u/{id}", "/u"}},
		{"fiber two optional", core.SyntaxFiber, "/:a?/:b?", "", []string{"/{a}/{b}", "/{b}", "/{a}", "/"}},
		{"fiber star", core.SyntaxFiber, "/files/*", "", []string{"/files/{wildcard}"}},
		{"fiber plus", core.SyntaxFiber, "/files/+", "", []string{"/files/{wildcard}"}},
		{"fiber star and plus", core.SyntaxFiber, "/*/x/+", "", []string{"/{wildcard1}/x/{wildcard2}"}},
		{"fiber escape", core.SyntaxFiber, `/v1\:info`, "", []string{"/v1:info"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method, paths, err := core.OpenAPIPaths(tt.syntax, tt.pattern)
			if err != nil {
				t.Fatalf("OpenAPIPaths(%q): %v", tt.pattern, err)
			}
			if method != tt.wantMethod {
				t.Errorf("method = %q, want %q", method, tt.wantMethod)
			}
			if !slices.Equal(paths, tt.wantPaths) {
				t.Errorf("paths = %q, want %q", paths, tt.wantPaths)
			}
		})
	}
}

func TestOpenAPIPathsInvalid(t *testing.T) {
	tests := []struct {
		name    string
		syntax  core.PathSyntax
		pattern string
		want    string // part of the error message
	}{
		{"unknown syntax", core.PathSyntax(0), "/a", "unknown PathSyntax"},
		{"mux no slash", core.SyntaxServeMux, "GET users", "starts with '/'"},
		{"mux bad method", core.SyntaxServeMux, "G(T /a", "not an HTTP token"},
		{"mux partial segment", core.SyntaxServeMux, "/a/x{id}", "whole segment"},
		{"mux rest not last", core.SyntaxServeMux, "/a/{p...}/b", "last segment"},
		{"mux bad name", core.SyntaxServeMux, "/a/{1x}", "not a Go identifier"},
		{"mux name twice", core.SyntaxServeMux, "/{a}/{a}", "used twice"},
		{"mux anchor not last", core.SyntaxServeMux, "/{$}/a", "{$} must be the last segment"},
		{"gin no slash", core.SyntaxGin, "users", "starts with '/'"},
		{"gin empty name", core.SyntaxGin, "/users/:", "parameter name"},
		{"gin two in segment", core.SyntaxGin, "/a/:x:y", "one parameter per path segment"},
		{"gin unnamed catch-all", core.SyntaxGin, "/a/*", "must be named"},
		{"gin catch-all not last", core.SyntaxGin, "/a/*p/b", "must be named"},
		{"gin catch-all mid-segment", core.SyntaxGin, "/a*p", "follow a '/'"},
		{"gin brace", core.SyntaxGin, "/a/{b}", "reserve '{' and '}'"},
		{"echo wildcard not last", core.SyntaxEcho, "/a/*/b", "must end the route"},
		{"echo name twice", core.SyntaxEcho, "/:id/:id", "used twice"},
		{"fiber open constraint", core.SyntaxFiber, "/:id<int", "no closing '>'"},
		{"fiber too many optional", core.SyntaxFiber, "/:a?/:b?/:c?/:d?/:e?", "at most 4"},
		{"fiber wildcard name clash", core.SyntaxFiber, "/:wildcard/*", "used twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := core.OpenAPIPaths(tt.syntax, tt.pattern)
			if err == nil {
				t.Fatalf("OpenAPIPaths(%q) returned no error", tt.pattern)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}
