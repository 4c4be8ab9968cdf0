package ginapikey_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-apikey/apikey/adapters/ginapikey"
	"github.com/go-apikey/apikey/conformance"
	"github.com/go-apikey/apikey/core"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Adapter{
		Name:            "gin",
		Serve:           serve,
		ServeDocumented: serveDocumented,
		FrameworkErrors: true,
	})
}

// serve is the conformance harness: it starts a Gin engine on ln behind an
// http.Server and shuts the server down when the test ends.
func serve(t *testing.T, ln net.Listener, f conformance.Fixture) {
	t.Helper()

	opts := []ginapikey.Option{ginapikey.WithSkipper(func(c *gin.Context) bool {
		return c.Request.URL.Path == conformance.SkippedPath
	})}
	if f.FrameworkErrors {
		opts = append(opts, ginapikey.WithFrameworkErrors())
	}
	requireKey, err := ginapikey.New(f.Auth, opts...)
	if err != nil {
		t.Fatalf("ginapikey.New: %v", err)
	}

	router := gin.New()
	if f.FrameworkErrors {
		router.Use(writeErrors)
	}
	router.GET(conformance.ProtectedPath, requireKey, principalHandler)
	router.GET(conformance.SkippedPath, requireKey, principalHandler)
	startServer(t, ln, router)
}

// principalHandler writes the conformance handler body.
func principalHandler(c *gin.Context) {
	p, ok := ginapikey.Principal[conformance.Principal](c)
	body := conformance.HandlerBody(p, ok, c.Request.Context())
	c.Data(http.StatusOK, "application/json", body)
}

// openAPIParam matches a path parameter in OpenAPI's form, such as {id}.
var openAPIParam = regexp.MustCompile(`\{(\w+)\}`)

// serveDocumented is the conformance harness for the OpenAPI cases: it
// registers f's routes through a Router in Gin's own :name syntax, mounts
// the document and the docs page with MountDocs, and starts the engine on
// ln behind an http.Server.
func serveDocumented(t *testing.T, ln net.Listener, f conformance.DocFixture) error {
	t.Helper()

	var rec core.Recorder
	engine := gin.New()
	for _, route := range f.Routes {
		path := openAPIParam.ReplaceAllString(route.Path, ":$1")
		if route.Auth == nil {
			engine.Group(route.Group).Handle(route.Method, path, principalHandler)
			continue
		}
		router, err := ginapikey.NewRouter(engine, route.Auth, &rec)
		if err != nil {
			return err
		}
		if route.Group != "" {
			router = router.Group(route.Group)
		}
		if err := router.Handle(route.Method, path, principalHandler); err != nil {
			return err
		}
	}

	docs, err := core.NewDocs(f.OpenAPI.BuildFrom(&rec))
	if err != nil {
		return err
	}
	if err := ginapikey.MountDocs(engine, docs); err != nil {
		return err
	}
	startServer(t, ln, engine)
	return nil
}

// startServer serves h on ln with an http.Server and shuts it down when
// the test ends.
func startServer(t *testing.T, ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shut down gin server: %v", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("gin server stopped with %v, want http.ErrServerClosed", err)
		}
	})
}

// writeErrors is a typical Gin error middleware: after the chain runs, it
// writes the last recorded error as JSON under the status already set.
func writeErrors(c *gin.Context) {
	c.Next()
	if err := c.Errors.Last(); err != nil {
		c.JSON(-1, gin.H{"error": err.Error()})
	}
}

// newAuth returns an authenticator that accepts the key "good" in X-API-Key.
func newAuth(t testing.TB, schemeOpts ...core.SchemeOption) *core.Authenticator[conformance.Principal] {
	t.Helper()

	scheme, err := core.Header("X-API-Key", schemeOpts...)
	require.NoError(t, err)
	keys, err := core.FixedKeys(map[string]conformance.Principal{"good": {Name: "alice"}})
	require.NoError(t, err)
	auth, err := core.New([]*core.Scheme{scheme}, keys)
	require.NoError(t, err)
	return auth
}

