package core

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

type user struct{ Name string }

const (
	goodKey        = "good-key-0123"
	failKey        = "fail-key-4567"
	panicKey       = "panic-key-89ab"
	unavailableKey = "unavailable-key-cdef"
	slowKey        = "slow-key-f00d"
	wrappedBadKey  = "wrapped-bad-key-beef"
)

// testValidator accepts goodKey and turns the other test keys into each
// kind of validator failure. Its errors quote the key on purpose, so tests
// can check that the core removes it.
var testValidator = ValidatorFunc[user](func(ctx context.Context, key string, _ *Scheme) (user, error) {
	switch key {
	case goodKey:
		return user{Name: "alice"}, nil
	case failKey:
		return user{}, fmt.Errorf("lookup of %s: disk on fire", key)
	case panicKey:
		panic("cannot handle " + key)
	case unavailableKey:
		return user{}, fmt.Errorf("store for %s: %w", key, ErrUnavailable)
	case slowKey:
		<-ctx.Done()
		return user{}, ctx.Err()
	case wrappedBadKey:
		return user{}, fmt.Errorf("key %s revoked: %w", key, ErrInvalidKey)
	}
	return user{}, ErrInvalidKey
})

func newTestAuthenticator(t *testing.T, schemes []*Scheme, opts ...Option) *Authenticator[user] {
	t.Helper()
	a, err := New(schemes, Validator[user](testValidator), opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

func TestNewRejectsMisconfiguration(t *testing.T) {
	mustScheme := schemeBuilder(t)
	header := mustScheme(Header("X-API-Key"))
	otherHeaderSameName := mustScheme(Header("X-Other-Key"))
	lowerHeader := mustScheme(Header("x-api-key", WithSchemeName("Other")))
	var nilFunc ValidatorFunc[user]

	tests := []struct {
		name    string
		schemes []*Scheme
		v       Validator[user]
		opts    []Option
		want    string
	}{
		{"no schemes", nil, testValidator, nil, "no schemes"},
		{"nil scheme", []*Scheme{header, nil}, testValidator, nil, "scheme 1 is nil"},
		{"nil validator", []*Scheme{header}, nil, nil, "nil validator"},
		{"nil validator func", []*Scheme{header}, nilFunc, nil, "nil validator"},
		{"same source twice", []*Scheme{header, lowerHeader}, testValidator, nil, "listed twice"},
		{"scheme name clash", []*Scheme{header, otherHeaderSameName}, testValidator, nil, `scheme name "APIKeyHeader"`},
		{"nil option", []*Scheme{header}, testValidator, []Option{nil}, "nil Option"},
		{"nil renderer", []*Scheme{header}, testValidator, []Option{WithRenderer(nil)}, "nil Renderer"},
		{"zero retry-after", []*Scheme{header}, testValidator, []Option{WithRetryAfter(0)}, "invalid Retry-After"},
		{"negative timeout", []*Scheme{header}, testValidator, []Option{WithTimeout(-time.Second)}, "invalid timeout"},
		{"renderer status zero", []*Scheme{header}, testValidator,
			[]Option{WithRenderer(func(*Error) Response { return Response{} })}, "renderer returned status 0"},
		{"renderer panics", []*Scheme{header}, testValidator,
			[]Option{WithRenderer(func(*Error) Response { panic("no") })}, "renderer panicked"},
		{"renderer success status", []*Scheme{header}, testValidator,
			[]Option{WithRenderer(func(*Error) Response { return Response{Status: 200} })}, "renderer returned status 200"},
		{"renderer informational status", []*Scheme{header}, testValidator,
			[]Option{WithRenderer(func(*Error) Response { return Response{Status: 103} })}, "renderer returned status 103"},
		{"zero scheme", []*Scheme{{}}, testValidator, nil, "not built with Header"},
		{"anonymous on rejected without optional", []*Scheme{header}, testValidator,
			[]Option{WithAnonymousOnRejected()}, "no scheme is Optional"},
		{"nil pointer validator", []*Scheme{header}, (*pointerValidator)(nil), nil, "nil validator"},
		{"plain header shadows bearer", []*Scheme{mustScheme(Header("Authorization")), mustScheme(Authorization("Bearer"))},
			testValidator, nil, "list the prefixed scheme first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := New(tt.schemes, tt.v, tt.opts...)
			if err == nil {
				t.Fatalf("New returned %v and no error", a)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

type pointerValidator struct{}

func (*pointerValidator) Validate(context.Context, string, *Scheme) (user, error) {
	return user{}, nil
}

func TestNewAcceptsBearerBeforePlainHeader(t *testing.T) {
	mustScheme := schemeBuilder(t)
	schemes := []*Scheme{mustScheme(Authorization("Bearer")), mustScheme(Header("Authorization", WithSchemeName("RawAuthorization")))}
	if _, err := New(schemes, Validator[user](testValidator)); err != nil {
		t.Errorf("New: %v", err)
	}
}

func TestZeroAuthenticatorNeverPasses(t *testing.T) {
	var a Authenticator[user]
	_, err := a.Authenticate(context.Background(), view{header: headerLines("X-API-Key", goodKey)})
	if !errors.Is(err, ErrVerification) {
		t.Fatalf("error = %v, want ErrVerification", err)
	}
	if got := a.Render(err).Status; got != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", got)
	}
}

func TestSchemeConstructorsRejectBadInput(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"empty header", second(Header(""))},
		{"header with space", second(Header("X API"))},
		{"header with colon", second(Header("X-API-Key:"))},
		{"empty query", second(Query(""))},
		{"query with space", second(Query(" "))},
		{"query with ampersand", second(Query("a&b"))},
		{"query with equals", second(Query("a=b"))},
		{"query with fragment", second(Query("a#b"))},
		{"cookie header", second(Header("Cookie"))},
		{"empty cookie", second(Cookie(""))},
		{"cookie with equals", second(Cookie("a=b"))},
		{"empty prefix", second(Authorization(""))},
		{"prefix with space", second(Authorization("Bearer x"))},
		{"bad scheme name", second(Header("X-API-Key", WithSchemeName("has space")))},
		{"empty scheme name", second(Header("X-API-Key", WithSchemeName("")))},
		{"nil scheme option", second(Query("k", nil))},
		{"unknown duplicates", second(Query("k", WithDuplicates(Duplicates(9))))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("constructor returned no error")
			}
		})
	}
}

func second(_ *Scheme, err error) error { return err }

func TestSchemeDefaults(t *testing.T) {
	mustScheme := schemeBuilder(t)
	tests := []struct {
		scheme     *Scheme
		schemeName string
		challenge  string
		source     Source
	}{
		{mustScheme(Header("X-API-Key")), "APIKeyHeader", "APIKey", SourceHeader},
		{mustScheme(Query("api_key")), "APIKeyQuery", "APIKey", SourceQuery},
		{mustScheme(Cookie("session_id")), "APIKeyCookie", "APIKey", SourceCookie},
		{mustScheme(Authorization("Bearer")), "HTTPBearer", "Bearer", SourceHeader},
		{mustScheme(Authorization("Token")), "APIKeyAuthorization", "Token", SourceHeader},
	}
	for _, tt := range tests {
		t.Run(tt.schemeName, func(t *testing.T) {
			if got := tt.scheme.SchemeName(); got != tt.schemeName {
				t.Errorf("SchemeName() = %q, want %q", got, tt.schemeName)
			}
			if got := tt.scheme.Challenge(); got != tt.challenge {
				t.Errorf("Challenge() = %q, want %q", got, tt.challenge)
			}
			if got := tt.scheme.Source(); got != tt.source {
				t.Errorf("Source() = %v, want %v", got, tt.source)
			}
		})
	}
}

func TestAuthenticateOutcomes(t *testing.T) {
	mustScheme := schemeBuilder(t)
	header := mustScheme(Header("X-API-Key"))
	query := mustScheme(Query("api_key"))
	bearer := mustScheme(Authorization("Bearer"))
	a := newTestAuthenticator(t, []*Scheme{header, query, bearer}, WithTimeout(50*time.Millisecond))

	tests := []struct {
		name       string
		req        view
		status     int
		sentinel   error
		principal  string
		retryAfter string
	}{
		{"good header key", view{header: headerLines("X-API-Key", goodKey)}, 200, nil, "alice", ""},
		{"good query key", view{query: "api_key=" + goodKey}, 200, nil, "alice", ""},
		{"good bearer key", view{header: headerLines("Authorization", "Bearer "+goodKey)}, 200, nil, "alice", ""},
		{"missing everywhere", view{}, 401, ErrMissing, "", ""},
		{"wrong key", view{header: headerLines("X-API-Key", "nope")}, 403, ErrInvalidKey, "", ""},
		{"wrapped invalid key", view{header: headerLines("X-API-Key", wrappedBadKey)}, 403, ErrInvalidKey, "", ""},
		{"wrong first not rescued", view{header: headerLines("X-API-Key", "nope"), query: "api_key=" + goodKey}, 403, ErrInvalidKey, "", ""},
		{"ambiguous first not rescued", view{header: headerLines("X-API-Key", "a", "X-API-Key", "b"), query: "api_key=" + goodKey}, 400, ErrAmbiguous, "", ""},
		{"validator error", view{header: headerLines("X-API-Key", failKey)}, 500, ErrVerification, "", ""},
		{"validator panic", view{header: headerLines("X-API-Key", panicKey)}, 500, ErrVerification, "", ""},
		{"store unavailable", view{header: headerLines("X-API-Key", unavailableKey)}, 503, ErrUnavailable, "", "5"},
		{"store timeout", view{header: headerLines("X-API-Key", slowKey)}, 503, ErrUnavailable, "", "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := a.Authenticate(context.Background(), tt.req)
			if tt.sentinel == nil {
				if err != nil {
					t.Fatalf("Authenticate: %v", err)
				}
				if res.Principal.Name != tt.principal {
					t.Errorf("principal = %q, want %q", res.Principal.Name, tt.principal)
				}
				return
			}

			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("error = %v, want %v", err, tt.sentinel)
			}
			resp := a.Render(err)
			if resp.Status != tt.status {
				t.Errorf("status = %d, want %d", resp.Status, tt.status)
			}
			if got := resp.Header.Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tt.retryAfter)
			}
			for _, key := range []string{goodKey, failKey, panicKey, unavailableKey, slowKey, wrappedBadKey, "nope"} {
				if strings.Contains(err.Error(), key) || bytes.Contains(resp.Body, []byte(key)) {
					t.Errorf("key %q leaked: error %q, body %s", key, err, resp.Body)
				}
			}
		})
	}
}

