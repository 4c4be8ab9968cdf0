package fiberapikey_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-apikey/apikey/adapters/fiberapikey"
	"github.com/go-apikey/apikey/core"
)

// noContent is the handler of every route in these tests.
func noContent(c *fiber.Ctx) error { return c.SendStatus(http.StatusNoContent) }

// recorded returns "METHOD path" for each operation in rec.
func recorded(rec *core.Recorder) []string {
	var out []string
	for _, op := range rec.Operations() {
		out = append(out, strings.ToUpper(op.Method)+" "+op.Path)
	}
	return out
}

// send serves one request through app, with key in X-API-Key unless key
// is empty, and returns the response.
func send(t *testing.T, app *fiber.App, method, target, key string) *http.Response {
	t.Helper()

	req := httptest.NewRequest(method, target, nil)
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	resp, err := app.Test(req, -1)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// status serves one request through app and returns the response status.
func status(t *testing.T, app *fiber.App, method, target, key string) int {
	t.Helper()
	return send(t, app, method, target, key).StatusCode
}

// otherHeaderAuth returns an authenticator for X-Other-Key, whose scheme
// has the default scheme name APIKeyHeader like newAuth's unless schemeOpts
// set another.
func otherHeaderAuth(t *testing.T, schemeOpts ...core.SchemeOption) *core.Authenticator[string] {
	t.Helper()

	scheme, err := core.Header("X-Other-Key", schemeOpts...)
	require.NoError(t, err)
	keys, err := core.FixedKeys(map[string]string{"other": "bob"})
	require.NoError(t, err)
	auth, err := core.New([]*core.Scheme{scheme}, keys)
	require.NoError(t, err)
	return auth
}

// wrappedRouter is a fiber.Router whose prefix NewRouter cannot read.
type wrappedRouter struct{ fiber.Router }

func TestNewRouterErrors(t *testing.T) {
	auth := newAuth(t)
	var nilApp *fiber.App

	tests := []struct {
		name   string
		router fiber.Router
		auth   *core.Authenticator[string]
		rec    *core.Recorder
		opts   []fiberapikey.Option
	}{
		{name: "nil router", router: nil, auth: auth, rec: &core.Recorder{}},
		{name: "nil app pointer", router: nilApp, auth: auth, rec: &core.Recorder{}},
		{name: "unknown router type", router: wrappedRouter{newApp()}, auth: auth, rec: &core.Recorder{}},
		{name: "nil recorder", router: newApp(), auth: auth, rec: nil},
		{name: "nil authenticator", router: newApp(), auth: nil, rec: &core.Recorder{}},
		{name: "nil option", router: newApp(), auth: auth, rec: &core.Recorder{}, opts: []fiberapikey.Option{nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := fiberapikey.NewRouter(tt.router, tt.auth, tt.rec, tt.opts...)
			assert.Error(t, err)
			assert.Nil(t, r)
		})
	}
}

func TestNewRouterRejectsSkipper(t *testing.T) {
	skipAll := fiberapikey.WithSkipper(func(*fiber.Ctx) bool { return true })

	r, err := fiberapikey.NewRouter(newApp(), newAuth(t), &core.Recorder{}, skipAll)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "WithSkipper")
	assert.Nil(t, r)
}

func TestRouterRouteRegisteredTwice(t *testing.T) {
	app := newApp()
	rec := &core.Recorder{}
	first, err := fiberapikey.NewRouter(app, newAuth(t), rec)
	require.NoError(t, err)
	second, err := fiberapikey.NewRouter(app, newAuth(t), rec)
	require.NoError(t, err)
	optional, err := fiberapikey.NewRouter(app, newAuth(t, core.Optional()), rec)
	require.NoError(t, err)
	require.NoError(t, first.Get("/items/:id", noContent))

	tests := []struct {
		name     string
		register func() error
	}{
		{"same Router", func() error { return first.Get("/items/:id", noContent) }},
		{"other parameter name", func() error { return first.Get("/items/:itemID", noContent) }},
		{"other Router, same schemes", func() error { return second.Get("/items/:id", noContent) }},
		{"other Router, other schemes", func() error { return optional.Get("/items/:id", noContent) }},
		{"through a group", func() error { return second.Group("/items").Get("/:id", noContent) }},
		{"optional parameter", func() error { return second.Get("/items/:id?", noContent) }},
		{"path in other case", func() error { return second.Get("/Items/:id", noContent) }},
		{"trailing slash", func() error { return second.Get("/items/:id/", noContent) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.register()
			require.Error(t, err)
			assert.Contains(t, err.Error(), "GET /items/{id} is already recorded")
		})
	}
	assert.Equal(t, []string{"GET /items/{id}"}, recorded(rec))
	assert.Len(t, app.GetRoutes(true), 2, "routes registered on Fiber: HEAD and GET of the first Get")
	assert.NoError(t, first.Post("/items/:id", noContent), "another method on the same path")
}

