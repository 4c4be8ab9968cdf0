package core

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
)

// BenchmarkExtract measures extraction alone for each source, on requests
// parsed by net/http.
func BenchmarkExtract(b *testing.B) {
	mustScheme := schemeBuilder(b)
	header := httptest.NewRequest("GET", "/", nil)
	header.Header.Set("X-API-Key", "secret-token-123")
	bearer := httptest.NewRequest("GET", "/", nil)
	bearer.Header.Set("Authorization", "Bearer secret-token-123")
	cookie := httptest.NewRequest("GET", "/", nil)
	cookie.Header.Set("Cookie", "theme=dark; session_id=secret-token-123")

	cases := []struct {
		name   string
		scheme *Scheme
		req    Request
	}{
		{"header", mustScheme(Header("X-API-Key")), FromHTTP(header)},
		{"bearer", mustScheme(Authorization("Bearer")), FromHTTP(bearer)},
		{"query", mustScheme(Query("api_key")), FromHTTP(httptest.NewRequest("GET", "/?page=2&api_key=secret-token-123", nil))},
		{"query-escaped", mustScheme(Query("api_key")), FromHTTP(httptest.NewRequest("GET", "/?api_key=secret%2Btoken+123", nil))},
		{"cookie", mustScheme(Cookie("session_id")), FromHTTP(cookie)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, found, err := c.scheme.Extract(c.req); !found || err != nil {
					b.Fatalf("Extract: found %v, error %v", found, err)
				}
			}
		})
	}
}

// BenchmarkAuthenticateFixedKeys measures extraction plus validation with
// the fixed-key validator holding 1, 10 and 1,000 keys, on the success path
// and on the rejection paths.
func BenchmarkAuthenticateFixedKeys(b *testing.B) {
	header := schemeBuilder(b)(Header("X-API-Key"))
	for _, n := range []int{1, 10, 1000} {
		keys := make(map[string]user, n)
		for i := range n {
			keys[fmt.Sprintf("secret-token-%03d", i)] = user{Name: fmt.Sprint(i)}
		}
		v, err := FixedKeys(keys)
		if err != nil {
			b.Fatal(err)
		}
		a, err := New([]*Scheme{header}, v)
		if err != nil {
			b.Fatal(err)
		}

		for _, c := range []struct {
			name string
			key  string
			ok   bool
		}{
			{"valid", "secret-token-000", true},
			{"wrong", "secret-token-xyz", false},
			{"missing", "", false},
		} {
			r := httptest.NewRequest("GET", "/", nil)
			if c.key != "" {
				r.Header.Set("X-API-Key", c.key)
			}
			req := FromHTTP(r)
			ctx := context.Background()

			b.Run(fmt.Sprintf("keys=%d/%s", n, c.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_, err := a.Authenticate(ctx, req)
					if (err == nil) != c.ok {
						b.Fatalf("Authenticate: %v", err)
					}
					if err != nil {
						_ = a.Render(err)
					}
				}
			})
		}
	}
}
