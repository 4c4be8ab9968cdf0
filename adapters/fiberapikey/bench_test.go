package fiberapikey_test

import (
	"bufio"
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/keyauth"
	"github.com/valyala/fasthttp"

	"github.com/go-apikey/apikey/adapters/fiberapikey"
	"github.com/go-apikey/apikey/core"
)

// The benchmarks in this file compare the cost of one request through a
// route with no authentication (impl=bare), through this library
// (impl=apikey with core.FixedKeys, impl=apikey-compare with the floor's
// single constant-time compare as its validator), through Fiber's own
// middleware/keyauth (impl=fiber-keyauth) and through a minimal
// hand-written middleware (impl=floor). Each sub-benchmark is named
// impl=NAME/case=NAME so that benchstat can put the implementations side by
// side.

const (
	benchKey      = "bench-key-0123456789abcdef"
	benchWrongKey = "bench-key-fedcba9876543210"
	benchHeader   = "X-API-Key"
	benchQuery    = "api_key"
	benchCookie   = "session_id"

	// benchPrincipalKey is where fiber-keyauth and the floor store the
	// principal with c.Locals.
	benchPrincipalKey = "user"
)

type benchUser struct{ Name string }

var benchAlice = benchUser{Name: "alice"}

// benchOutcome is the decision that a middleware should make for a request.
type benchOutcome int

const (
	benchAccepted benchOutcome = iota
	benchMissing
	benchWrong
)

// benchCase is one request. Every middleware in the case is configured to
// read the key from source only.
type benchCase struct {
	name    string
	source  core.Source
	target  string
	header  string // name of the header line, or empty for none
	value   string
	outcome benchOutcome
}

var benchCases = []benchCase{
	{"header-valid", core.SourceHeader, "/items", benchHeader, benchKey, benchAccepted},
	{"query-valid", core.SourceQuery, "/items?page=2&" + benchQuery + "=" + benchKey, "", "", benchAccepted},
	{"cookie-valid", core.SourceCookie, "/items", "Cookie", "theme=dark; " + benchCookie + "=" + benchKey, benchAccepted},
	{"missing", core.SourceHeader, "/items", "", "", benchMissing},
	{"wrong", core.SourceHeader, "/items", benchHeader, benchWrongKey, benchWrong},
}

// rawRequest returns the request as a client sends it. The benchmark parses
// it into the reused RequestCtx, so that the adapter reads a real header
// block as it does behind fasthttp's server.
func (c benchCase) rawRequest() string {
	raw := "GET " + c.target + " HTTP/1.1\r\nHost: bench.test\r\nUser-Agent: bench\r\n"
	if c.header != "" {
		raw += c.header + ": " + c.value + "\r\n"
	}
	return raw + "\r\n"
}

// benchImpl builds the middleware for one implementation, or none for
// impl=bare. wantStatus gives the response status for each outcome, and
// principal reads the stored principal, so a misconfigured benchmark fails
// instead of measuring the wrong path.
type benchImpl struct {
	name       string
	middleware func(b *testing.B, source core.Source) fiber.Handler
	wantStatus [3]int
	principal  func(c *fiber.Ctx) (benchUser, bool)
}

var benchOK = []byte("ok")

// benchHandler is the route's handler in every implementation.
func benchHandler(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.Send(benchOK)
}

// benchStored reads the principal that fiber-keyauth and the floor store.
func benchStored(c *fiber.Ctx) (benchUser, bool) {
	u, ok := c.Locals(benchPrincipalKey).(benchUser)
	return u, ok
}

func BenchmarkAuth(b *testing.B) {
	impls := []benchImpl{
		{
			name:       "bare",
			wantStatus: [3]int{200, 200, 200},
		},
		{
			name:       "apikey",
			middleware: benchLibrary(benchFixedKeys),
			wantStatus: [3]int{200, 401, 403},
			principal:  fiberapikey.Principal[benchUser],
		},
		{
			name:       "apikey-compare",
			middleware: benchLibrary(benchCompareValidator),
			wantStatus: [3]int{200, 401, 403},
			principal:  fiberapikey.Principal[benchUser],
		},
		{
			// keyauth's default ErrorHandler responds with 401 to both.
			name:       "fiber-keyauth",
			middleware: benchKeyAuth,
			wantStatus: [3]int{200, 401, 401},
			principal:  benchStored,
		},
		{
			name:       "floor",
			middleware: benchFloor,
			wantStatus: [3]int{200, 401, 403},
			principal:  benchStored,
		},
	}

	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			for _, c := range benchCases {
				b.Run("case="+c.name, func(b *testing.B) {
					benchRoute(b, impl, c)
				})
			}
		})
	}
}

// benchApp returns the request handler of a Fiber app that serves the
// benchmark's route with handler behind the implementation's middleware.
func benchApp(b *testing.B, impl benchImpl, source core.Source, handler fiber.Handler) fasthttp.RequestHandler {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	if impl.middleware == nil {
		app.Get("/items", handler)
	} else {
		app.Get("/items", impl.middleware(b, source), handler)
	}
	return app.Handler()
}

// benchRequest holds one reused RequestCtx and the raw request that is
// parsed into it before each call.
type benchRequest struct {
	ctx    fasthttp.RequestCtx
	raw    strings.Reader
	reader *bufio.Reader
	text   string
}

