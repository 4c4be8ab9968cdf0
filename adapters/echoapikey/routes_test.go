package echoapikey_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-apikey/apikey/adapters/echoapikey"
	"github.com/go-apikey/apikey/conformance"
	"github.com/go-apikey/apikey/core"
)

// noContent is the handler of every route in these tests.
func noContent(c echo.Context) error { return c.NoContent(http.StatusNoContent) }

// recorded returns "METHOD path" for each operation in rec.
func recorded(rec *core.Recorder) []string {
	var out []string
	for _, op := range rec.Operations() {
		out = append(out, strings.ToUpper(op.Method)+" "+op.Path)
	}
	return out
}

// status serves one request through e, with key in X-API-Key unless key is
// empty, and returns the response status.
func status(e *echo.Echo, method, target, key string) int {
	req := httptest.NewRequest(method, target, nil)
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec.Code
}

// otherHeaderAuth returns an authenticator for X-Other-Key, whose scheme
// has the default scheme name APIKeyHeader like newAuth's.
func otherHeaderAuth(t *testing.T) *core.Authenticator[conformance.Principal] {
	t.Helper()

	scheme, err := core.Header("X-Other-Key")
	require.NoError(t, err)
	keys, err := core.FixedKeys(map[string]conformance.Principal{"other": {Name: "bob"}})
	require.NoError(t, err)
	auth, err := core.New([]*core.Scheme{scheme}, keys)
	require.NoError(t, err)
	return auth
}

func TestNewRouterErrors(t *testing.T) {
	auth := newAuth(t)
	var nilEcho *echo.Echo

	tests := []struct {
		name string
		e    interface {
			Add(string, string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route
		}
		auth *core.Authenticator[conformance.Principal]
		rec  *core.Recorder
		opts []echoapikey.Option
	}{
		{name: "nil router", e: nil, auth: auth, rec: &core.Recorder{}},
		{name: "nil echo pointer", e: nilEcho, auth: auth, rec: &core.Recorder{}},
		{name: "nil recorder", e: echo.New(), auth: auth, rec: nil},
		{name: "nil authenticator", e: echo.New(), auth: nil, rec: &core.Recorder{}},
		{name: "nil option", e: echo.New(), auth: auth, rec: &core.Recorder{}, opts: []echoapikey.Option{nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := echoapikey.NewRouter(tt.e, tt.auth, tt.rec, tt.opts...)
			assert.Error(t, err)
			assert.Nil(t, r)
		})
	}
}

func TestNewRouterRejectsSkipper(t *testing.T) {
	skipAll := echoapikey.WithSkipper(func(echo.Context) bool { return true })

	r, err := echoapikey.NewRouter(echo.New(), newAuth(t), &core.Recorder{}, skipAll)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "WithSkipper")
	assert.Nil(t, r)
}

func TestRouterSchemeNameClash(t *testing.T) {
	e := echo.New()
	rec := &core.Recorder{}
	first, err := echoapikey.NewRouter(e, newAuth(t), rec)
	require.NoError(t, err)
	second, err := echoapikey.NewRouter(e, otherHeaderAuth(t), rec)
	require.NoError(t, err)

	require.NoError(t, first.GET("/first", noContent))
	err = second.GET("/second", noContent)

	require.Error(t, err)
	assert.Contains(t, err.Error(), `"APIKeyHeader"`)
	assert.Equal(t, []string{"GET /first"}, recorded(rec))
	assert.Equal(t, http.StatusNotFound, status(e, http.MethodGet, "/second", "other"),
		"a route whose record failed was registered")
}

func TestRouterRouteRegisteredTwice(t *testing.T) {
	e := echo.New()
	rec := &core.Recorder{}
	first, err := echoapikey.NewRouter(e, newAuth(t), rec)
	require.NoError(t, err)
	second, err := echoapikey.NewRouter(e, newAuth(t), rec)
	require.NoError(t, err)
	optional, err := echoapikey.NewRouter(e, newAuth(t, core.Optional()), rec)
	require.NoError(t, err)
	require.NoError(t, first.GET("/items/:id", noContent))

	tests := []struct {
		name     string
		register func() error
	}{
		{"same Router", func() error { return first.GET("/items/:id", noContent) }},
		{"other parameter name", func() error { return first.GET("/items/:itemID", noContent) }},
		{"other Router, same schemes", func() error { return second.GET("/items/:id", noContent) }},
		{"other Router, other schemes", func() error { return optional.GET("/items/:id", noContent) }},
		{"through a group", func() error { return second.Group("/items").GET("/:id", noContent) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.register()
			require.Error(t, err)
			assert.Contains(t, err.Error(), "GET /items/{id} is already recorded")
		})
	}
	assert.Equal(t, []string{"GET /items/{id}"}, recorded(rec))
	assert.Equal(t, http.StatusUnauthorized, status(e, http.MethodGet, "/items/1", ""),
		"a second registration replaced the guarded route")
	assert.NoError(t, first.POST("/items/:id", noContent), "another method on the same path")
}

