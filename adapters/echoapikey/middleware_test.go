package echoapikey_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-apikey/apikey/adapters/echoapikey"
	"github.com/go-apikey/apikey/conformance"
	"github.com/go-apikey/apikey/core"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Adapter{
		Name:            "echo",
		Serve:           serve,
		ServeDocumented: serveDocumented,
		FrameworkErrors: true,
	})
}

// serve is the conformance harness: it starts Echo's own server on ln and
// shuts it down when the test ends.
func serve(t *testing.T, ln net.Listener, f conformance.Fixture) {
	t.Helper()

	opts := []echoapikey.Option{echoapikey.WithSkipper(func(c echo.Context) bool {
		return c.Request().URL.Path == conformance.SkippedPath
	})}
	if f.FrameworkErrors {
		opts = append(opts, echoapikey.WithFrameworkErrors())
	}
	requireKey, err := echoapikey.New(f.Auth, opts...)
	if err != nil {
		t.Fatalf("echoapikey.New: %v", err)
	}

	e := newEcho(ln)
	e.GET(conformance.ProtectedPath, conformanceHandler, requireKey)
	e.GET(conformance.SkippedPath, conformanceHandler, requireKey)
	startEcho(t, e)
}

// conformanceHandler responds with 200 and the body from conformance.HandlerBody.
func conformanceHandler(c echo.Context) error {
	p, ok := echoapikey.Principal[conformance.Principal](c)
	body := conformance.HandlerBody(p, ok, c.Request().Context())
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
}

// serveDocumented is the conformance harness for the OpenAPI cases: it
// registers each route through a Router, or natively when the route has no
// authenticator, and mounts the document and the docs page with MountDocs.
func serveDocumented(t *testing.T, ln net.Listener, f conformance.DocFixture) error {
	t.Helper()

	e := newEcho(ln)
	rec := &core.Recorder{}
	for _, route := range f.Routes {
		path := echoPath(route.Path)
		if route.Auth == nil {
			e.Add(route.Method, route.Group+path, conformanceHandler)
			continue
		}

		r, err := echoapikey.NewRouter(e, route.Auth, rec)
		if err != nil {
			return err
		}
		if route.Group != "" {
			r = r.Group(route.Group)
		}
		if err := r.Add(route.Method, path, conformanceHandler); err != nil {
			return err
		}
	}

	docs, err := core.NewDocs(f.OpenAPI.BuildFrom(rec))
	if err != nil {
		return err
	}
	if err := echoapikey.MountDocs(e, docs); err != nil {
		return err
	}
	startEcho(t, e)
	return nil
}

// echoPath converts an OpenAPI path template such as /items/{id} to Echo's
// syntax, /items/:id.
func echoPath(path string) string {
	return strings.NewReplacer("{", ":", "}", "").Replace(path)
}

// newEcho returns an Echo instance that serves on ln without logging.
func newEcho(ln net.Listener) *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.Listener = ln
	return e
}

// startEcho starts e's own server and shuts it down when the test ends.
func startEcho(t *testing.T, e *echo.Echo) {
	t.Helper()

	done := make(chan error, 1)
	go func() { done <- e.Start("") }()

	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := e.Shutdown(ctx); err != nil {
			t.Errorf("shut down echo server: %v", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("echo server stopped with %v, want http.ErrServerClosed", err)
		}
	})
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
	handleError := func(echo.Context, error, core.Response) error { return nil }

	tests := []struct {
		name string
		auth *core.Authenticator[conformance.Principal]
		opts []echoapikey.Option
	}{
		{name: "nil authenticator", auth: nil},
		{name: "zero authenticator", auth: &core.Authenticator[conformance.Principal]{}},
		{name: "nil option", auth: auth, opts: []echoapikey.Option{nil}},
		{name: "nil skipper", auth: auth, opts: []echoapikey.Option{echoapikey.WithSkipper(nil)}},
		{name: "nil error handler", auth: auth, opts: []echoapikey.Option{echoapikey.WithErrorHandler(nil)}},
		{name: "error handler and framework errors", auth: auth, opts: []echoapikey.Option{
			echoapikey.WithErrorHandler(handleError),
			echoapikey.WithFrameworkErrors(),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mw, err := echoapikey.New(tt.auth, tt.opts...)
			assert.Error(t, err)
			assert.Nil(t, mw)
		})
	}
}