func newBenchRequest(raw string) *benchRequest {
	r := &benchRequest{text: raw}
	r.ctx.Init(new(fasthttp.Request), nil, nil)
	r.reader = bufio.NewReader(&r.raw)
	return r
}

// serve parses the request afresh, as fasthttp's server does for each
// request on a connection, and passes it to h. Parsing again matters
// because fasthttp caches parsed query arguments and cookies in the
// request, so a request parsed once would make later reads free.
func (r *benchRequest) serve(b *testing.B, h fasthttp.RequestHandler) int {
	r.ctx.Request.Reset()
	r.ctx.Response.Reset()
	r.ctx.ResetUserValues()
	r.raw.Reset(r.text)
	r.reader.Reset(&r.raw)
	if err := r.ctx.Request.Read(r.reader); err != nil {
		b.Fatalf("parse request: %v", err)
	}

	h(&r.ctx)
	return r.ctx.Response.StatusCode()
}

// benchRoute checks the route once with a handler that reads the
// principal, then measures the app's handler with one reused RequestCtx.
func benchRoute(b *testing.B, impl benchImpl, c benchCase) {
	want := impl.wantStatus[c.outcome]
	req := newBenchRequest(c.rawRequest())

	if c.outcome == benchAccepted && impl.principal != nil {
		var got benchUser
		probe := benchApp(b, impl, c.source, func(c *fiber.Ctx) error {
			got, _ = impl.principal(c)
			return benchHandler(c)
		})
		req.serve(b, probe)
		if got != benchAlice {
			b.Fatalf("principal = %+v, want %+v", got, benchAlice)
		}
	}

	h := benchApp(b, impl, c.source, benchHandler)
	b.ReportAllocs()
	for b.Loop() {
		if status := req.serve(b, h); status != want {
			b.Fatalf("status = %d, want %d", status, want)
		}
	}
}

func benchFixedKeys(b *testing.B) core.Validator[benchUser] {
	v, err := core.FixedKeys(map[string]benchUser{benchKey: benchAlice})
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// benchCompareValidator accepts benchKey with the floor's single
// constant-time compare, so that impl=apikey-compare shows the library's
// cost without the hashing that FixedKeys does.
func benchCompareValidator(*testing.B) core.Validator[benchUser] {
	return core.ValidatorFunc[benchUser](func(_ context.Context, key string, _ *core.Scheme) (benchUser, error) {
		if subtle.ConstantTimeCompare([]byte(key), []byte(benchKey)) != 1 {
			return benchUser{}, core.ErrInvalidKey
		}
		return benchAlice, nil
	})
}

func benchLibrary(validator func(*testing.B) core.Validator[benchUser]) func(*testing.B, core.Source) fiber.Handler {
	return func(b *testing.B, source core.Source) fiber.Handler {
		auth, err := core.New([]*core.Scheme{benchScheme(b, source)}, validator(b))
		if err != nil {
			b.Fatal(err)
		}
		mw, err := fiberapikey.New(auth)
		if err != nil {
			b.Fatal(err)
		}
		return mw
	}
}

func benchScheme(b *testing.B, source core.Source) *core.Scheme {
	var s *core.Scheme
	var err error
	switch source {
	case core.SourceHeader:
		s, err = core.Header(benchHeader)
	case core.SourceQuery:
		s, err = core.Query(benchQuery)
	case core.SourceCookie:
		s, err = core.Cookie(benchCookie)
	}
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// benchKeyAuth configures Fiber's keyauth for source with a validator that
// compares in constant time and stores the principal, as the floor does.
func benchKeyAuth(_ *testing.B, source core.Source) fiber.Handler {
	lookup := map[core.Source]string{
		core.SourceHeader: "header:" + benchHeader,
		core.SourceQuery:  "query:" + benchQuery,
		core.SourceCookie: "cookie:" + benchCookie,
	}[source]
	want := []byte(benchKey)

	return keyauth.New(keyauth.Config{
		KeyLookup: lookup,
		Validator: func(c *fiber.Ctx, key string) (bool, error) {
			if subtle.ConstantTimeCompare([]byte(key), want) != 1 {
				return false, nil
			}
			c.Locals(benchPrincipalKey, benchAlice)
			return true, nil
		},
	})
}

// benchFloor is the hand-written middleware that the library is measured
// against: read the value with Fiber's usual call, compare it in constant
// time and store the principal with c.Locals.
func benchFloor(_ *testing.B, source core.Source) fiber.Handler {
	read := map[core.Source]func(c *fiber.Ctx) string{
		core.SourceHeader: func(c *fiber.Ctx) string { return c.Get(benchHeader) },
		core.SourceQuery:  func(c *fiber.Ctx) string { return c.Query(benchQuery) },
		core.SourceCookie: func(c *fiber.Ctx) string { return c.Cookies(benchCookie) },
	}[source]
	want := []byte(benchKey)

	return func(c *fiber.Ctx) error {
		key := read(c)
		if key == "" {
			return c.SendStatus(http.StatusUnauthorized)
		}
		if subtle.ConstantTimeCompare([]byte(key), want) != 1 {
			return c.SendStatus(http.StatusForbidden)
		}
		c.Locals(benchPrincipalKey, benchAlice)
		return c.Next()
	}
}