func TestRouterStrictCaseSensitivePaths(t *testing.T) {
	app := newApp(fiber.Config{CaseSensitive: true, StrictRouting: true})
	rec := &core.Recorder{}
	r, err := fiberapikey.NewRouter(app, newAuth(t), rec)
	require.NoError(t, err)

	require.NoError(t, r.Get("/items", noContent))
	require.NoError(t, r.Get("/Items", noContent))
	require.NoError(t, r.Get("/items/", noContent))

	assert.Equal(t, []string{"GET /items", "GET /Items", "GET /items/"}, recorded(rec))
}

func TestRouterSchemeNameClash(t *testing.T) {
	app := newApp()
	rec := &core.Recorder{}
	first, err := fiberapikey.NewRouter(app, newAuth(t), rec)
	require.NoError(t, err)
	second, err := fiberapikey.NewRouter(app, otherHeaderAuth(t), rec)
	require.NoError(t, err)

	require.NoError(t, first.Get("/first", noContent))
	err = second.Get("/second", noContent)

	require.Error(t, err)
	assert.Contains(t, err.Error(), `"APIKeyHeader"`)
	assert.Equal(t, []string{"GET /first"}, recorded(rec))
	assert.Equal(t, http.StatusNotFound, status(t, app, http.MethodGet, "/second", "other"),
		"a route whose record failed was registered")
}

func TestRouterGetGuardsHeadRecordsGet(t *testing.T) {
	app := newApp()
	rec := &core.Recorder{}
	r, err := fiberapikey.NewRouter(app, newAuth(t), rec)
	require.NoError(t, err)

	require.NoError(t, r.Get("/items", noContent))

	assert.Equal(t, []string{"GET /items"}, recorded(rec))
	assert.Equal(t, http.StatusUnauthorized, status(t, app, http.MethodHead, "/items", ""))
	assert.Equal(t, http.StatusNoContent, status(t, app, http.MethodHead, "/items", "good"))
}

func TestRouterAddRecordsOneMethod(t *testing.T) {
	app := newApp()
	rec := &core.Recorder{}
	r, err := fiberapikey.NewRouter(app, newAuth(t), rec)
	require.NoError(t, err)

	require.NoError(t, r.Add("get", "/items", noContent))

	assert.Equal(t, []string{"GET /items"}, recorded(rec))
	assert.Equal(t, http.StatusUnauthorized, status(t, app, http.MethodGet, "/items", ""))
	assert.Equal(t, http.StatusMethodNotAllowed, status(t, app, http.MethodHead, "/items", "good"))
}

func TestRouterAddErrors(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		path     string
		handlers []fiber.Handler
	}{
		{name: "no handler", method: http.MethodGet, path: "/x"},
		{name: "nil handler", method: http.MethodGet, path: "/x", handlers: []fiber.Handler{noContent, nil}},
		{name: "empty method", method: "", path: "/x", handlers: []fiber.Handler{noContent}},
		{name: "method without OpenAPI field", method: http.MethodConnect, path: "/x", handlers: []fiber.Handler{noContent}},
		{name: "brace in path", method: http.MethodGet, path: "/x/{id}", handlers: []fiber.Handler{noContent}},
		{name: "unclosed constraint", method: http.MethodGet, path: "/x/:id<int", handlers: []fiber.Handler{noContent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp()
			rec := &core.Recorder{}
			r, err := fiberapikey.NewRouter(app, newAuth(t), rec)
			require.NoError(t, err)

			err = r.Add(tt.method, tt.path, tt.handlers...)

			assert.Error(t, err)
			assert.Empty(t, rec.Operations())
			assert.Empty(t, app.GetRoutes(true))
		})
	}
}

