package fiberapikey_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/valyala/fasthttp"

	"github.com/go-apikey/apikey/adapters/fiberapikey"
	"github.com/go-apikey/apikey/conformance"
	"github.com/go-apikey/apikey/core"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Adapter{
		Name:            "fiber",
		Serve:           serve,
		ServeDocumented: serveDocumented,
		FrameworkErrors: true,
	})
}

// serve is the conformance harness: it runs Fiber's own server on ln with
// the fixture's middleware in front of both paths, and Fiber's default
// ErrorHandler.
func serve(t *testing.T, ln net.Listener, f conformance.Fixture) {
	t.Helper()

	opts := []fiberapikey.Option{fiberapikey.WithSkipper(func(c *fiber.Ctx) bool {
		return c.Path() == conformance.SkippedPath
	})}
	if f.FrameworkErrors {
		opts = append(opts, fiberapikey.WithFrameworkErrors())
	}
	requireKey, err := fiberapikey.New(f.Auth, opts...)
	if err != nil {
		t.Fatalf("fiberapikey.New: %v", err)
	}

	app := newApp()
	app.Get(conformance.ProtectedPath, requireKey, conformanceHandler)
	app.Get(conformance.SkippedPath, requireKey, conformanceHandler)

	serveApp(t, app, ln)
}

// conformanceHandler responds with 200 and the body from conformance.HandlerBody.
func conformanceHandler(c *fiber.Ctx) error {
	p, ok := fiberapikey.Principal[conformance.Principal](c)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Status(http.StatusOK).Send(conformance.HandlerBody(p, ok, c.UserContext()))
}

// serveDocumented is the conformance harness for the OpenAPI cases: it
// registers each route through a Router, or natively when the route has no
// authenticator, and mounts the document and the docs page with MountDocs.
func serveDocumented(t *testing.T, ln net.Listener, f conformance.DocFixture) error {
	t.Helper()

	app := newApp()
	rec := &core.Recorder{}
	for _, route := range f.Routes {
		path := fiberPath(route.Path)
		if route.Auth == nil {
			app.Add(route.Method, route.Group+path, conformanceHandler)
			continue
		}

		r, err := fiberapikey.NewRouter(app, route.Auth, rec)
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
	if err := fiberapikey.MountDocs(app, docs); err != nil {
		return err
	}
	serveApp(t, app, ln)
	return nil
}

// fiberPath converts an OpenAPI path template such as /items/{id} to
// Fiber's syntax, /items/:id.
func fiberPath(path string) string {
	return strings.NewReplacer("{", ":", "}", "").Replace(path)
}

func newApp(config ...fiber.Config) *fiber.App {
	cfg := fiber.Config{}
	if len(config) > 0 {
		cfg = config[0]
	}
	cfg.DisableStartupMessage = true
	return fiber.New(cfg)
}

// serveApp runs app on ln until the test ends.
func serveApp(t *testing.T, app *fiber.App, ln net.Listener) {
	t.Helper()

	done := make(chan error, 1)
	go func() { done <- app.Listener(ln) }()

	t.Cleanup(func() {
		if err := app.ShutdownWithTimeout(5 * time.Second); err != nil {
			t.Errorf("shut down fiber server: %v", err)
		}
		// Shutdown closes only a listener that the server has started to
		// accept on. This close ends a server that had not started yet.
		ln.Close()
		if err := <-done; err != nil {
			t.Errorf("fiber server stopped with %v, want nil", err)
		}
	})
}

// startApp runs app on a new listener on 127.0.0.1 until the test ends and
// returns the listener's address.
func startApp(t *testing.T, app *fiber.App) string {
	t.Helper()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	serveApp(t, app, ln)
	return ln.Addr().String()
}

// rawResponse is a response to a request written by rawGet.
type rawResponse struct {
	status int
	header http.Header
	body   string
}

// rawGet writes GET target with the header lines given, byte for byte, on
// a new connection to addr, and reads the response. Go's http.Client would
// merge, reorder or trim the lines that these tests depend on.
func rawGet(t *testing.T, addr, target string, lines ...string) rawResponse {
	t.Helper()

	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))

	var b strings.Builder
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\n", target, addr)
	for _, line := range lines {
		b.WriteString(line)
		b.WriteString("\r\n")
	}
	b.WriteString("Connection: close\r\n\r\n")
	_, err = io.WriteString(conn, b.String())
	require.NoError(t, err)

	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

