package core_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/go-apikey/apikey/core"
)

func TestRecordNewRouteRejectsKnownRoute(t *testing.T) {
	s := newOpenAPISchemes(t)
	tests := []struct {
		name    string
		pattern string
		schemes []*core.Scheme
	}{
		{"same schemes", "/items/:id", []*core.Scheme{s.header}},
		{"other schemes", "/items/:id", []*core.Scheme{s.query}},
		{"other parameter name", "/items/:itemID", []*core.Scheme{s.header}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r core.Recorder
			if err := r.RecordNewRoute(core.SyntaxGin, "GET", "/items/:id", []*core.Scheme{s.header}, false); err != nil {
				t.Fatal(err)
			}

			err := r.RecordNewRoute(core.SyntaxGin, "GET", tt.pattern, tt.schemes, false)

			if !errors.Is(err, core.ErrRouteRecorded) {
				t.Fatalf("error = %v, want ErrRouteRecorded", err)
			}
			if !strings.Contains(err.Error(), "GET /items/{id}") {
				t.Errorf("error %q does not name the recorded route", err)
			}
			if n := len(r.Operations()); n != 1 {
				t.Errorf("%d operations recorded, want 1", n)
			}
		})
	}
}

func TestRecordNewRouteOtherMethod(t *testing.T) {
	s := newOpenAPISchemes(t)
	var r core.Recorder
	if err := r.RecordNewRoute(core.SyntaxEcho, "GET", "/items", []*core.Scheme{s.header}, false); err != nil {
		t.Fatal(err)
	}
	if err := r.RecordNewRoute(core.SyntaxEcho, "POST", "/items", []*core.Scheme{s.header}, false); err != nil {
		t.Errorf("POST beside GET: %v", err)
	}
}

func TestRecordNewRouteAllPathsOrNone(t *testing.T) {
	s := newOpenAPISchemes(t)
	var r core.Recorder
	if err := r.RecordNewRoute(core.SyntaxFiber, "GET", "/users", []*core.Scheme{s.header}, false); err != nil {
		t.Fatal(err)
	}

	// /users/:id? is /users/{id} and /users, and /users is taken.
	err := r.RecordNewRoute(core.SyntaxFiber, "GET", "/users/:id?", []*core.Scheme{s.header}, false)

	if !errors.Is(err, core.ErrRouteRecorded) {
		t.Fatalf("error = %v, want ErrRouteRecorded", err)
	}
	if n := len(r.Operations()); n != 1 {
		t.Errorf("%d operations recorded, want 1: /users/{id} was recorded although /users failed", n)
	}
}

func TestRecordNewRouteSchemeNameClash(t *testing.T) {
	s := newOpenAPISchemes(t)
	other, err := core.Header("X-Other-Key")
	if err != nil {
		t.Fatal(err)
	}
	var r core.Recorder
	if err := r.RecordNewRoute(core.SyntaxGin, "GET", "/a", []*core.Scheme{s.header}, false); err != nil {
		t.Fatal(err)
	}

	err = r.RecordNewRoute(core.SyntaxGin, "GET", "/b", []*core.Scheme{other}, false)

	if err == nil || !strings.Contains(err.Error(), `"APIKeyHeader"`) {
		t.Errorf("error = %v, want the scheme name clash", err)
	}
}

func TestRecordNewRouteConcurrentOnce(t *testing.T) {
	s := newOpenAPISchemes(t)
	var r core.Recorder
	const callers = 16

	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Go(func() {
			errs <- r.RecordNewRoute(core.SyntaxGin, "GET", "/items", []*core.Scheme{s.header}, false)
		})
	}
	wg.Wait()
	close(errs)

	succeeded := 0
	for err := range errs {
		switch {
		case err == nil:
			succeeded++
		case !errors.Is(err, core.ErrRouteRecorded):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if succeeded != 1 {
		t.Errorf("%d of %d concurrent callers recorded the route, want 1", succeeded, callers)
	}
}