func TestNewErrors(t *testing.T) {
	auth := newAuth(t)

	tests := []struct {
		name string
		auth *core.Authenticator[conformance.Principal]
		opts []ginapikey.Option
	}{
		{name: "nil authenticator", auth: nil},
		{name: "zero authenticator", auth: &core.Authenticator[conformance.Principal]{}},
		{name: "nil option", auth: auth, opts: []ginapikey.Option{nil}},
		{name: "nil skipper", auth: auth, opts: []ginapikey.Option{ginapikey.WithSkipper(nil)}},
		{name: "nil error handler", auth: auth, opts: []ginapikey.Option{ginapikey.WithErrorHandler(nil)}},
		{name: "both error modes", auth: auth, opts: []ginapikey.Option{
			ginapikey.WithFrameworkErrors(),
			ginapikey.WithErrorHandler(func(*gin.Context, error, core.Response) {}),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mw, err := ginapikey.New(tt.auth, tt.opts...)
			assert.Error(t, err)
			assert.Nil(t, mw)
		})
	}
}

// serveRecorded runs one request through a router that guards GET /
// with mw and reports whether the handler behind it ran.
func serveRecorded(t *testing.T, mw gin.HandlerFunc, key string) (*httptest.ResponseRecorder, bool) {
	t.Helper()

	var handlerRan bool
	router := gin.New()
	router.GET("/", mw, func(c *gin.Context) {
		handlerRan = true
		c.Status(http.StatusNoContent)
	})

	req := httptest.NewRequest(http.MethodGet, "/", nil)
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, req)
	return rec, handlerRan
}

func TestErrorHandler(t *testing.T) {
	var gotErr error
	var gotResp core.Response
	mw, err := ginapikey.New(newAuth(t), ginapikey.WithErrorHandler(
		func(c *gin.Context, err error, resp core.Response) {
			gotErr, gotResp = err, resp
			c.String(http.StatusTeapot, "custom")
		}))
	require.NoError(t, err)

	rec, handlerRan := serveRecorded(t, mw, "wrong")

	assert.False(t, handlerRan, "handler behind the middleware ran")
	assert.Equal(t, http.StatusTeapot, rec.Code)
	assert.Equal(t, "custom", rec.Body.String())
	assert.ErrorIs(t, gotErr, core.ErrInvalidKey)
	assert.Equal(t, http.StatusForbidden, gotResp.Status)
}

func TestFrameworkErrorsRecordsError(t *testing.T) {
	mw, err := ginapikey.New(newAuth(t), ginapikey.WithFrameworkErrors())
	require.NoError(t, err)

	var recorded *gin.Error
	router := gin.New()
	router.Use(func(c *gin.Context) {
		c.Next()
		recorded = c.Errors.Last()
	})
	router.GET("/", mw, func(c *gin.Context) { c.Status(http.StatusNoContent) })
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))

	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, "APIKey", rec.Header().Get("WWW-Authenticate"))
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	assert.Empty(t, rec.Body.String(), "body is left to the error middleware")
	require.NotNil(t, recorded, "no error recorded with c.Error")
	assert.ErrorIs(t, recorded.Err, core.ErrMissing)
	meta, ok := recorded.Meta.(core.Response)
	require.True(t, ok, "Meta is %T, want core.Response", recorded.Meta)
	assert.JSONEq(t, `{"detail":"Not authenticated"}`, string(meta.Body))
}

func TestFailureAbortsChain(t *testing.T) {
	mw, err := ginapikey.New(newAuth(t))
	require.NoError(t, err)

	rec, handlerRan := serveRecorded(t, mw, "")

	assert.False(t, handlerRan, "handler behind the middleware ran")
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, []string{"APIKey"}, rec.Header().Values("WWW-Authenticate"))
	assert.Equal(t, `{"detail":"Not authenticated"}`, rec.Body.String())
}

func TestFailureReplacesEarlierHeaders(t *testing.T) {
	mw, err := ginapikey.New(newAuth(t))
	require.NoError(t, err)
	setCacheControl := func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=60")
	}

	router := gin.New()
	router.GET("/", setCacheControl, mw, func(c *gin.Context) { c.Status(http.StatusNoContent) })
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))

	assert.Equal(t, []string{"no-store"}, rec.Header().Values("Cache-Control"))
}