// keyOnlyAuth returns a function that builds an authenticator for one
// scheme, with the key itself as the principal, and fails t on any error.
// Call it as keyOnlyAuth(t)(core.Header("X-API-Key")).
func keyOnlyAuth(t *testing.T) func(*core.Scheme, error) *core.Authenticator[string] {
	return func(scheme *core.Scheme, err error) *core.Authenticator[string] {
		t.Helper()

		require.NoError(t, err)
		auth, err := core.New([]*core.Scheme{scheme}, core.KeyOnly())
		require.NoError(t, err)
		return auth
	}
}

// startKeyEcho serves GET /echo behind middleware for auth, with the key as
// the principal, and returns the address. The handler responds with the
// principal read through Principal.
func startKeyEcho(t *testing.T, auth *core.Authenticator[string], config ...fiber.Config) string {
	t.Helper()

	requireKey, err := fiberapikey.New(auth)
	require.NoError(t, err)
	app := newApp(config...)
	app.Get("/echo", requireKey, func(c *fiber.Ctx) error {
		key, _ := fiberapikey.Principal[string](c)
		return c.SendString(key)
	})
	return startApp(t, app)
}

func TestNewErrors(t *testing.T) {
	auth := keyOnlyAuth(t)(core.Header("X-API-Key"))
	noop := func(*fiber.Ctx, error, core.Response) error { return nil }

	tests := []struct {
		name string
		auth *core.Authenticator[string]
		opts []fiberapikey.Option
	}{
		{name: "nil authenticator", auth: nil},
		{name: "zero authenticator", auth: &core.Authenticator[string]{}},
		{name: "nil option", auth: auth, opts: []fiberapikey.Option{nil}},
		{name: "nil skipper", auth: auth, opts: []fiberapikey.Option{fiberapikey.WithSkipper(nil)}},
		{name: "nil error handler", auth: auth,
			opts: []fiberapikey.Option{fiberapikey.WithErrorHandler(nil)}},
		{name: "error handler and framework errors", auth: auth, opts: []fiberapikey.Option{
			fiberapikey.WithErrorHandler(noop), fiberapikey.WithFrameworkErrors(),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mw, err := fiberapikey.New(tt.auth, tt.opts...)
			assert.Error(t, err)
			assert.Nil(t, mw)
		})
	}
}

// viewCase is a request that checks how the middleware reads one source.
type viewCase struct {
	name       string
	target     string
	lines      []string
	wantStatus int
	wantKey    string // the principal echoed on 200
}

func runViewCases(t *testing.T, addr string, tests []viewCase) {
	t.Helper()

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := rawGet(t, addr, tt.target, tt.lines...)

			assert.Equal(t, tt.wantStatus, resp.status, "body %q", resp.body)
			if tt.wantStatus == http.StatusOK {
				assert.Equal(t, tt.wantKey, resp.body)
			}
		})
	}
}

func TestViewHeader(t *testing.T) {
	addr := startKeyEcho(t, keyOnlyAuth(t)(core.Header("X-API-Key")))

	runViewCases(t, addr, []viewCase{
		{name: "one line", target: "/echo", lines: []string{"X-API-Key: k1"},
			wantStatus: http.StatusOK, wantKey: "k1"},
		{name: "lowercase name", target: "/echo", lines: []string{"x-api-key: k1"},
			wantStatus: http.StatusOK, wantKey: "k1"},
		{name: "duplicate identical lines", target: "/echo",
			lines:      []string{"X-API-Key: k1", "Accept: */*", "X-API-Key: k1"},
			wantStatus: http.StatusOK, wantKey: "k1"},
		{name: "duplicate lines differ", target: "/echo",
			lines:      []string{"X-API-Key: k1", "x-api-key: k2"},
			wantStatus: http.StatusBadRequest},
		{name: "tabs around value", target: "/echo", lines: []string{"X-API-Key:\t k1 \t"},
			wantStatus: http.StatusOK, wantKey: "k1"},
		{name: "inner space kept", target: "/echo", lines: []string{"X-API-Key: a b"},
			wantStatus: http.StatusOK, wantKey: "a b"},
		{name: "folded value", target: "/echo", lines: []string{"X-API-Key: a", " \tb"},
			wantStatus: http.StatusOK, wantKey: "a b"},
		{name: "empty value", target: "/echo", lines: []string{"X-API-Key:"},
			wantStatus: http.StatusUnauthorized},
		{name: "no header", target: "/echo",
			wantStatus: http.StatusUnauthorized},
	})
}

