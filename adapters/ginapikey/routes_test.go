package ginapikey_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-apikey/apikey/adapters/ginapikey"
	"github.com/go-apikey/apikey/conformance"
	"github.com/go-apikey/apikey/core"
)

// noContent responds with 204 No Content.
func noContent(c *gin.Context) { c.Status(http.StatusNoContent) }

// newRouter returns a Router on a new engine guarded by newAuth, and the
// engine and recorder behind it.
func newRouter(t *testing.T) (*ginapikey.Router, *gin.Engine, *core.Recorder) {
	t.Helper()
	engine := gin.New()
	rec := &core.Recorder{}
	router, err := ginapikey.NewRouter(engine, newAuth(t), rec)
	require.NoError(t, err)
	return router, engine, rec
}

// recordedRoutes returns "METHOD path" for every recorded operation.
func recordedRoutes(rec *core.Recorder) []string {
	var list []string
	for _, op := range rec.Operations() {
		list = append(list, op.Method+" "+op.Path)
	}
	return list
}

// statusOf serves one request on h, with key in X-API-Key unless it is
// empty, and returns the response.
func statusOf(h http.Handler, method, target, key string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// routesOnly is a gin.IRouter without a BasePath method.
type routesOnly struct{ gin.IRouter }

func TestNewRouterErrors(t *testing.T) {
	auth := newAuth(t)
	engine := gin.New()
	skipAll := ginapikey.WithSkipper(func(*gin.Context) bool { return true })
	tests := []struct {
		name    string
		router  gin.IRouter
		auth    *core.Authenticator[conformance.Principal]
		rec     *core.Recorder
		opts    []ginapikey.Option
		wantErr string
	}{
		{"nil router", nil, auth, &core.Recorder{}, nil, "nil router"},
		{"nil engine pointer", (*gin.Engine)(nil), auth, &core.Recorder{}, nil, "nil router"},
		{"nil group pointer", (*gin.RouterGroup)(nil), auth, &core.Recorder{}, nil, "nil router"},
		{"skipper", engine, auth, &core.Recorder{}, []ginapikey.Option{skipAll}, "WithSkipper"},
		{"router without BasePath", routesOnly{engine}, auth, &core.Recorder{}, nil, "no BasePath method"},
		{"nil recorder", engine, auth, nil, nil, "nil Recorder"},
		{"nil authenticator", engine, nil, &core.Recorder{}, nil, "nil Authenticator"},
		{"nil option", engine, auth, &core.Recorder{}, []ginapikey.Option{nil}, "option 0 is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			router, err := ginapikey.NewRouter(tt.router, tt.auth, tt.rec, tt.opts...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Nil(t, router)
		})
	}
}

func TestRouterPathConversion(t *testing.T) {
	tests := []struct {
		path   string
		want   string
		target string
	}{
		{"/users/:id", "get /users/{id}", "/users/7"},
		{"/files/*filepath", "get /files/{filepath}", "/files/a/b.txt"},
		{"/items/", "get /items/", "/items/"},
		{"relative", "get /relative", "/relative"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			router, engine, rec := newRouter(t)
			require.NoError(t, router.GET(tt.path, noContent))

			assert.Equal(t, []string{tt.want}, recordedRoutes(rec))
			assert.Equal(t, http.StatusUnauthorized, statusOf(engine, http.MethodGet, tt.target, "").Code)
			assert.Equal(t, http.StatusNoContent, statusOf(engine, http.MethodGet, tt.target, "good").Code)
		})
	}
}

func TestRouterMethodShortcuts(t *testing.T) {
	router, engine, rec := newRouter(t)
	shortcuts := []struct {
		method   string
		register func(string, ...gin.HandlerFunc) error
	}{
		{http.MethodGet, router.GET},
		{http.MethodPost, router.POST},
		{http.MethodPut, router.PUT},
		{http.MethodPatch, router.PATCH},
		{http.MethodDelete, router.DELETE},
		{http.MethodHead, router.HEAD},
		{http.MethodOptions, router.OPTIONS},
	}
	for _, s := range shortcuts {
		require.NoError(t, s.register("/thing", noContent), s.method)
		assert.Equal(t, http.StatusUnauthorized, statusOf(engine, s.method, "/thing", "").Code, s.method)
		assert.Equal(t, http.StatusNoContent, statusOf(engine, s.method, "/thing", "good").Code, s.method)
	}

	want := []string{"get /thing", "post /thing", "put /thing", "patch /thing", "delete /thing", "head /thing", "options /thing"}
	assert.Equal(t, want, recordedRoutes(rec))
}