func TestAccessors(t *testing.T) {
	optional := newAuth(t, core.Optional())
	mw, err := ginapikey.New(optional)
	require.NoError(t, err)

	tests := []struct {
		name   string
		key    string
		wantOK bool
	}{
		{name: "authenticated", key: "good", wantOK: true},
		{name: "anonymous", key: "", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var principalOK, resultOK, otherTypeOK bool
			var principal conformance.Principal
			var result core.Result[conformance.Principal]
			router := gin.New()
			router.GET("/", mw, func(c *gin.Context) {
				principal, principalOK = ginapikey.Principal[conformance.Principal](c)
				result, resultOK = ginapikey.Result[conformance.Principal](c)
				_, otherTypeOK = ginapikey.Principal[string](c)
				c.Status(http.StatusNoContent)
			})
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.key != "" {
				req.Header.Set("X-API-Key", tt.key)
			}
			router.ServeHTTP(httptest.NewRecorder(), req)

			assert.Equal(t, tt.wantOK, principalOK)
			assert.Equal(t, tt.wantOK, resultOK)
			assert.False(t, otherTypeOK, "Principal[string] found a value")
			if tt.wantOK {
				assert.Equal(t, "alice", principal.Name)
				assert.Equal(t, "X-API-Key", result.Scheme.Name())
			}
		})
	}
}

func TestCopyKeepsPrincipal(t *testing.T) {
	mw, err := ginapikey.New(newAuth(t))
	require.NoError(t, err)

	var principal conformance.Principal
	var ok bool
	router := gin.New()
	router.GET("/", mw, func(c *gin.Context) {
		principal, ok = ginapikey.Principal[conformance.Principal](c.Copy())
		c.Status(http.StatusNoContent)
	})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-API-Key", "good")
	router.ServeHTTP(httptest.NewRecorder(), req)

	assert.True(t, ok, "Principal on c.Copy() found nothing")
	assert.Equal(t, "alice", principal.Name)
}

func TestPrincipalFromGinContext(t *testing.T) {
	mw, err := ginapikey.New(newAuth(t))
	require.NoError(t, err)

	tests := []struct {
		name         string
		withFallback bool
		wantOK       bool
	}{
		{name: "with fallback", withFallback: true, wantOK: true},
		{name: "without fallback", withFallback: false, wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fromGin, fromRequest bool
			router := gin.New()
			router.ContextWithFallback = tt.withFallback
			router.GET("/", mw, func(c *gin.Context) {
				_, fromGin = core.PrincipalFrom[conformance.Principal](c)
				_, fromRequest = core.PrincipalFrom[conformance.Principal](c.Request.Context())
				c.Status(http.StatusNoContent)
			})
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set("X-API-Key", "good")
			router.ServeHTTP(httptest.NewRecorder(), req)

			assert.Equal(t, tt.wantOK, fromGin, "core.PrincipalFrom(*gin.Context)")
			assert.True(t, fromRequest, "core.PrincipalFrom(c.Request.Context())")
		})
	}
}

func TestSkipperStoresNothing(t *testing.T) {
	mw, err := ginapikey.New(newAuth(t), ginapikey.WithSkipper(func(*gin.Context) bool { return true }))
	require.NoError(t, err)

	var ok bool
	router := gin.New()
	router.GET("/", mw, func(c *gin.Context) {
		_, ok = ginapikey.Principal[conformance.Principal](c)
		c.Status(http.StatusNoContent)
	})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-API-Key", "good")
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, req)

	assert.Equal(t, http.StatusNoContent, rec.Code)
	assert.False(t, ok, "skipped request has a principal")
}

func BenchmarkAuthenticated(b *testing.B) {
	mw, err := ginapikey.New(newAuth(b))
	require.NoError(b, err)

	router := gin.New()
	router.GET("/", mw, func(c *gin.Context) { c.Status(http.StatusNoContent) })
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-API-Key", "good")

	b.ReportAllocs()
	for b.Loop() {
		router.ServeHTTP(httptest.NewRecorder(), req)
	}
}