func TestRouterAddErrors(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
		h      echo.HandlerFunc
		m      []echo.MiddlewareFunc
	}{
		{name: "lower-case method", method: "get", path: "/x", h: noContent},
		{name: "empty method", method: "", path: "/x", h: noContent},
		{name: "method without OpenAPI field", method: http.MethodConnect, path: "/x", h: noContent},
		{name: "nil handler", method: http.MethodGet, path: "/x", h: nil},
		{name: "nil middleware", method: http.MethodGet, path: "/x", h: noContent, m: []echo.MiddlewareFunc{nil}},
		{name: "brace in path", method: http.MethodGet, path: "/x/{id}", h: noContent},
		{name: "wildcard before the end", method: http.MethodGet, path: "/x/*/y", h: noContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := echo.New()
			rec := &core.Recorder{}
			r, err := echoapikey.NewRouter(e, newAuth(t), rec)
			require.NoError(t, err)

			err = r.Add(tt.method, tt.path, tt.h, tt.m...)

			assert.Error(t, err)
			assert.Empty(t, rec.Operations())
			assert.Empty(t, e.Routes())
		})
	}
}

func TestRouterPathConversion(t *testing.T) {
	tests := []struct {
		path string
		want string
	}{
		{path: "/users/:id", want: "/users/{id}"},
		{path: "/users/:id/keys/:key", want: "/users/{id}/keys/{key}"},
		{path: "/files/*", want: "/files/{wildcard}"},
		{path: `/time\:now`, want: "/time:now"},
		{path: "users", want: "/users"},
		{path: "", want: "/"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := &core.Recorder{}
			r, err := echoapikey.NewRouter(echo.New(), newAuth(t), rec)
			require.NoError(t, err)

			require.NoError(t, r.GET(tt.path, noContent))

			assert.Equal(t, []string{"GET " + tt.want}, recorded(rec))
		})
	}
}

func TestRouterMethods(t *testing.T) {
	e := echo.New()
	rec := &core.Recorder{}
	r, err := echoapikey.NewRouter(e, newAuth(t), rec)
	require.NoError(t, err)

	register := map[string]func(string, echo.HandlerFunc, ...echo.MiddlewareFunc) error{
		http.MethodGet:     r.GET,
		http.MethodPost:    r.POST,
		http.MethodPut:     r.PUT,
		http.MethodPatch:   r.PATCH,
		http.MethodDelete:  r.DELETE,
		http.MethodHead:    r.HEAD,
		http.MethodOptions: r.OPTIONS,
	}
	for method, add := range register {
		require.NoError(t, add("/"+strings.ToLower(method), noContent), method)
	}

	for method := range register {
		target := "/" + strings.ToLower(method)
		assert.Contains(t, recorded(rec), method+" "+target)
		assert.Equal(t, http.StatusUnauthorized, status(e, method, target, ""), "%s without a key", method)
		assert.Equal(t, http.StatusNoContent, status(e, method, target, "good"), "%s with a key", method)
	}
	assert.Len(t, rec.Operations(), len(register))
}

func TestRouterGroupPrefixes(t *testing.T) {
	e := echo.New()
	rec := &core.Recorder{}
	var order []string
	mark := func(name string) echo.MiddlewareFunc {
		return func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				entry := name
				if _, ok := echoapikey.Principal[conformance.Principal](c); ok {
					entry += "+principal"
				}
				order = append(order, entry)
				return next(c)
			}
		}
	}
	api := e.Group("/api", mark("native"))
	r, err := echoapikey.NewRouter(api, newAuth(t), rec)
	require.NoError(t, err)
	admin := r.Group("/v1", mark("v1")).Group("/admin", mark("admin"))

	require.NoError(t, r.GET("/status", noContent))
	require.NoError(t, admin.GET("/users/:id", noContent, mark("route")))

	assert.Equal(t, []string{"GET /api/status", "GET /api/v1/admin/users/{id}"}, recorded(rec))
	assert.Equal(t, http.StatusUnauthorized, status(e, http.MethodGet, "/api/v1/admin/users/7", ""))
	order = nil
	assert.Equal(t, http.StatusNoContent, status(e, http.MethodGet, "/api/v1/admin/users/7", "good"))
	assert.Equal(t, []string{"native", "v1+principal", "admin+principal", "route+principal"}, order)
}

func TestRouterGroupCacheNeedsKey(t *testing.T) {
	e := echo.New()
	r, err := echoapikey.NewRouter(e, newAuth(t), &core.Recorder{})
	require.NoError(t, err)
	cache := func(echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error { return c.NoContent(http.StatusOK) }
	}

	require.NoError(t, r.Group("/cached", cache).GET("/report", noContent))

	assert.Equal(t, http.StatusUnauthorized, status(e, http.MethodGet, "/cached/report", ""),
		"the group's middleware served a guarded route without a key")
	assert.Equal(t, http.StatusOK, status(e, http.MethodGet, "/cached/report", "good"))
}

// shiftingAdder registers routes under a prefix that it does not reveal.
type shiftingAdder struct{ group *echo.Group }

func (a shiftingAdder) Add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return a.group.Add(method, path, h, m...)
}

