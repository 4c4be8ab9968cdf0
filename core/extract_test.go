package core

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// view is a Request built from literal header lines and a raw query, so a
// test controls exactly what the core receives.
type view struct {
	header http.Header
	query  string
}

func (v view) HeaderValues(name string) []string { return v.header.Values(name) }
func (v view) RawQuery() string                  { return v.query }

func headerLines(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// schemeBuilder returns a function that unwraps a scheme constructor's
// result and fails t on an error.
func schemeBuilder(t testing.TB) func(*Scheme, error) *Scheme {
	return func(s *Scheme, err error) *Scheme {
		t.Helper()
		if err != nil {
			t.Fatalf("build scheme: %v", err)
		}
		return s
	}
}

func TestExtract(t *testing.T) {
	mustScheme := schemeBuilder(t)
	header := mustScheme(Header("X-API-Key"))
	query := mustScheme(Query("api_key"))
	cookie := mustScheme(Cookie("session_id"))
	bearer := mustScheme(Authorization("Bearer"))
	first := mustScheme(Header("X-API-Key", WithDuplicates(DuplicatesFirst)))
	last := mustScheme(Query("api_key", WithDuplicates(DuplicatesLast)))

	tests := []struct {
		name   string
		scheme *Scheme
		req    view
		key    string
		found  bool
		err    error
	}{
		{"header present", header, view{header: headerLines("X-API-Key", "k1")}, "k1", true, nil},
		{"header lower-case name", header, view{header: headerLines("x-api-key", "k1")}, "k1", true, nil},
		{"header missing", header, view{}, "", false, nil},
		{"header empty", header, view{header: headerLines("X-API-Key", "")}, "", false, nil},
		{"header value unchanged", header, view{header: headerLines("X-API-Key", "a, b=c")}, "a, b=c", true, nil},
		{"header repeats agree", header, view{header: headerLines("X-API-Key", "k", "X-API-Key", "k")}, "k", true, nil},
		{"header repeats differ", header, view{header: headerLines("X-API-Key", "k", "X-API-Key", "j")}, "", false, ErrAmbiguous},
		{"header empty beside value", header, view{header: headerLines("X-API-Key", "", "X-API-Key", "k")}, "k", true, nil},
		{"header first wins", first, view{header: headerLines("X-API-Key", "k", "X-API-Key", "j")}, "k", true, nil},
		{"query present", query, view{query: "api_key=k1"}, "k1", true, nil},
		{"query plus is space", query, view{query: "api_key=a+b"}, "a b", true, nil},
		{"query escaped plus", query, view{query: "api_key=a%2Bb"}, "a+b", true, nil},
		{"query single space", query, view{query: "api_key=%20"}, " ", true, nil},
		{"query empty", query, view{query: "api_key="}, "", false, nil},
		{"query without value", query, view{query: "api_key"}, "", false, nil},
		{"query name case", query, view{query: "API_KEY=k"}, "", false, nil},
		{"query escaped name", query, view{query: "api%5Fkey=k"}, "k", true, nil},
		{"query malformed escape", query, view{query: "api_key=%zz"}, "", false, ErrMalformed},
		{"query other malformed", query, view{query: "x=%zz&api_key=k"}, "k", true, nil},
		{"query semicolon kept", query, view{query: "api_key=a;b"}, "a;b", true, nil},
		{"query repeats differ", query, view{query: "api_key=a&api_key=b"}, "", false, ErrAmbiguous},
		{"query repeats agree", query, view{query: "api_key=a&api_key=a"}, "a", true, nil},
		{"query last wins", last, view{query: "api_key=a&api_key=b"}, "b", true, nil},
		{"cookie present", cookie, view{header: headerLines("Cookie", "a=1; session_id=s1")}, "s1", true, nil},
		{"cookie quoted", cookie, view{header: headerLines("Cookie", `session_id="s1"`)}, "s1", true, nil},
		{"cookie two lines", cookie, view{header: headerLines("Cookie", "a=1", "Cookie", "session_id=s1")}, "s1", true, nil},
		{"cookie empty", cookie, view{header: headerLines("Cookie", "session_id=")}, "", false, nil},
		{"cookie name case", cookie, view{header: headerLines("Cookie", "Session_ID=s1")}, "", false, nil},
		{"cookie repeats differ", cookie, view{header: headerLines("Cookie", "session_id=a; session_id=b")}, "", false, ErrAmbiguous},
		{"cookie repeats agree", cookie, view{header: headerLines("Cookie", "session_id=a", "Cookie", "session_id=a")}, "a", true, nil},
		{"cookie invalid value", cookie, view{header: headerLines("Cookie", `session_id="a`)}, "", false, ErrMalformed},
		{"bearer", bearer, view{header: headerLines("Authorization", "Bearer k")}, "k", true, nil},
		{"bearer lower-case", bearer, view{header: headerLines("Authorization", "bearer k")}, "k", true, nil},
		{"bearer upper-case", bearer, view{header: headerLines("Authorization", "BEARER k")}, "k", true, nil},
		{"bearer two spaces", bearer, view{header: headerLines("Authorization", "Bearer  k")}, "k", true, nil},
		{"bearer not token68", bearer, view{header: headerLines("Authorization", "Bearer a b/c")}, "a b/c", true, nil},
		{"bearer no space", bearer, view{header: headerLines("Authorization", "BearerXk")}, "", false, nil},
		{"bearer other prefix", bearer, view{header: headerLines("Authorization", "Basic k")}, "", false, nil},
		{"bearer empty rest", bearer, view{header: headerLines("Authorization", "Bearer ")}, "", false, nil},
		{"bearer prefix only", bearer, view{header: headerLines("Authorization", "Bearer")}, "", false, nil},
		{"bearer beside basic", bearer, view{header: headerLines("Authorization", "Basic x", "Authorization", "Bearer k")}, "k", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, found, err := tt.scheme.Extract(tt.req)
			if !errors.Is(err, tt.err) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if key != tt.key {
				t.Errorf("key = %q, want %q", key, tt.key)
			}
			if found != tt.found {
				t.Errorf("found = %v, want %v", found, tt.found)
			}
		})
	}
}

