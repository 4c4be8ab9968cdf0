package httpapikey_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/go-apikey/apikey/adapters/httpapikey"
	"github.com/go-apikey/apikey/conformance"
	"github.com/go-apikey/apikey/core"
)

// okHandler responds to every request with 204 No Content.
var okHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusNoContent)
})

// newRouter returns a Router on a new ServeMux guarded by newAuth, and the
// mux and recorder behind it.
func newRouter(t *testing.T) (*httpapikey.Router, *http.ServeMux, *core.Recorder) {
	t.Helper()
	mux := http.NewServeMux()
	rec := &core.Recorder{}
	router, err := httpapikey.NewRouter(mux, newAuth(t), rec)
	if err != nil {
		t.Fatalf("NewRouter: %v", err)
	}
	return router, mux, rec
}

// recordedRoutes returns "METHOD path" for every recorded operation.
func recordedRoutes(rec *core.Recorder) []string {
	var list []string
	for _, op := range rec.Operations() {
		list = append(list, op.Method+" "+op.Path)
	}
	return list
}

// statusOf serves GET target on h, with key in X-API-Key unless it is
// empty, and returns the status.
func statusOf(h http.Handler, method, target, key string) int {
	req := httptest.NewRequest(method, target, nil)
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func TestNewRouterErrors(t *testing.T) {
	auth := newAuth(t)
	mux := http.NewServeMux()
	skipAll := httpapikey.WithSkipper(func(*http.Request) bool { return true })
	tests := []struct {
		name    string
		mux     interface{ Handle(string, http.Handler) }
		auth    *core.Authenticator[conformance.Principal]
		rec     *core.Recorder
		opts    []httpapikey.Option
		wantErr string
	}{
		{"nil mux", nil, auth, &core.Recorder{}, nil, "nil mux"},
		{"nil ServeMux pointer", (*http.ServeMux)(nil), auth, &core.Recorder{}, nil, "nil mux"},
		{"skipper", mux, auth, &core.Recorder{}, []httpapikey.Option{skipAll}, "WithSkipper"},
		{"nil recorder", mux, auth, nil, nil, "nil Recorder"},
		{"nil authenticator", mux, nil, &core.Recorder{}, nil, "nil Authenticator"},
		{"nil option", mux, auth, &core.Recorder{}, []httpapikey.Option{nil}, "option 0 is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			router, err := httpapikey.NewRouter(tt.mux, tt.auth, tt.rec, tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("NewRouter error = %v, want one containing %q", err, tt.wantErr)
			}
			if router != nil {
				t.Error("NewRouter returned a Router together with an error")
			}
		})
	}
}

func TestRouterGuardsAndRecords(t *testing.T) {
	router, mux, rec := newRouter(t)
	if err := router.Handle("GET /users/{id}", okHandler); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	err := router.HandleFunc("POST /users", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})
	if err != nil {
		t.Fatalf("HandleFunc: %v", err)
	}

	if got, want := recordedRoutes(rec), []string{"get /users/{id}", "post /users"}; !slices.Equal(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
	if got := statusOf(mux, http.MethodGet, "/users/7", ""); got != http.StatusUnauthorized {
		t.Errorf("GET /users/7 without a key = %d, want 401", got)
	}
	if got := statusOf(mux, http.MethodGet, "/users/7", "good"); got != http.StatusNoContent {
		t.Errorf("GET /users/7 with a good key = %d, want 204", got)
	}
	if got := statusOf(mux, http.MethodPost, "/users", "good"); got != http.StatusCreated {
		t.Errorf("POST /users with a good key = %d, want 201", got)
	}
}

