package httpapikey_test

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-apikey/apikey/adapters/httpapikey"
	"github.com/go-apikey/apikey/core"
)

// The benchmarks in this file compare the cost of one request through a
// route with no authentication (impl=bare), through this library
// (impl=apikey with core.FixedKeys, impl=apikey-compare with the floor's
// single constant-time compare as its validator), and through a minimal
// hand-written middleware (impl=floor). net/http has no key-auth middleware
// of its own. Each sub-benchmark is named impl=NAME/case=NAME so that
// benchstat can put the implementations side by side.

const (
	benchKey      = "bench-key-0123456789abcdef"
	benchWrongKey = "bench-key-fedcba9876543210"
	benchHeader   = "X-API-Key"
	benchQuery    = "api_key"
	benchCookie   = "session_id"
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

// benchImpl builds the route for one implementation. wantStatus gives the
// response status for each outcome, and principal reads the stored
// principal, so a misconfigured benchmark fails instead of measuring the
// wrong path.
type benchImpl struct {
	name       string
	build      func(b *testing.B, source core.Source, next http.Handler) http.Handler
	wantStatus [3]int
	principal  func(r *http.Request) (benchUser, bool)
}

var benchOK = []byte("ok")

// benchHandler is the route's handler in every implementation.
var benchHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write(benchOK)
})

func BenchmarkAuth(b *testing.B) {
	impls := []benchImpl{
		{
			name: "bare",
			build: func(_ *testing.B, _ core.Source, next http.Handler) http.Handler {
				return next
			},
			wantStatus: [3]int{200, 200, 200},
		},
		{
			name:       "apikey",
			build:      benchLibrary(benchFixedKeys),
			wantStatus: [3]int{200, 401, 403},
			principal:  httpapikey.Principal[benchUser],
		},
		{
			name:       "apikey-compare",
			build:      benchLibrary(benchCompareValidator),
			wantStatus: [3]int{200, 401, 403},
			principal:  httpapikey.Principal[benchUser],
		},
		{
			name:       "floor",
			build:      benchFloor,
			wantStatus: [3]int{200, 401, 403},
			principal: func(r *http.Request) (benchUser, bool) {
				u, ok := r.Context().Value(benchPrincipalKey{}).(benchUser)
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

// benchRoute checks the route once with a handler that reads the
// principal, then measures ServeHTTP with one reused request and writer.
func benchRoute(b *testing.B, impl benchImpl, c benchCase) {
	want := impl.wantStatus[c.outcome]
	r := c.request()
	w := &benchWriter{header: make(http.Header)}

	if c.outcome == benchAccepted && impl.principal != nil {
		var got benchUser
		probe := impl.build(b, c.source, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got, _ = impl.principal(r)
			benchHandler(w, r)
		}))
		probe.ServeHTTP(w, r)
		if got != benchAlice {
			b.Fatalf("principal = %+v, want %+v", got, benchAlice)
		}
	}

	h := impl.build(b, c.source, benchHandler)
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, r)
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

func benchLibrary(validator func(*testing.B) core.Validator[benchUser]) func(*testing.B, core.Source, http.Handler) http.Handler {
	return func(b *testing.B, source core.Source, next http.Handler) http.Handler {
		auth, err := core.New([]*core.Scheme{benchScheme(b, source)}, validator(b))
		if err != nil {
			b.Fatal(err)
		}
		mw, err := httpapikey.New(auth)
		if err != nil {
			b.Fatal(err)
		}
		return mw(next)
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

type benchPrincipalKey struct{}

// benchFloor is the hand-written middleware that the library is measured
// against: read the value with the standard library's usual call, compare
// it in constant time and store the principal in the request's context.
func benchFloor(_ *testing.B, source core.Source, next http.Handler) http.Handler {
	read := map[core.Source]func(r *http.Request) string{
		core.SourceHeader: func(r *http.Request) string { return r.Header.Get(benchHeader) },
		core.SourceQuery:  func(r *http.Request) string { return r.URL.Query().Get(benchQuery) },
		core.SourceCookie: func(r *http.Request) string {
			c, err := r.Cookie(benchCookie)
			if err != nil {
				return ""
			}
			return c.Value
		},
	}[source]
	want := []byte(benchKey)

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := read(r)
		if key == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if subtle.ConstantTimeCompare([]byte(key), want) != 1 {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		ctx := context.WithValue(r.Context(), benchPrincipalKey{}, benchAlice)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
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