func TestExtractErrorNamesSourceNotValue(t *testing.T) {
	query := schemeBuilder(t)(Query("api_key"))
	_, _, err := query.Extract(view{query: "api_key=secret-one&api_key=secret%zz"})

	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want *Error", err)
	}
	if e.Status != http.StatusBadRequest {
		t.Errorf("status = %d, want 400", e.Status)
	}
	if !strings.Contains(e.Message, "query parameter api_key") {
		t.Errorf("message %q does not name the source", e.Message)
	}
	if strings.Contains(e.Error(), "secret") {
		t.Errorf("error %q contains the key", e.Error())
	}
}

func FuzzExtractQuery(f *testing.F) {
	for _, seed := range []string{"api_key=k", "api_key=%zz", "a=1&api_key=b+c", "api%5Fkey=%41", "&&=&api_key"} {
		f.Add(seed)
	}
	query, err := Query("api_key")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		key, found, err := query.Extract(view{query: raw})
		if found && key == "" {
			t.Fatalf("found an empty key in %q", raw)
		}
		if err != nil && found {
			t.Fatalf("error %v together with a key", err)
		}
	})
}

func FuzzExtractCookie(f *testing.F) {
	for _, seed := range []string{"session_id=s", `session_id="s"`, "a=b; session_id=s; c", "session_id=\"", ";;"} {
		f.Add(seed)
	}
	cookie, err := Cookie("session_id")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		key, found, err := cookie.Extract(view{header: http.Header{"Cookie": {line}}})
		if found && key == "" {
			t.Fatalf("found an empty key in %q", line)
		}
		if err != nil && strings.Contains(err.Error(), line) && line != "" {
			t.Fatalf("error %q repeats the cookie line", err)
		}
	})
}