func TestAuthenticateOptional(t *testing.T) {
	optional := schemeBuilder(t)(Header("X-API-Key", Optional()))
	strict := newTestAuthenticator(t, []*Scheme{optional})
	lenient := newTestAuthenticator(t, []*Scheme{optional}, WithAnonymousOnRejected())

	res, err := strict.Authenticate(context.Background(), view{})
	if err != nil || !res.Anonymous() {
		t.Errorf("no key: result %+v, error %v, want anonymous", res, err)
	}
	if _, err := strict.Authenticate(context.Background(), view{header: headerLines("X-API-Key", "nope")}); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("wrong key: error %v, want ErrInvalidKey", err)
	}
	res, err = lenient.Authenticate(context.Background(), view{header: headerLines("X-API-Key", "nope")})
	if err != nil || !res.Anonymous() {
		t.Errorf("wrong key under WithAnonymousOnRejected: result %+v, error %v, want anonymous", res, err)
	}
	res, err = lenient.Authenticate(context.Background(), view{header: headerLines("X-API-Key", goodKey)})
	if err != nil || res.Principal.Name != "alice" {
		t.Errorf("good key: result %+v, error %v, want alice", res, err)
	}
}

func TestMissingChallengesOncePerScheme(t *testing.T) {
	mustScheme := schemeBuilder(t)
	tests := []struct {
		name    string
		schemes []*Scheme
		want    []string
	}{
		{"header query cookie", []*Scheme{mustScheme(Header("X-API-Key")), mustScheme(Query("api_key")), mustScheme(Cookie("session_id"))}, []string{"APIKey"}},
		{"header then bearer", []*Scheme{mustScheme(Header("X-API-Key")), mustScheme(Authorization("Bearer"))}, []string{"APIKey", "Bearer"}},
		{"bearer then header", []*Scheme{mustScheme(Authorization("Bearer")), mustScheme(Header("X-API-Key"))}, []string{"Bearer", "APIKey"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newTestAuthenticator(t, tt.schemes)
			_, err := a.Authenticate(context.Background(), view{})
			got := a.Render(err).Header.Values("WWW-Authenticate")
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("challenges = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLogsNeverContainKey(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a := newTestAuthenticator(t, []*Scheme{schemeBuilder(t)(Header("X-API-Key"))}, WithLogger(logger))

	for _, key := range []string{failKey, panicKey, unavailableKey, "wrong-key-1234", wrappedBadKey} {
		_, err := a.Authenticate(context.Background(), view{header: headerLines("X-API-Key", key)})
		if err == nil {
			t.Fatalf("key %q accepted", key)
		}
		if strings.Contains(buf.String(), key) {
			t.Errorf("log contains key %q:\n%s", key, buf.String())
		}
	}
	for _, want := range []string{"validator failed", "validator panicked", "key rejected", Fingerprint("wrong-key-1234")} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, buf.String())
		}
	}
}

type retryHint struct{ error }

func (retryHint) RetryAfter() time.Duration { return 90 * time.Second }
func (h retryHint) Unwrap() error           { return h.error }

func TestRetryAfterFromError(t *testing.T) {
	v := ValidatorFunc[user](func(context.Context, string, *Scheme) (user, error) {
		return user{}, retryHint{ErrUnavailable}
	})
	a, err := New([]*Scheme{schemeBuilder(t)(Query("k"))}, Validator[user](v), WithRetryAfter(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Authenticate(context.Background(), view{query: "k=x"})
	if got := a.Render(err).Header.Get("Retry-After"); got != "90" {
		t.Errorf("Retry-After = %q, want 90", got)
	}
}

func TestContextRoundTrip(t *testing.T) {
	scheme := schemeBuilder(t)(Header("X-API-Key"))
	ctx := NewContext(context.Background(), Result[user]{Principal: user{Name: "bob"}, Scheme: scheme})

	p, ok := PrincipalFrom[user](ctx)
	if !ok || p.Name != "bob" {
		t.Errorf("PrincipalFrom = %+v, %v, want bob", p, ok)
	}
	if _, ok := PrincipalFrom[string](ctx); ok {
		t.Error("PrincipalFrom[string] found a principal stored as user")
	}
	if _, ok := PrincipalFrom[user](context.Background()); ok {
		t.Error("PrincipalFrom found a principal in an empty context")
	}
}

func TestRenderFallsBackWhenRendererPanics(t *testing.T) {
	calls := 0
	renderer := func(e *Error) Response {
		calls++
		if e.Status == http.StatusInternalServerError {
			panic("renderer bug")
		}
		return RenderFastAPI(e)
	}
	a := newTestAuthenticator(t, []*Scheme{schemeBuilder(t)(Header("X-API-Key"))}, WithRenderer(renderer))
	_, err := a.Authenticate(context.Background(), view{header: headerLines("X-API-Key", failKey)})

	resp := a.Render(err)
	if resp.Status != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", resp.Status)
	}
	if string(resp.Body) != `{"detail":"Internal Server Error"}` {
		t.Errorf("body = %s", resp.Body)
	}
	if calls == 0 {
		t.Error("custom renderer never called")
	}
}