// TestViewSingleValuedHeader checks that the middleware reads every line of
// a header that fasthttp's parsed headers keep only once.
func TestViewSingleValuedHeader(t *testing.T) {
	addr := startKeyEcho(t, keyOnlyAuth(t)(core.Header("User-Agent")))

	runViewCases(t, addr, []viewCase{
		{name: "duplicate lines differ", target: "/echo",
			lines:      []string{"User-Agent: k1", "User-Agent: k2"},
			wantStatus: http.StatusBadRequest},
	})
}

func TestViewHeaderWithoutNormalizing(t *testing.T) {
	auth := keyOnlyAuth(t)(core.Header("X-API-Key"))
	addr := startKeyEcho(t, auth, fiber.Config{DisableHeaderNormalizing: true})

	runViewCases(t, addr, []viewCase{
		{name: "mixed case name", target: "/echo", lines: []string{"x-API-kEY: k1"},
			wantStatus: http.StatusOK, wantKey: "k1"},
	})
}

func TestViewQuery(t *testing.T) {
	addr := startKeyEcho(t, keyOnlyAuth(t)(core.Query("api_key")))

	runViewCases(t, addr, []viewCase{
		{name: "plain value", target: "/echo?api_key=k1",
			wantStatus: http.StatusOK, wantKey: "k1"},
		{name: "plus is space", target: "/echo?api_key=a+b",
			wantStatus: http.StatusOK, wantKey: "a b"},
		{name: "escaped plus", target: "/echo?api_key=a%2Bb",
			wantStatus: http.StatusOK, wantKey: "a+b"},
		{name: "malformed escape", target: "/echo?api_key=%zz",
			wantStatus: http.StatusBadRequest},
		{name: "malformed escape elsewhere", target: "/echo?x=%zz&api_key=k1",
			wantStatus: http.StatusOK, wantKey: "k1"},
		{name: "duplicate values differ", target: "/echo?api_key=k1&api_key=k2",
			wantStatus: http.StatusBadRequest},
		{name: "hash kept as net/http does", target: "/echo?api_key=a#b",
			wantStatus: http.StatusOK, wantKey: "a#b"},
		{name: "empty value", target: "/echo?api_key=",
			wantStatus: http.StatusUnauthorized},
	})
}

func TestViewCookie(t *testing.T) {
	addr := startKeyEcho(t, keyOnlyAuth(t)(core.Cookie("session_id")))

	runViewCases(t, addr, cookieCases())
}

// TestViewCookieAfterCollect checks that the middleware still reads the
// Cookie lines as received after earlier code has read a cookie, which
// makes fasthttp move the lines into its cookie store.
func TestViewCookieAfterCollect(t *testing.T) {
	auth := keyOnlyAuth(t)(core.Cookie("session_id"))
	requireKey, err := fiberapikey.New(auth, fiberapikey.WithSkipper(func(c *fiber.Ctx) bool {
		return c.Cookies("session_id") == "skip"
	}))
	require.NoError(t, err)
	app := newApp()
	app.Get("/echo", requireKey, func(c *fiber.Ctx) error {
		key, _ := fiberapikey.Principal[string](c)
		return c.SendString(key)
	})

	runViewCases(t, startApp(t, app), cookieCases())
}