func TestRouterSchemeNameClash(t *testing.T) {
	engine := gin.New()
	rec := &core.Recorder{}
	first, err := ginapikey.NewRouter(engine, newAuth(t), rec)
	require.NoError(t, err)
	other, err := core.Header("X-Other-Key")
	require.NoError(t, err)
	otherAuth, err := core.New([]*core.Scheme{other}, core.KeyOnly())
	require.NoError(t, err)
	second, err := ginapikey.NewRouter(engine, otherAuth, rec)
	require.NoError(t, err)

	require.NoError(t, first.GET("/first", noContent))
	err = second.GET("/second", noContent)

	require.Error(t, err)
	assert.Contains(t, err.Error(), `"APIKeyHeader"`)
	assert.Equal(t, http.StatusNotFound, statusOf(engine, http.MethodGet, "/second", "k").Code,
		"the route was registered after its record failed")
	assert.Equal(t, []string{"get /first"}, recordedRoutes(rec))
}

func TestRouterGroupPrefix(t *testing.T) {
	engine := gin.New()
	rec := &core.Recorder{}
	router, err := ginapikey.NewRouter(engine.Group("/api"), newAuth(t), rec)
	require.NoError(t, err)
	markGroup := func(c *gin.Context) { c.Header("X-Group", "admin") }

	admin := router.Group("/admin", markGroup).Group("v1/")
	require.NoError(t, admin.GET("/stats", noContent))
	require.NoError(t, admin.GET("/users/:id", noContent))

	assert.Equal(t, []string{"get /api/admin/v1/stats", "get /api/admin/v1/users/{id}"}, recordedRoutes(rec))
	missing := statusOf(engine, http.MethodGet, "/api/admin/v1/stats", "")
	assert.Equal(t, http.StatusUnauthorized, missing.Code)
	assert.Empty(t, missing.Header().Get("X-Group"), "the group's handler ran before the middleware")
	good := statusOf(engine, http.MethodGet, "/api/admin/v1/users/3", "good")
	assert.Equal(t, http.StatusNoContent, good.Code)
	assert.Equal(t, "admin", good.Header().Get("X-Group"), "the group's handler did not run")
}

func TestRouterGroupHandlerOrder(t *testing.T) {
	engine := gin.New()
	rec := &core.Recorder{}
	var order []string
	mark := func(name string) gin.HandlerFunc {
		return func(c *gin.Context) {
			entry := name
			if _, ok := ginapikey.Principal[conformance.Principal](c); ok {
				entry += "+principal"
			}
			order = append(order, entry)
		}
	}
	api := engine.Group("/api", mark("native"))
	router, err := ginapikey.NewRouter(api, newAuth(t), rec)
	require.NoError(t, err)
	admin := router.Group("/v1", mark("v1")).Group("/admin", mark("admin"))

	require.NoError(t, admin.GET("/users/:id", mark("route"), noContent))

	assert.Equal(t, http.StatusUnauthorized, statusOf(engine, http.MethodGet, "/api/v1/admin/users/7", "").Code)
	assert.Equal(t, []string{"native"}, order, "handlers that ran for a request without a key")
	order = nil
	assert.Equal(t, http.StatusNoContent, statusOf(engine, http.MethodGet, "/api/v1/admin/users/7", "good").Code)
	assert.Equal(t, []string{"native", "v1+principal", "admin+principal", "route+principal"}, order)
}

func TestRouterGroupCacheNeedsKey(t *testing.T) {
	router, engine, _ := newRouter(t)
	cache := func(c *gin.Context) { c.AbortWithStatus(http.StatusOK) }

	require.NoError(t, router.Group("/cached", cache).GET("/report", noContent))

	assert.Equal(t, http.StatusUnauthorized, statusOf(engine, http.MethodGet, "/cached/report", "").Code,
		"the group's handler served a guarded route without a key")
	assert.Equal(t, http.StatusOK, statusOf(engine, http.MethodGet, "/cached/report", "good").Code)
}

func TestRouterRouteRegisteredTwice(t *testing.T) {
	engine := gin.New()
	rec := &core.Recorder{}
	first, err := ginapikey.NewRouter(engine, newAuth(t), rec)
	require.NoError(t, err)
	second, err := ginapikey.NewRouter(engine, newAuth(t), rec)
	require.NoError(t, err)
	optional, err := ginapikey.NewRouter(engine, newAuth(t, core.Optional()), rec)
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
	assert.Equal(t, []string{"get /items/{id}"}, recordedRoutes(rec))
	assert.NoError(t, first.POST("/items/:id", noContent), "another method on the same path")
}