func TestRouterSchemeNameClash(t *testing.T) {
	mux := http.NewServeMux()
	rec := &core.Recorder{}
	first, err := httpapikey.NewRouter(mux, newAuth(t), rec)
	if err != nil {
		t.Fatalf("NewRouter: %v", err)
	}
	other, err := core.Header("X-Other-Key")
	if err != nil {
		t.Fatalf("core.Header: %v", err)
	}
	otherAuth, err := core.New([]*core.Scheme{other}, core.KeyOnly())
	if err != nil {
		t.Fatalf("core.New: %v", err)
	}
	second, err := httpapikey.NewRouter(mux, otherAuth, rec)
	if err != nil {
		t.Fatalf("NewRouter: %v", err)
	}

	if err := first.Handle("GET /first", okHandler); err != nil {
		t.Fatalf("Handle /first: %v", err)
	}
	err = second.Handle("GET /second", okHandler)
	if err == nil || !strings.Contains(err.Error(), `"APIKeyHeader"`) {
		t.Errorf("Handle /second error = %v, want one naming the scheme name APIKeyHeader", err)
	}
	if got := statusOf(mux, http.MethodGet, "/second", "k"); got != http.StatusNotFound {
		t.Errorf("GET /second after the failed Handle = %d, want 404 because nothing was registered", got)
	}
	if got, want := recordedRoutes(rec), []string{"get /first"}; !slices.Equal(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
}

func TestRouterGroupPrefix(t *testing.T) {
	router, mux, rec := newRouter(t)
	admin := router.Group("/admin").Group("/v1/")
	routes := []string{"GET /stats", "GET /users/{id}", "DELETE /cache"}
	for _, pattern := range routes {
		if err := admin.Handle(pattern, okHandler); err != nil {
			t.Fatalf("Handle %q: %v", pattern, err)
		}
	}

	want := []string{"get /admin/v1/stats", "get /admin/v1/users/{id}", "delete /admin/v1/cache"}
	if got := recordedRoutes(rec); !slices.Equal(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
	if got := statusOf(mux, http.MethodGet, "/admin/v1/stats", ""); got != http.StatusUnauthorized {
		t.Errorf("GET /admin/v1/stats without a key = %d, want 401", got)
	}
	if got := statusOf(mux, http.MethodGet, "/admin/v1/users/3", "good"); got != http.StatusNoContent {
		t.Errorf("GET /admin/v1/users/3 with a good key = %d, want 204", got)
	}
	if got := statusOf(mux, http.MethodDelete, "/admin/v1/cache", "good"); got != http.StatusNoContent {
		t.Errorf("DELETE /admin/v1/cache with a good key = %d, want 204", got)
	}
}

func TestRouterPathConversion(t *testing.T) {
	tests := []struct {
		pattern string
		want    string
	}{
		{"GET /users/{id}", "get /users/{id}"},
		{"GET /files/{path...}", "get /files/{path}"},
		{"GET /items/{$}", "get /items/"},
		{"PUT\t/tabbed", "put /tabbed"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			router, _, rec := newRouter(t)
			if err := router.Handle(tt.pattern, okHandler); err != nil {
				t.Fatalf("Handle: %v", err)
			}
			if got := recordedRoutes(rec); !slices.Equal(got, []string{tt.want}) {
				t.Errorf("recorded %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRouterHandleErrors(t *testing.T) {
	tests := []struct {
		name     string
		register func(r *httpapikey.Router) error
		wantErr  string
	}{
		{"no method", func(r *httpapikey.Router) error {
			return r.Handle("/users", okHandler)
		}, "has no method"},
		{"path with a space but no method", func(r *httpapikey.Router) error {
			return r.Handle("/users all", okHandler)
		}, "has no method"},
		{"lower-case method", func(r *httpapikey.Router) error {
			return r.HandleFunc("get /lower", okHandler)
		}, "invalid method"},
		{"mixed-case method", func(r *httpapikey.Router) error {
			return r.Handle("Get /mixed", okHandler)
		}, "invalid method"},
		{"host pattern", func(r *httpapikey.Router) error {
			return r.Handle("GET example.com/host", okHandler)
		}, "has a host"},
		{"host pattern in a group", func(r *httpapikey.Router) error {
			return r.Group("/admin").Handle("DELETE example.com/cache", okHandler)
		}, "has a host"},
		{"no path", func(r *httpapikey.Router) error {
			return r.Handle("GET users", okHandler)
		}, "want a path that starts with '/'"},
		{"nil handler", func(r *httpapikey.Router) error {
			return r.Handle("GET /users", nil)
		}, "nil handler"},
		{"nil handler function", func(r *httpapikey.Router) error {
			return r.HandleFunc("GET /users", nil)
		}, "nil handler function"},
		{"method OpenAPI cannot list", func(r *httpapikey.Router) error {
			return r.Handle("CONNECT /tunnel", okHandler)
		}, "invalid Operation method"},
		{"group prefix without slash", func(r *httpapikey.Router) error {
			return r.Group("admin").Group("/v1").Handle("GET /stats", okHandler)
		}, "invalid group prefix"},
		{"invalid wildcard", func(r *httpapikey.Router) error {
			return r.Handle("GET /users/{id", okHandler)
		}, "invalid ServeMux pattern"},
		{"conflicting pattern", func(r *httpapikey.Router) error {
			if err := r.Handle("GET /users/{id}", okHandler); err != nil {
				return err
			}
			return r.Handle("GET /{kind}/me", okHandler)
		}, `register "GET /{kind}/me"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			router, _, _ := newRouter(t)
			err := tt.register(router)
			if err == nil {
				t.Fatal("registration returned no error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestRouterRejectedPatternRegistersNothing(t *testing.T) {
	for _, pattern := range []string{"get /lower", "GET example.com/host"} {
		t.Run(pattern, func(t *testing.T) {
			router, mux, rec := newRouter(t)
			if err := router.Handle(pattern, okHandler); err == nil {
				t.Fatal("Handle returned no error")
			}
			if got := rec.Operations(); len(got) != 0 {
				t.Errorf("recorded %v, want nothing", got)
			}
			if err := router.Handle("GET /lower", okHandler); err != nil {
				t.Errorf("Handle GET /lower after the rejected pattern: %v", err)
			}
			if got := statusOf(mux, http.MethodGet, "/lower", "good"); got != http.StatusNoContent {
				t.Errorf("GET /lower with a good key = %d, want 204", got)
			}
		})
	}
}

func TestRouterRouteRegisteredTwice(t *testing.T) {
	mux := http.NewServeMux()
	rec := &core.Recorder{}
	newRouterOn := func(auth *core.Authenticator[conformance.Principal]) *httpapikey.Router {
		t.Helper()
		router, err := httpapikey.NewRouter(mux, auth, rec)
		if err != nil {
			t.Fatalf("NewRouter: %v", err)
		}
		return router
	}
	first, second, optional := newRouterOn(newAuth(t)), newRouterOn(newAuth(t)), newRouterOn(newAuth(t, core.Optional()))
	if err := first.Handle("GET /items/{id}", okHandler); err != nil {
		t.Fatalf("Handle: %v", err)
	}

	tests := []struct {
		name     string
		register func() error
	}{
		{"same Router", func() error { return first.Handle("GET /items/{id}", okHandler) }},
		{"other parameter name", func() error { return first.Handle("GET /items/{itemID}", okHandler) }},
		{"other Router, same schemes", func() error { return second.Handle("GET /items/{id}", okHandler) }},
		{"other Router, other schemes", func() error { return optional.Handle("GET /items/{id}", okHandler) }},
		{"through a group", func() error { return second.Group("/items").Handle("GET /{id}", okHandler) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.register()
			if want := "GET /items/{id} is already recorded"; err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error = %v, want one containing %q", err, want)
			}
		})
	}
	if got, want := recordedRoutes(rec), []string{"get /items/{id}"}; !slices.Equal(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
	if err := first.Handle("POST /items/{id}", okHandler); err != nil {
		t.Errorf("Handle POST on the same path: %v", err)
	}
}

func TestMountDocsWithGuard(t *testing.T) {
	router, mux, rec := newRouter(t)
	if err := router.Handle("GET /users/{id}", okHandler); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	openAPI, err := core.NewOpenAPI()
	if err != nil {
		t.Fatalf("NewOpenAPI: %v", err)
	}
	docs, err := core.NewDocs(openAPI.BuildFrom(rec), core.WithDocumentLoading(core.EmbedDocument))
	if err != nil {
		t.Fatalf("NewDocs: %v", err)
	}
	guard, err := httpapikey.New(newAuth(t))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := httpapikey.MountDocs(mux, docs, guard); err != nil {
		t.Fatalf("MountDocs: %v", err)
	}

	tests := []struct {
		method, path, key string
		want              int
	}{
		{http.MethodGet, "/openapi.json", "", http.StatusUnauthorized},
		{http.MethodGet, "/openapi.json", "good", http.StatusOK},
		{http.MethodHead, "/openapi.json", "good", http.StatusOK},
		{http.MethodGet, "/docs", "", http.StatusUnauthorized},
		{http.MethodGet, "/docs", "good", http.StatusOK},
		{http.MethodHead, "/docs", "good", http.StatusOK},
		{http.MethodPost, "/docs", "good", http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		if got := statusOf(mux, tt.method, tt.path, tt.key); got != tt.want {
			t.Errorf("%s %s with key %q = %d, want %d", tt.method, tt.path, tt.key, got, tt.want)
		}
	}

	req := httptest.NewRequest(http.MethodGet, "/openapi.json", nil)
	req.Header.Set("X-API-Key", "good")
	resp := httptest.NewRecorder()
	mux.ServeHTTP(resp, req)
	if want := `"/users/{id}"`; !strings.Contains(resp.Body.String(), want) {
		t.Errorf("document does not contain %s:\n%s", want, resp.Body)
	}
}

func TestMountDocsErrors(t *testing.T) {
	docs, err := core.NewDocs(core.StaticDocument([]byte(`{"openapi":"3.1.0"}`)))
	if err != nil {
		t.Fatalf("NewDocs: %v", err)
	}
	nilGuard := func(http.Handler) http.Handler { return nil }
	occupied := http.NewServeMux()
	occupied.Handle("GET /openapi.json", okHandler)

	tests := []struct {
		name    string
		mux     interface{ Handle(string, http.Handler) }
		docs    *core.Docs
		guard   func(http.Handler) http.Handler
		wantErr string
	}{
		{"nil mux", nil, docs, nil, "nil mux"},
		{"nil ServeMux pointer", (*http.ServeMux)(nil), docs, nil, "nil mux"},
		{"nil docs", http.NewServeMux(), nil, nil, "nil Docs"},
		{"guard returns nil", http.NewServeMux(), docs, nilGuard, "returned a nil handler"},
		{"path already registered", occupied, docs, nil, `register "GET /openapi.json"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := httpapikey.MountDocs(tt.mux, tt.docs, tt.guard)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("MountDocs error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestMountDocsTwice(t *testing.T) {
	mux := http.NewServeMux()
	docs, err := core.NewDocs(core.StaticDocument([]byte(`{"openapi":"3.1.0"}`)))
	if err != nil {
		t.Fatalf("NewDocs: %v", err)
	}
	guard, err := httpapikey.New(newAuth(t))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := httpapikey.MountDocs(mux, docs, guard); err != nil {
		t.Fatalf("MountDocs: %v", err)
	}

	err = httpapikey.MountDocs(mux, docs, nil)

	if want := "/openapi.json"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("second MountDocs error = %v, want one containing %q", err, want)
	}
	if got := statusOf(mux, http.MethodGet, "/openapi.json", ""); got != http.StatusUnauthorized {
		t.Errorf("GET /openapi.json without a key = %d, want 401 from the first mount", got)
	}
}