// panickingAdder panics on every registration, as a router may on an
// invalid route.
type panickingAdder struct{}

func (panickingAdder) Add(string, string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route {
	panic("invalid route")
}

func TestRouterOtherAdders(t *testing.T) {
	t.Run("unknown prefix", func(t *testing.T) {
		rec := &core.Recorder{}
		r, err := echoapikey.NewRouter(shiftingAdder{echo.New().Group("/hidden")}, newAuth(t), rec)
		require.NoError(t, err)

		err = r.GET("/x", noContent)

		require.Error(t, err)
		assert.Contains(t, err.Error(), "/hidden/x")
	})
	t.Run("panic", func(t *testing.T) {
		r, err := echoapikey.NewRouter(panickingAdder{}, newAuth(t), &core.Recorder{})
		require.NoError(t, err)

		err = r.GET("/x", noContent)

		require.Error(t, err)
		assert.Contains(t, err.Error(), "invalid route")
	})
}

// newDocs returns Docs for the operations in rec with the default paths.
func newDocs(t *testing.T, rec *core.Recorder) *core.Docs {
	t.Helper()

	openAPI, err := core.NewOpenAPI()
	require.NoError(t, err)
	docs, err := core.NewDocs(openAPI.BuildFrom(rec))
	require.NoError(t, err)
	return docs
}

func TestMountDocsGuarded(t *testing.T) {
	e := echo.New()
	rec := &core.Recorder{}
	r, err := echoapikey.NewRouter(e, newAuth(t), rec)
	require.NoError(t, err)
	require.NoError(t, r.GET("/users/:id", noContent))
	guard, err := echoapikey.New(newAuth(t))
	require.NoError(t, err)

	require.NoError(t, echoapikey.MountDocs(e, newDocs(t, rec), guard))

	for _, target := range []string{"/openapi.json", "/docs"} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			assert.Equal(t, http.StatusUnauthorized, status(e, method, target, ""), "%s %s without a key", method, target)
			assert.Equal(t, http.StatusOK, status(e, method, target, "good"), "%s %s with a key", method, target)
		}
	}
	assert.Equal(t, http.StatusMethodNotAllowed, status(e, http.MethodPost, "/openapi.json", "good"))

	req := httptest.NewRequest(http.MethodGet, "/openapi.json", nil)
	req.Header.Set("X-API-Key", "good")
	resp := httptest.NewRecorder()
	e.ServeHTTP(resp, req)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(resp.Body.Bytes(), &doc))
	assert.Contains(t, doc.Paths, "/users/{id}")
	assert.NotContains(t, doc.Paths, "/openapi.json", "the docs routes were recorded")
}

func TestMountDocsErrors(t *testing.T) {
	docs := newDocs(t, &core.Recorder{})
	var nilEcho *echo.Echo
	var nilGroup *echo.Group

	tests := []struct {
		name string
		e    interface {
			Add(string, string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route
		}
		docs *core.Docs
		m    []echo.MiddlewareFunc
	}{
		{name: "nil router", e: nil, docs: docs},
		{name: "nil echo pointer", e: nilEcho, docs: docs},
		{name: "nil group pointer", e: nilGroup, docs: docs},
		{name: "nil docs", e: echo.New(), docs: nil},
		{name: "nil middleware", e: echo.New(), docs: docs, m: []echo.MiddlewareFunc{nil}},
		{name: "group with prefix", e: echo.New().Group("/api"), docs: docs},
		{name: "panic", e: panickingAdder{}, docs: docs},
		{name: "unknown prefix", e: shiftingAdder{echo.New().Group("/hidden")}, docs: docs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Error(t, echoapikey.MountDocs(tt.e, tt.docs, tt.m...))
		})
	}
}

func TestMountDocsTwice(t *testing.T) {
	guard, err := echoapikey.New(newAuth(t))
	require.NoError(t, err)
	docs := newDocs(t, &core.Recorder{})

	tests := []struct {
		name   string
		second func(e *echo.Echo) error
	}{
		{"same Echo", func(e *echo.Echo) error { return echoapikey.MountDocs(e, docs) }},
		{"group without prefix", func(e *echo.Echo) error { return echoapikey.MountDocs(e.Group(""), docs) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := echo.New()
			require.NoError(t, echoapikey.MountDocs(e, docs, guard))

			err := tt.second(e)

			require.Error(t, err)
			assert.Contains(t, err.Error(), "/openapi.json is already registered")
			assert.Equal(t, http.StatusUnauthorized, status(e, http.MethodGet, "/openapi.json", ""),
				"the second mount replaced the guarded document")
			assert.Equal(t, http.StatusUnauthorized, status(e, http.MethodGet, "/docs", ""),
				"the second mount replaced the guarded page")
		})
	}
}

func TestMountDocsOnGroupWithoutPrefix(t *testing.T) {
	e := echo.New()
	require.NoError(t, echoapikey.MountDocs(e.Group(""), newDocs(t, &core.Recorder{})))

	assert.Equal(t, http.StatusOK, status(e, http.MethodGet, "/openapi.json", ""))
}