func cookieCases() []viewCase {
	return []viewCase{
		{name: "one line", target: "/echo", lines: []string{"Cookie: a=1; session_id=s1"},
			wantStatus: http.StatusOK, wantKey: "s1"},
		{name: "split lines", target: "/echo",
			lines:      []string{"Cookie: a=1", "Cookie: session_id=s1"},
			wantStatus: http.StatusOK, wantKey: "s1"},
		{name: "split lines differ", target: "/echo",
			lines:      []string{"Cookie: session_id=s1", "Cookie: session_id=s2"},
			wantStatus: http.StatusBadRequest},
		{name: "quoted value keeps spaces", target: "/echo",
			lines:      []string{`Cookie: session_id=" s1 "`},
			wantStatus: http.StatusOK, wantKey: " s1 "},
		{name: "doubly quoted value", target: "/echo",
			lines:      []string{`Cookie: session_id=""s1""`},
			wantStatus: http.StatusBadRequest},
		{name: "name is case-sensitive", target: "/echo",
			lines:      []string{"Cookie: Session_ID=s1"},
			wantStatus: http.StatusUnauthorized},
	}
}

// TestViewRequestBuiltInCode checks a request that fasthttp never parsed
// from a connection, so that it has no header block as received.
func TestViewRequestBuiltInCode(t *testing.T) {
	auth := keyOnlyAuth(t)(core.Header("X-API-Key"))
	requireKey, err := fiberapikey.New(auth)
	require.NoError(t, err)
	app := newApp()
	app.Get("/echo", requireKey, func(c *fiber.Ctx) error {
		key, _ := fiberapikey.Principal[string](c)
		return c.SendString(key)
	})
	handle := app.Handler()

	tests := []struct {
		name       string
		values     []string
		wantStatus int
		wantKey    string
	}{
		{name: "one value", values: []string{"\tk1 "}, wantStatus: http.StatusOK, wantKey: "k1"},
		{name: "values differ", values: []string{"k1", "k2"}, wantStatus: http.StatusBadRequest},
		{name: "no value", wantStatus: http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fctx fasthttp.RequestCtx
			fctx.Request.Header.SetMethod(fasthttp.MethodGet)
			fctx.Request.SetRequestURI("/echo")
			for _, v := range tt.values {
				fctx.Request.Header.Add("x-api-key", v)
			}

			handle(&fctx)

			assert.Equal(t, tt.wantStatus, fctx.Response.StatusCode())
			if tt.wantStatus == http.StatusOK {
				assert.Equal(t, tt.wantKey, string(fctx.Response.Body()))
			}
		})
	}
}

// keyRecorder is a validator that accepts every key as its own principal
// and keeps each key it receives, as a cache would.
type keyRecorder struct {
	mu   sync.Mutex
	keys []string
}

func (v *keyRecorder) Validate(_ context.Context, key string, _ *core.Scheme) (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.keys = append(v.keys, key)
	return key, nil
}

// TestStoredValuesSurviveBufferReuse sends many requests on one connection,
// so that fasthttp reads each into the buffers of the one before, and
// checks that every key the validator kept and every principal the handler
// kept still reads as sent.
func TestStoredValuesSurviveBufferReuse(t *testing.T) {
	schemes := []func() (*core.Scheme, error){
		func() (*core.Scheme, error) { return core.Header("X-API-Key") },
		func() (*core.Scheme, error) { return core.Query("api_key") },
		func() (*core.Scheme, error) { return core.Cookie("session_id") },
	}
	for _, newScheme := range schemes {
		scheme, err := newScheme()
		require.NoError(t, err)
		t.Run(scheme.Source().String(), func(t *testing.T) {
			testBufferReuse(t, scheme)
		})
	}
}

