//go:build !race

package core

import (
	"context"
	"net/http/httptest"
	"testing"
)

// The race detector adds allocations of its own, so allocation counts are
// checked only without it. They are counts, not times.
func TestSuccessPathAllocatesNothing(t *testing.T) {
	v, err := FixedKeys(map[string]user{"secret-token-123": {Name: "alice"}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := New([]*Scheme{schemeBuilder(t)(Header("X-API-Key"))}, v)
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-API-Key", "secret-token-123")
	ctx := context.Background()

	allocs := testing.AllocsPerRun(100, func() {
		if _, err := a.Authenticate(ctx, FromHTTP(r)); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Authenticate allocates %v times per request, want 0", allocs)
	}
}
