package echoapikey_test

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/go-apikey/apikey/adapters/echoapikey"
	"github.com/go-apikey/apikey/core"
)

// The benchmarks in this file compare the cost of one request through a
// route with no authentication (impl=bare), through this library
// (impl=apikey with core.FixedKeys, impl=apikey-compare with the floor's
// single constant-time compare as its validator), through Echo's own
// middleware.KeyAuthWithConfig (impl=echo-keyauth) and through a minimal
// hand-written middleware (impl=floor). Each sub-benchmark is named
// impl=NAME/case=NAME so that benchstat can put the implementations side by
// side.

const (
	benchKey      = "bench-key-0123456789abcdef"
	benchWrongKey = "bench-key-fedcba9876543210"
	benchHeader   = "X-API-Key"
	benchQuery    = "api_key"
	benchCookie   = "session_id"

	// benchPrincipalKey is where echo-keyauth and the floor store the
	// principal with c.Set.
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

func (c benchCase) request() *http.Request {
	r := httptest.NewRequest(http.MethodGet, c.target, nil)
	if c.header != "" {
		r.Header.Set(c.header, c.value)
	}
	return r
}

// benchImpl builds the middleware for one implementation, or none for
// impl=bare. wantStatus gives the response status for each outcome, and
// principal reads the stored principal, so a misconfigured benchmark fails
// instead of measuring the wrong path.
type benchImpl struct {
	name       string
	middleware func(b *testing.B, source core.Source) echo.MiddlewareFunc
	wantStatus [3]int
	principal  func(c echo.Context) (benchUser, bool)
}

var benchOK = []byte("ok")

// benchHandler is the route's handler in every implementation.
func benchHandler(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMETextPlainCharsetUTF8, benchOK)
}

// benchStored reads the principal that echo-keyauth and the floor store.
func benchStored(c echo.Context) (benchUser, bool) {
	u, ok := c.Get(benchPrincipalKey).(benchUser)
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
			principal:  echoapikey.Principal[benchUser],
		},
		{
			name:       "apikey-compare",
			middleware: benchLibrary(benchCompareValidator),
			wantStatus: [3]int{200, 401, 403},
			principal:  echoapikey.Principal[benchUser],
		},
		{
			// KeyAuth responds with 400 to a missing key and 401 to a
			// wrong one, through Echo's default HTTPErrorHandler.
			name:       "echo-keyauth",
			middleware: benchKeyAuth,
			wantStatus: [3]int{200, 400, 401},
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

// benchRouter returns an Echo instance that serves the benchmark's route
// with handler behind the implementation's middleware.
func benchRouter(b *testing.B, impl benchImpl, source core.Source, handler echo.HandlerFunc) *echo.Echo {
	e := echo.New()
	if impl.middleware == nil {
		e.GET("/items", handler)
	} else {
		e.GET("/items", handler, impl.middleware(b, source))
	}
	return e
}

// benchRoute checks the route once with a handler that reads the
// principal, then measures ServeHTTP with one reused request and writer.
func benchRoute(b *testing.B, impl benchImpl, c benchCase) {
	want := impl.wantStatus[c.outcome]
	r := c.request()
	w := &benchWriter{header: make(http.Header)}

	if c.outcome == benchAccepted && impl.principal != nil {
		var got benchUser
		probe := benchRouter(b, impl, c.source, func(c echo.Context) error {
			got, _ = impl.principal(c)
			return benchHandler(c)
		})
		probe.ServeHTTP(w, r)
		if got != benchAlice {
			b.Fatalf("principal = %+v, want %+v", got, benchAlice)
		}
	}

	e := benchRouter(b, impl, c.source, benchHandler)
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		e.ServeHTTP(w, r)
		if w.status != want {
			b.Fatalf("status = %d, want %d", w.status, want)
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

func benchLibrary(validator func(*testing.B) core.Validator[benchUser]) func(*testing.B, core.Source) echo.MiddlewareFunc {
	return func(b *testing.B, source core.Source) echo.MiddlewareFunc {
		auth, err := core.New([]*core.Scheme{benchScheme(b, source)}, validator(b))
		if err != nil {
			b.Fatal(err)
		}
		mw, err := echoapikey.New(auth)
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

// benchKeyAuth configures Echo's KeyAuth for source with a validator that
// compares in constant time and stores the principal, as the floor does.
func benchKeyAuth(_ *testing.B, source core.Source) echo.MiddlewareFunc {
	lookup := map[core.Source]string{
		core.SourceHeader: "header:" + benchHeader,
		core.SourceQuery:  "query:" + benchQuery,
		core.SourceCookie: "cookie:" + benchCookie,
	}[source]
	want := []byte(benchKey)

	return middleware.KeyAuthWithConfig(middleware.KeyAuthConfig{
		KeyLookup: lookup,
		Validator: func(key string, c echo.Context) (bool, error) {
			if subtle.ConstantTimeCompare([]byte(key), want) != 1 {
				return false, nil
			}
			c.Set(benchPrincipalKey, benchAlice)
			return true, nil
		},
	})
}

// benchFloor is the hand-written middleware that the library is measured
// against: read the value with Echo's usual call, compare it in constant
// time and store the principal with c.Set.
func benchFloor(_ *testing.B, source core.Source) echo.MiddlewareFunc {
	read := map[core.Source]func(c echo.Context) string{
		core.SourceHeader: func(c echo.Context) string { return c.Request().Header.Get(benchHeader) },
		core.SourceQuery:  func(c echo.Context) string { return c.QueryParam(benchQuery) },
		core.SourceCookie: func(c echo.Context) string {
			cookie, err := c.Cookie(benchCookie)
			if err != nil {
				return ""
			}
			return cookie.Value
		},
	}[source]
	want := []byte(benchKey)

	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := read(c)
			if key == "" {
				return c.NoContent(http.StatusUnauthorized)
			}
			if subtle.ConstantTimeCompare([]byte(key), want) != 1 {
				return c.NoContent(http.StatusForbidden)
			}
			c.Set(benchPrincipalKey, benchAlice)
			return next(c)
		}
	}
}

// benchWriter is a ResponseWriter that keeps the status and discards the
// body. reset empties its header map but keeps the map's storage.
type benchWriter struct {
	header http.Header
	status int
}

func (w *benchWriter) Header() http.Header { return w.header }

func (w *benchWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *benchWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}

func (w *benchWriter) reset() {
	clear(w.header)
	w.status = 0
}