func TestRouterHandleErrors(t *testing.T) {
	tests := []struct {
		name     string
		register func(r *ginapikey.Router) error
		wantErr  string
	}{
		{"lower-case method", func(r *ginapikey.Router) error {
			return r.Handle("get", "/users", noContent)
		}, "invalid method"},
		{"no handler", func(r *ginapikey.Router) error {
			return r.GET("/users")
		}, "no handler"},
		{"nil handler", func(r *ginapikey.Router) error {
			return r.GET("/users", nil)
		}, "handler 0 is nil"},
		{"nil group handler", func(r *ginapikey.Router) error {
			return r.Group("/admin", nil).Group("/v1").GET("/users", noContent)
		}, `group "/admin": handler 0 is nil`},
		{"method OpenAPI cannot list", func(r *ginapikey.Router) error {
			return r.Handle("CONNECT", "/tunnel", noContent)
		}, "invalid Operation method"},
		{"empty parameter name", func(r *ginapikey.Router) error {
			return r.GET("/users/:", noContent)
		}, "Gin route"},
		{"route registered twice", func(r *ginapikey.Router) error {
			if err := r.GET("/users/:id", noContent); err != nil {
				return err
			}
			return r.GET("/users/:id", noContent)
		}, "GET /users/{id} is already recorded"},
		{"conflicting wildcard", func(r *ginapikey.Router) error {
			if err := r.GET("/users/:id", noContent); err != nil {
				return err
			}
			return r.GET("/users/:name", noContent)
		}, "GET /users/{id} is already recorded"},
		{"conflicting wildcard name", func(r *ginapikey.Router) error {
			if err := r.GET("/users/:id", noContent); err != nil {
				return err
			}
			return r.GET("/users/:name/keys", noContent)
		}, "register GET /users/:name/keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			router, _, _ := newRouter(t)
			err := tt.register(router)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestMountDocsWithGuard(t *testing.T) {
	router, engine, rec := newRouter(t)
	require.NoError(t, router.GET("/users/:id", noContent))
	openAPI, err := core.NewOpenAPI()
	require.NoError(t, err)
	docs, err := core.NewDocs(openAPI.BuildFrom(rec), core.WithDocumentLoading(core.EmbedDocument))
	require.NoError(t, err)
	guard, err := ginapikey.New(newAuth(t))
	require.NoError(t, err)

	require.NoError(t, ginapikey.MountDocs(engine, docs, guard))

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
	}
	for _, tt := range tests {
		got := statusOf(engine, tt.method, tt.path, tt.key).Code
		assert.Equal(t, tt.want, got, "%s %s with key %q", tt.method, tt.path, tt.key)
	}
	doc := statusOf(engine, http.MethodGet, "/openapi.json", "good")
	assert.Equal(t, "application/json", doc.Header().Get("Content-Type"))
	assert.Contains(t, doc.Body.String(), `"/users/{id}"`)
	page := statusOf(engine, http.MethodGet, "/docs", "good")
	assert.Equal(t, "text/html; charset=utf-8", page.Header().Get("Content-Type"))
	assert.Contains(t, page.Body.String(), "swagger-ui-bundle.js")
}

func TestMountDocsErrors(t *testing.T) {
	docs, err := core.NewDocs(core.StaticDocument([]byte(`{"openapi":"3.1.0"}`)))
	require.NoError(t, err)
	occupied := gin.New()
	occupied.GET("/openapi.json", noContent)

	tests := []struct {
		name     string
		router   gin.IRoutes
		docs     *core.Docs
		handlers []gin.HandlerFunc
		wantErr  string
	}{
		{"nil router", nil, docs, nil, "nil router"},
		{"nil engine pointer", (*gin.Engine)(nil), docs, nil, "nil router"},
		{"nil group pointer", (*gin.RouterGroup)(nil), docs, nil, "nil router"},
		{"nil docs", gin.New(), nil, nil, "nil Docs"},
		{"nil handler", gin.New(), docs, []gin.HandlerFunc{nil}, "handler 0 is nil"},
		{"group with a prefix", gin.New().Group("/api"), docs, nil, `group at "/api"`},
		{"path already registered", occupied, docs, nil, "register GET /openapi.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ginapikey.MountDocs(tt.router, tt.docs, tt.handlers...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestMountDocsOnRootGroup(t *testing.T) {
	engine := gin.New()
	docs, err := core.NewDocs(core.StaticDocument([]byte(`{"openapi":"3.1.0"}`)))
	require.NoError(t, err)

	require.NoError(t, ginapikey.MountDocs(engine.Group("/"), docs))

	assert.Equal(t, http.StatusOK, statusOf(engine, http.MethodGet, "/openapi.json", "").Code)
}

func TestMountDocsTwice(t *testing.T) {
	engine := gin.New()
	docs, err := core.NewDocs(core.StaticDocument([]byte(`{"openapi":"3.1.0"}`)))
	require.NoError(t, err)
	guard, err := ginapikey.New(newAuth(t))
	require.NoError(t, err)
	require.NoError(t, ginapikey.MountDocs(engine, docs, guard))

	err = ginapikey.MountDocs(engine, docs)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "/openapi.json")
	assert.Equal(t, http.StatusUnauthorized, statusOf(engine, http.MethodGet, "/openapi.json", "").Code,
		"the second mount replaced the guarded document")
}