func testBufferReuse(t *testing.T, scheme *core.Scheme) {
	validator := &keyRecorder{}
	auth, err := core.New([]*core.Scheme{scheme}, core.Validator[string](validator))
	require.NoError(t, err)
	requireKey, err := fiberapikey.New(auth)
	require.NoError(t, err)

	var mu sync.Mutex
	var native, fromContext []string
	app := newApp()
	app.Get("/echo", requireKey, func(c *fiber.Ctx) error {
		p, _ := fiberapikey.Principal[string](c)
		q, _ := core.PrincipalFrom[string](c.UserContext())
		mu.Lock()
		defer mu.Unlock()
		native = append(native, p)
		fromContext = append(fromContext, q)
		return c.SendStatus(http.StatusNoContent)
	})
	addr := startApp(t, app)

	transport := &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}

	const requests = 50
	var sent []string
	for i := range requests {
		key := fmt.Sprintf("key-%04d", i)
		sent = append(sent, key)

		req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/echo", nil)
		require.NoError(t, err)
		switch scheme.Source() {
		case core.SourceHeader:
			req.Header.Set("X-API-Key", key)
		case core.SourceQuery:
			req.URL.RawQuery = "api_key=" + key
		case core.SourceCookie:
			req.Header.Set("Cookie", "session_id="+key)
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusNoContent, resp.StatusCode)
	}

	validator.mu.Lock()
	stored := append([]string(nil), validator.keys...)
	validator.mu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, sent, stored, "keys stored by the validator")
	assert.Equal(t, sent, native, "principals read through Principal")
	assert.Equal(t, sent, fromContext, "principals read through core.PrincipalFrom")
}

// newAuth returns an authenticator that accepts the key "good" in
// X-API-Key as the principal "alice".
func newAuth(t *testing.T, schemeOpts ...core.SchemeOption) *core.Authenticator[string] {
	t.Helper()

	scheme, err := core.Header("X-API-Key", schemeOpts...)
	require.NoError(t, err)
	keys, err := core.FixedKeys(map[string]string{"good": "alice"})
	require.NoError(t, err)
	auth, err := core.New([]*core.Scheme{scheme}, keys)
	require.NoError(t, err)
	return auth
}

// startGuarded serves GET /guarded behind middleware and returns the
// address and a function that reports whether the handler ran. An earlier
// middleware sets Cache-Control: public on every response. The handler
// responds with the principal from Principal and from core.PrincipalFrom.
func startGuarded(t *testing.T, middleware fiber.Handler) (string, func() bool) {
	t.Helper()

	var mu sync.Mutex
	var ran bool
	app := newApp()
	app.Use(func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "public")
		return c.Next()
	})
	app.Get("/guarded", middleware, func(c *fiber.Ctx) error {
		mu.Lock()
		ran = true
		mu.Unlock()

		native, nativeOK := fiberapikey.Principal[string](c)
		res, resultOK := fiberapikey.Result[string](c)
		fromContext, contextOK := core.PrincipalFrom[string](c.UserContext())
		return c.SendString(fmt.Sprintf("native=%q,%t result=%q,%t context=%q,%t",
			native, nativeOK, res.Principal, resultOK, fromContext, contextOK))
	})
	addr := startApp(t, app)

	return addr, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return ran
	}
}

func TestMiddlewareSuccess(t *testing.T) {
	requireKey, err := fiberapikey.New(newAuth(t))
	require.NoError(t, err)
	addr, handlerRan := startGuarded(t, requireKey)

	resp := rawGet(t, addr, "/guarded", "X-API-Key: good")

	assert.True(t, handlerRan(), "handler behind the middleware ran")
	assert.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, `native="alice",true result="alice",true context="alice",true`, resp.body)
}

func TestMiddlewareAnonymous(t *testing.T) {
	requireKey, err := fiberapikey.New(newAuth(t, core.Optional()))
	require.NoError(t, err)
	addr, handlerRan := startGuarded(t, requireKey)

	resp := rawGet(t, addr, "/guarded")

	assert.True(t, handlerRan(), "handler behind the middleware ran")
	assert.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, `native="",false result="",false context="",false`, resp.body)
}

func TestMiddlewareFailure(t *testing.T) {
	requireKey, err := fiberapikey.New(newAuth(t))
	require.NoError(t, err)
	addr, handlerRan := startGuarded(t, requireKey)

	resp := rawGet(t, addr, "/guarded")

	assert.False(t, handlerRan(), "handler behind the middleware ran")
	assert.Equal(t, http.StatusUnauthorized, resp.status)
	assert.Equal(t, []string{"APIKey"}, resp.header.Values("WWW-Authenticate"))
	assert.Equal(t, []string{"no-store"}, resp.header.Values("Cache-Control"),
		"rendered Cache-Control replaces the one set earlier")
	assert.Equal(t, "application/json", resp.header.Get("Content-Type"))
	assert.Equal(t, `{"detail":"Not authenticated"}`, resp.body)
}