func TestRouterPathConversion(t *testing.T) {
	tests := []struct {
		path string
		want []string
	}{
		{path: "/users/:id", want: []string{"/users/{id}"}},
		{path: "/users/:id?", want: []string{"/users/{id}", "/users"}},
		{path: "/users/:id<int>", want: []string{"/users/{id}"}},
		{path: "/flights/:from-:to", want: []string{"/flights/{from}-{to}"}},
		{path: "/files/*", want: []string{"/files/{wildcard}"}},
		{path: "/files/+", want: []string{"/files/{wildcard}"}},
		{path: "users", want: []string{"/users"}},
		{path: "", want: []string{"/"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := &core.Recorder{}
			r, err := fiberapikey.NewRouter(newApp(), newAuth(t), rec)
			require.NoError(t, err)

			require.NoError(t, r.Add(http.MethodGet, tt.path, noContent))

			var want []string
			for _, p := range tt.want {
				want = append(want, "GET "+p)
			}
			assert.Equal(t, want, recorded(rec))
		})
	}
}

func TestRouterOptionalParameterServed(t *testing.T) {
	app := newApp()
	r, err := fiberapikey.NewRouter(app, newAuth(t), &core.Recorder{})
	require.NoError(t, err)

	require.NoError(t, r.Get("/users/:id?", noContent))

	for _, target := range []string{"/users/7", "/users"} {
		assert.Equal(t, http.StatusUnauthorized, status(t, app, http.MethodGet, target, ""), target)
		assert.Equal(t, http.StatusNoContent, status(t, app, http.MethodGet, target, "good"), target)
	}
}

func TestRouterMethods(t *testing.T) {
	app := newApp()
	rec := &core.Recorder{}
	r, err := fiberapikey.NewRouter(app, newAuth(t), rec)
	require.NoError(t, err)

	register := map[string]func(string, ...fiber.Handler) error{
		http.MethodGet:     r.Get,
		http.MethodPost:    r.Post,
		http.MethodPut:     r.Put,
		http.MethodPatch:   r.Patch,
		http.MethodDelete:  r.Delete,
		http.MethodHead:    r.Head,
		http.MethodOptions: r.Options,
	}
	for method, add := range register {
		require.NoError(t, add("/"+strings.ToLower(method), noContent), method)
	}

	for method := range register {
		target := "/" + strings.ToLower(method)
		assert.Contains(t, recorded(rec), method+" "+target)
		assert.Equal(t, http.StatusUnauthorized, status(t, app, method, target, ""), "%s without a key", method)
		assert.Equal(t, http.StatusNoContent, status(t, app, method, target, "good"), "%s with a key", method)
	}
	// Get serves HEAD /get too but records GET only.
	assert.Len(t, rec.Operations(), len(register))
}

func TestRouterGroupPrefixes(t *testing.T) {
	app := newApp()
	rec := &core.Recorder{}
	var order []string
	mark := func(name string) fiber.Handler {
		return func(c *fiber.Ctx) error {
			entry := name
			if _, ok := fiberapikey.Principal[string](c); ok {
				entry += "+principal"
			}
			order = append(order, entry)
			return c.Next()
		}
	}
	api := app.Group("/api/", mark("native"))
	r, err := fiberapikey.NewRouter(api, newAuth(t), rec)
	require.NoError(t, err)
	admin := r.Group("v1", mark("v1")).Group("/admin/", mark("admin"))

	require.NoError(t, r.Add(http.MethodGet, "/status", noContent))
	require.NoError(t, admin.Add(http.MethodGet, "/users/:id", mark("route"), noContent))

	assert.Equal(t, []string{"GET /api/status", "GET /api/v1/admin/users/{id}"}, recorded(rec))
	assert.Equal(t, http.StatusUnauthorized, status(t, app, http.MethodGet, "/api/v1/admin/users/7", ""))
	order = nil
	assert.Equal(t, http.StatusNoContent, status(t, app, http.MethodGet, "/api/v1/admin/users/7", "good"))
	assert.Equal(t, []string{"native", "v1+principal", "admin+principal", "route+principal"}, order)
}

func TestRouterGroupCacheNeedsKey(t *testing.T) {
	app := newApp()
	r, err := fiberapikey.NewRouter(app, newAuth(t), &core.Recorder{})
	require.NoError(t, err)
	cache := func(c *fiber.Ctx) error { return c.SendStatus(http.StatusOK) }

	require.NoError(t, r.Group("/cached", cache).Get("/report", noContent))

	assert.Equal(t, http.StatusUnauthorized, status(t, app, http.MethodGet, "/cached/report", ""),
		"the group's handler served a guarded route without a key")
	assert.Equal(t, http.StatusOK, status(t, app, http.MethodGet, "/cached/report", "good"))
}

