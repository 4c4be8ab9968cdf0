package ginapikey_test

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/go-apikey/apikey/adapters/ginapikey"
	"github.com/go-apikey/apikey/core"
)

// The benchmarks in this file compare the cost of one request through a
// route with no authentication (impl=bare), through this library
// (impl=apikey with core.FixedKeys, impl=apikey-compare with the floor's
// single constant-time compare as its validator), and through a minimal
// hand-written middleware (impl=floor). Gin has no key-auth middleware of
// its own. Each sub-benchmark is named impl=NAME/case=NAME so that
// benchstat can put the implementations side by side.

const (
	benchKey      = "bench-key-0123456789abcdef"
	benchWrongKey = "bench-key-fedcba9876543210"
	benchHeader   = "X-API-Key"
	benchQuery    = "api_key"
	benchCookie   = "session_id"

	// benchPrincipalKey is where the floor stores the principal with c.Set.
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
	middleware func(b *testing.B, source core.Source) gin.HandlerFunc
	wantStatus [3]int
	principal  func(c *gin.Context) (benchUser, bool)
}

var benchOK = []byte("ok")

// benchHandler is the route's handler in every implementation.
func benchHandler(c *gin.Context) {
	c.Data(http.StatusOK, "text/plain; charset=utf-8", benchOK)
}

func BenchmarkAuth(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)

	impls := []benchImpl{
		{
			name:       "bare",
			wantStatus: [3]int{200, 200, 200},
		},
		{
			name:       "apikey",
			middleware: benchLibrary(benchFixedKeys),
			wantStatus: [3]int{200, 401, 403},
			principal:  ginapikey.Principal[benchUser],
		},
		{
			name:       "apikey-compare",
			middleware: benchLibrary(benchCompareValidator),
			wantStatus: [3]int{200, 401, 403},
			principal:  ginapikey.Principal[benchUser],
		},
		{
			name:       "floor",
			middleware: benchFloor,
			wantStatus: [3]int{200, 401, 403},
			principal: func(c *gin.Context) (benchUser, bool) {
				v, _ := c.Get(benchPrincipalKey)
				u, ok := v.(benchUser)
				return u, ok
			},
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

// benchRouter returns a Gin engine that serves the benchmark's route with
// handler behind the implementation's middleware.
func benchRouter(b *testing.B, impl benchImpl, source core.Source, handler gin.HandlerFunc) *gin.Engine {
	router := gin.New()
	if impl.middleware == nil {
		router.GET("/items", handler)
	} else {
		router.GET("/items", impl.middleware(b, source), handler)
	}
	return router
}

// benchRoute checks the route once with a handler that reads the
// principal, then measures ServeHTTP with one reused request and writer.
func benchRoute(b *testing.B, impl benchImpl, c benchCase) {
	want := impl.wantStatus[c.outcome]
	r := c.request()
	w := &benchWriter{header: make(http.Header)}

	if c.outcome == benchAccepted && impl.principal != nil {
		var got benchUser
		probe := benchRouter(b, impl, c.source, func(c *gin.Context) {
			got, _ = impl.principal(c)
			benchHandler(c)
		})
		probe.ServeHTTP(w, r)
		if got != benchAlice {
			b.Fatalf("principal = %+v, want %+v", got, benchAlice)
		}
	}

	router := benchRouter(b, impl, c.source, benchHandler)
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		router.ServeHTTP(w, r)
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

func benchLibrary(validator func(*testing.B) core.Validator[benchUser]) func(*testing.B, core.Source) gin.HandlerFunc {
	return func(b *testing.B, source core.Source) gin.HandlerFunc {
		auth, err := core.New([]*core.Scheme{benchScheme(b, source)}, validator(b))
		if err != nil {
			b.Fatal(err)
		}
		mw, err := ginapikey.New(auth)
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

// benchFloor is the hand-written middleware that the library is measured
// against: read the value with Gin's usual call, compare it in constant
// time and store the principal with c.Set.
func benchFloor(_ *testing.B, source core.Source) gin.HandlerFunc {
	read := map[core.Source]func(c *gin.Context) string{
		core.SourceHeader: func(c *gin.Context) string { return c.GetHeader(benchHeader) },
		core.SourceQuery:  func(c *gin.Context) string { return c.Query(benchQuery) },
		core.SourceCookie: func(c *gin.Context) string {
			v, err := c.Cookie(benchCookie)
			if err != nil {
				return ""
			}
			return v
		},
	}[source]
	want := []byte(benchKey)

	return func(c *gin.Context) {
		key := read(c)
		if key == "" {
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		if subtle.ConstantTimeCompare([]byte(key), want) != 1 {
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
		c.Set(benchPrincipalKey, benchAlice)
		c.Next()
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