// serveRecorded runs one request with key in X-API-Key, unless key is empty,
// through e with GET / guarded by mw, and reports whether the handler behind
// mw ran.
func serveRecorded(
	t *testing.T, e *echo.Echo, mw echo.MiddlewareFunc, key string,
) (*httptest.ResponseRecorder, bool) {
	t.Helper()

	var handlerRan bool
	e.GET("/", func(c echo.Context) error {
		handlerRan = true
		return c.NoContent(http.StatusNoContent)
	}, mw)

	req := httptest.NewRequest(http.MethodGet, "/", nil)
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec, handlerRan
}

func TestFailureStopsChain(t *testing.T) {
	mw, err := echoapikey.New(newAuth(t))
	require.NoError(t, err)

	rec, handlerRan := serveRecorded(t, echo.New(), mw, "")

	assert.False(t, handlerRan, "handler behind the middleware ran")
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, []string{"APIKey"}, rec.Header().Values("WWW-Authenticate"))
	assert.Equal(t, []string{"no-store"}, rec.Header().Values("Cache-Control"))
	assert.Equal(t, `{"detail":"Not authenticated"}`, rec.Body.String())
}

func TestFailureReplacesEarlierHeaders(t *testing.T) {
	mw, err := echoapikey.New(newAuth(t))
	require.NoError(t, err)
	e := echo.New()
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Response().Header().Set("Cache-Control", "public, max-age=60")
			return next(c)
		}
	})

	rec, _ := serveRecorded(t, e, mw, "")

	assert.Equal(t, []string{"no-store"}, rec.Header().Values("Cache-Control"))
}

func TestErrorHandler(t *testing.T) {
	var gotResp core.Response
	mw, err := echoapikey.New(newAuth(t), echoapikey.WithErrorHandler(
		func(c echo.Context, err error, resp core.Response) error {
			gotResp = resp
			if !errors.Is(err, core.ErrInvalidKey) {
				return err
			}
			return c.String(http.StatusTeapot, "custom")
		}))
	require.NoError(t, err)

	rec, handlerRan := serveRecorded(t, echo.New(), mw, "wrong")

	assert.False(t, handlerRan, "handler behind the middleware ran")
	assert.Equal(t, http.StatusTeapot, rec.Code)
	assert.Equal(t, "custom", rec.Body.String())
	assert.Equal(t, http.StatusForbidden, gotResp.Status)
}

func TestFrameworkErrorsDefaultHandler(t *testing.T) {
	mw, err := echoapikey.New(newAuth(t), echoapikey.WithFrameworkErrors())
	require.NoError(t, err)

	rec, handlerRan := serveRecorded(t, echo.New(), mw, "")

	assert.False(t, handlerRan, "handler behind the middleware ran")
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, []string{"APIKey"}, rec.Header().Values("WWW-Authenticate"))
	assert.Equal(t, []string{"no-store"}, rec.Header().Values("Cache-Control"))
	assert.JSONEq(t, `{"message":"Not authenticated"}`, rec.Body.String())
}

func TestFrameworkErrorsCustomHandler(t *testing.T) {
	unavailable := core.ValidatorFunc[conformance.Principal](
		func(context.Context, string, *core.Scheme) (conformance.Principal, error) {
			return conformance.Principal{}, core.ErrUnavailable
		})
	scheme, err := core.Header("X-API-Key")
	require.NoError(t, err)
	auth, err := core.New([]*core.Scheme{scheme}, unavailable, core.WithRetryAfter(30*time.Second))
	require.NoError(t, err)
	mw, err := echoapikey.New(auth, echoapikey.WithFrameworkErrors())
	require.NoError(t, err)

	var gotErr error
	e := echo.New()
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		gotErr = err
		var he *echo.HTTPError
		if !errors.As(err, &he) {
			_ = c.String(http.StatusInternalServerError, "unexpected error type")
			return
		}
		_ = c.String(he.Code, "custom: "+he.Message.(string))
	}

	rec, handlerRan := serveRecorded(t, e, mw, "some-key")

	assert.False(t, handlerRan, "handler behind the middleware ran")
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "custom: Service Unavailable", rec.Body.String())
	assert.Equal(t, []string{"30"}, rec.Header().Values("Retry-After"))
	assert.Equal(t, []string{"no-store"}, rec.Header().Values("Cache-Control"))
	assert.Equal(t, echo.MIMETextPlainCharsetUTF8, rec.Header().Get("Content-Type"))
	assert.ErrorIs(t, gotErr, core.ErrUnavailable)
	var coreErr *core.Error
	require.ErrorAs(t, gotErr, &coreErr)
	assert.Equal(t, "unavailable", coreErr.Code)
	assert.NotContains(t, gotErr.Error(), "some-key")
}