func TestRouterPanicBecomesError(t *testing.T) {
	app := newApp()
	app.Hooks().OnRoute(func(fiber.Route) error { return io.ErrUnexpectedEOF })
	r, err := fiberapikey.NewRouter(app, newAuth(t), &core.Recorder{})
	require.NoError(t, err)

	err = r.Add(http.MethodGet, "/x", noContent)

	require.Error(t, err)
	assert.Contains(t, err.Error(), io.ErrUnexpectedEOF.Error())
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
	app := newApp()
	rec := &core.Recorder{}
	r, err := fiberapikey.NewRouter(app, newAuth(t), rec)
	require.NoError(t, err)
	require.NoError(t, r.Add(http.MethodGet, "/users/:id", noContent))
	guard, err := fiberapikey.New(newAuth(t))
	require.NoError(t, err)

	require.NoError(t, fiberapikey.MountDocs(app, newDocs(t, rec), guard))

	for _, target := range []string{"/openapi.json", "/docs"} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			assert.Equal(t, http.StatusUnauthorized, status(t, app, method, target, ""), "%s %s without a key", method, target)
			assert.Equal(t, http.StatusOK, status(t, app, method, target, "good"), "%s %s with a key", method, target)
		}
	}
	head := send(t, app, http.MethodHead, "/openapi.json", "good")
	body, err := io.ReadAll(head.Body)
	require.NoError(t, err)
	assert.Empty(t, body, "HEAD response body")

	resp := send(t, app, http.MethodGet, "/openapi.json", "good")
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&doc))
	assert.Contains(t, doc.Paths, "/users/{id}")
	assert.NotContains(t, doc.Paths, "/openapi.json", "the docs routes were recorded")
}

func TestMountDocsErrors(t *testing.T) {
	docs := newDocs(t, &core.Recorder{})
	var nilApp *fiber.App

	tests := []struct {
		name     string
		router   fiber.Router
		docs     *core.Docs
		handlers []fiber.Handler
	}{
		{name: "nil router", router: nil, docs: docs},
		{name: "nil app pointer", router: nilApp, docs: docs},
		{name: "unknown router type", router: wrappedRouter{newApp()}, docs: docs},
		{name: "nil docs", router: newApp(), docs: nil},
		{name: "nil handler", router: newApp(), docs: docs, handlers: []fiber.Handler{nil}},
		{name: "group with prefix", router: newApp().Group("/api"), docs: docs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Error(t, fiberapikey.MountDocs(tt.router, tt.docs, tt.handlers...))
		})
	}
}

func TestMountDocsOnGroupWithoutPrefix(t *testing.T) {
	app := newApp()
	require.NoError(t, fiberapikey.MountDocs(app.Group(""), newDocs(t, &core.Recorder{})))

	assert.Equal(t, http.StatusOK, status(t, app, http.MethodGet, "/openapi.json", ""))
}

func TestMountDocsTwice(t *testing.T) {
	guard, err := fiberapikey.New(newAuth(t))
	require.NoError(t, err)
	docs := newDocs(t, &core.Recorder{})

	tests := []struct {
		name   string
		second func(app *fiber.App) error
	}{
		{"same app", func(app *fiber.App) error {
			return fiberapikey.MountDocs(app, docs)
		}},
		{"group without prefix", func(app *fiber.App) error {
			return fiberapikey.MountDocs(app.Group(""), docs)
		}},
		{"path in other case", func(app *fiber.App) error {
			upper, err := core.NewDocs(core.StaticDocument([]byte(`{}`)),
				core.WithDocumentPath("/OpenAPI.json"), core.WithPagePath("/other-docs"))
			require.NoError(t, err)
			return fiberapikey.MountDocs(app, upper)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp()
			require.NoError(t, fiberapikey.MountDocs(app, docs, guard))
			before := len(app.GetRoutes(true))

			err := tt.second(app)

			require.Error(t, err)
			assert.Contains(t, err.Error(), "is already registered")
			assert.Len(t, app.GetRoutes(true), before, "routes registered by the failed mount")
		})
	}
}

func TestMountDocsCaseSensitivePaths(t *testing.T) {
	app := newApp(fiber.Config{CaseSensitive: true})
	require.NoError(t, fiberapikey.MountDocs(app, newDocs(t, &core.Recorder{})))
	upper, err := core.NewDocs(core.StaticDocument([]byte(`{}`)),
		core.WithDocumentPath("/OpenAPI.json"), core.WithPagePath("/Docs"))
	require.NoError(t, err)

	assert.NoError(t, fiberapikey.MountDocs(app, upper))
}