func TestErrorHandler(t *testing.T) {
	var mu sync.Mutex
	var gotErr error
	var gotResp core.Response
	requireKey, err := fiberapikey.New(newAuth(t), fiberapikey.WithErrorHandler(
		func(c *fiber.Ctx, err error, resp core.Response) error {
			mu.Lock()
			gotErr, gotResp = err, resp
			mu.Unlock()
			return c.Status(http.StatusTeapot).SendString("custom")
		}))
	require.NoError(t, err)
	addr, handlerRan := startGuarded(t, requireKey)

	resp := rawGet(t, addr, "/guarded", "X-API-Key: wrong")

	assert.False(t, handlerRan(), "handler behind the middleware ran")
	assert.Equal(t, http.StatusTeapot, resp.status)
	assert.Equal(t, "custom", resp.body)
	mu.Lock()
	defer mu.Unlock()
	assert.ErrorIs(t, gotErr, core.ErrInvalidKey)
	assert.Equal(t, http.StatusForbidden, gotResp.Status)
}

func TestErrorHandlerReturnsError(t *testing.T) {
	requireKey, err := fiberapikey.New(newAuth(t), fiberapikey.WithErrorHandler(
		func(c *fiber.Ctx, err error, resp core.Response) error {
			return fiber.NewError(http.StatusTeapot, "from error handler")
		}))
	require.NoError(t, err)
	addr, handlerRan := startGuarded(t, requireKey)

	resp := rawGet(t, addr, "/guarded")

	assert.False(t, handlerRan(), "handler behind the middleware ran")
	assert.Equal(t, http.StatusTeapot, resp.status)
	assert.Equal(t, "from error handler", resp.body)
}

func TestFrameworkErrors(t *testing.T) {
	requireKey, err := fiberapikey.New(newAuth(t), fiberapikey.WithFrameworkErrors())
	require.NoError(t, err)
	addr, handlerRan := startGuarded(t, requireKey)

	resp := rawGet(t, addr, "/guarded")

	assert.False(t, handlerRan(), "handler behind the middleware ran")
	assert.Equal(t, http.StatusUnauthorized, resp.status)
	assert.Equal(t, []string{"APIKey"}, resp.header.Values("WWW-Authenticate"))
	assert.Equal(t, []string{"no-store"}, resp.header.Values("Cache-Control"))
	assert.Equal(t, fiber.MIMETextPlainCharsetUTF8, resp.header.Get("Content-Type"))
	assert.Equal(t, "Not authenticated", resp.body)
}

func TestFrameworkErrorsRetryAfter(t *testing.T) {
	scheme, err := core.Header("X-API-Key")
	require.NoError(t, err)
	unavailable := func(context.Context, string, *core.Scheme) (string, error) {
		return "", core.ErrUnavailable
	}
	auth, err := core.New([]*core.Scheme{scheme}, core.ValidatorFunc[string](unavailable),
		core.WithRetryAfter(7*time.Second))
	require.NoError(t, err)
	requireKey, err := fiberapikey.New(auth, fiberapikey.WithFrameworkErrors())
	require.NoError(t, err)
	addr, _ := startGuarded(t, requireKey)

	resp := rawGet(t, addr, "/guarded", "X-API-Key: any")

	assert.Equal(t, http.StatusServiceUnavailable, resp.status)
	assert.Equal(t, []string{"7"}, resp.header.Values("Retry-After"))
	assert.Empty(t, resp.header.Values("WWW-Authenticate"))
	assert.Equal(t, "Service Unavailable", resp.body)
}

func TestSkipper(t *testing.T) {
	requireKey, err := fiberapikey.New(newAuth(t), fiberapikey.WithSkipper(func(c *fiber.Ctx) bool {
		return c.Get("X-Skip") == "yes"
	}))
	require.NoError(t, err)
	addr, handlerRan := startGuarded(t, requireKey)

	resp := rawGet(t, addr, "/guarded", "X-Skip: yes", "X-API-Key: good")

	assert.True(t, handlerRan(), "handler behind the middleware ran")
	assert.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, `native="",false result="",false context="",false`, resp.body)
}