func TestAccessors(t *testing.T) {
	mw, err := echoapikey.New(newAuth(t, core.Optional()))
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
			e := echo.New()
			e.GET("/", func(c echo.Context) error {
				principal, principalOK = echoapikey.Principal[conformance.Principal](c)
				result, resultOK = echoapikey.Result[conformance.Principal](c)
				_, otherTypeOK = echoapikey.Principal[*conformance.Principal](c)
				return c.NoContent(http.StatusNoContent)
			}, mw)
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.key != "" {
				req.Header.Set("X-API-Key", tt.key)
			}
			e.ServeHTTP(httptest.NewRecorder(), req)

			assert.Equal(t, tt.wantOK, principalOK)
			assert.Equal(t, tt.wantOK, resultOK)
			assert.False(t, otherTypeOK, "Principal[*conformance.Principal] found a value")
			if tt.wantOK {
				assert.Equal(t, "alice", principal.Name)
				assert.Equal(t, "X-API-Key", result.Scheme.Name())
			}
		})
	}
}

// account is a second principal type, so that two middlewares can run in
// one chain.
type account struct {
	ID string
}

func TestTwoPrincipalTypes(t *testing.T) {
	userMW, err := echoapikey.New(newAuth(t))
	require.NoError(t, err)
	scheme, err := core.Query("account")
	require.NoError(t, err)
	accounts, err := core.FixedKeys(map[string]account{"acct-key": {ID: "a-1"}})
	require.NoError(t, err)
	accountAuth, err := core.New([]*core.Scheme{scheme}, accounts)
	require.NoError(t, err)
	accountMW, err := echoapikey.New(accountAuth)
	require.NoError(t, err)

	var user conformance.Principal
	var acct account
	var userOK, acctOK bool
	e := echo.New()
	e.GET("/", func(c echo.Context) error {
		user, userOK = echoapikey.Principal[conformance.Principal](c)
		acct, acctOK = echoapikey.Principal[account](c)
		return c.NoContent(http.StatusNoContent)
	}, userMW, accountMW)
	req := httptest.NewRequest(http.MethodGet, "/?account=acct-key", nil)
	req.Header.Set("X-API-Key", "good")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)

	require.Equal(t, http.StatusNoContent, rec.Code)
	assert.True(t, userOK, "user principal missing")
	assert.Equal(t, "alice", user.Name)
	assert.True(t, acctOK, "account principal missing")
	assert.Equal(t, "a-1", acct.ID)
}

func TestSkipperStoresNothing(t *testing.T) {
	mw, err := echoapikey.New(newAuth(t), echoapikey.WithSkipper(func(echo.Context) bool { return true }))
	require.NoError(t, err)

	var ok bool
	e := echo.New()
	e.GET("/", func(c echo.Context) error {
		_, ok = echoapikey.Principal[conformance.Principal](c)
		return c.NoContent(http.StatusNoContent)
	}, mw)
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-API-Key", "good")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)

	assert.Equal(t, http.StatusNoContent, rec.Code)
	assert.False(t, ok, "skipped request has a principal")
}

func BenchmarkAuthenticated(b *testing.B) {
	mw, err := echoapikey.New(newAuth(b))
	require.NoError(b, err)

	e := echo.New()
	e.GET("/", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }, mw)
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-API-Key", "good")

	b.ReportAllocs()
	for b.Loop() {
		e.ServeHTTP(httptest.NewRecorder(), req)
	}
}
