package httpapikey_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-apikey/apikey/adapters/httpapikey"
	"github.com/go-apikey/apikey/conformance"
	"github.com/go-apikey/apikey/core"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Adapter{
		Name:            "nethttp",
		Serve:           serve,
		ServeDocumented: serveDocumented,
		FrameworkErrors: true,
	})
}

// serve is the conformance harness: it starts a plain http.Server on ln
// and shuts it down when the test ends.
func serve(t *testing.T, ln net.Listener, f conformance.Fixture) {
	t.Helper()

	opts := []httpapikey.Option{httpapikey.WithSkipper(func(r *http.Request) bool {
		return r.URL.Path == conformance.SkippedPath
	})}
	if f.FrameworkErrors {
		opts = append(opts, httpapikey.WithErrorHandler(plainTextError))
	}
	requireKey, err := httpapikey.New(f.Auth, opts...)
	if err != nil {
		t.Fatalf("httpapikey.New: %v", err)
	}

	mux := http.NewServeMux()
	mux.Handle("GET "+conformance.ProtectedPath, requireKey(principalHandler))
	mux.Handle("GET "+conformance.SkippedPath, requireKey(principalHandler))
	startServer(t, ln, mux)
}

// principalHandler writes the conformance handler body.
var principalHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	p, ok := httpapikey.Principal[conformance.Principal](r)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(conformance.HandlerBody(p, ok, r.Context()))
})

// serveDocumented is the conformance harness for the OpenAPI cases: it
// registers f's routes through a Router on an http.ServeMux, mounts the
// document and the docs page with MountDocs, and starts a plain
// http.Server on ln.
func serveDocumented(t *testing.T, ln net.Listener, f conformance.DocFixture) error {
	t.Helper()

	var rec core.Recorder
	mux := http.NewServeMux()
	for _, route := range f.Routes {
		if route.Auth == nil {
			mux.Handle(route.Method+" "+route.Group+route.Path, principalHandler)
			continue
		}
		router, err := httpapikey.NewRouter(mux, route.Auth, &rec)
		if err != nil {
			return err
		}
		if route.Group != "" {
			router = router.Group(route.Group)
		}
		if err := router.Handle(route.Method+" "+route.Path, principalHandler); err != nil {
			return err
		}
	}

	docs, err := core.NewDocs(f.OpenAPI.BuildFrom(&rec))
	if err != nil {
		return err
	}
	if err := httpapikey.MountDocs(mux, docs, nil); err != nil {
		return err
	}
	startServer(t, ln, mux)
	return nil
}

// startServer serves h on ln with a plain http.Server and shuts it down
// when the test ends.
func startServer(t *testing.T, ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shut down server: %v", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("server stopped with %v, want http.ErrServerClosed", err)
		}
	})
}

// plainTextError is the error handler that the harness installs when a
// fixture sets FrameworkErrors. net/http has no error handler of its own,
// so this one responds as http.Error does, keeping the challenge,
// Cache-Control and Retry-After of the rendered response.
func plainTextError(w http.ResponseWriter, _ *http.Request, _ error, resp core.Response) {
	for _, name := range []string{"WWW-Authenticate", "Cache-Control", "Retry-After"} {
		for _, v := range resp.Header.Values(name) {
			w.Header().Add(name, v)
		}
	}
	http.Error(w, http.StatusText(resp.Status), resp.Status)
}

// newAuth returns an authenticator that accepts the key "good" in X-API-Key.
func newAuth(t *testing.T, schemeOpts ...core.SchemeOption) *core.Authenticator[conformance.Principal] {
	t.Helper()

	scheme, err := core.Header("X-API-Key", schemeOpts...)
	if err != nil {
		t.Fatalf("core.Header: %v", err)
	}
	keys, err := core.FixedKeys(map[string]conformance.Principal{"good": {Name: "alice"}})
	if err != nil {
		t.Fatalf("core.FixedKeys: %v", err)
	}
	auth, err := core.New([]*core.Scheme{scheme}, keys)
	if err != nil {
		t.Fatalf("core.New: %v", err)
	}
	return auth
}

func TestNewRejectsMisconfiguration(t *testing.T) {
	auth := newAuth(t)
	tests := []struct {
		name    string
		auth    *core.Authenticator[conformance.Principal]
		opts    []httpapikey.Option
		wantErr string
	}{
		{"nil authenticator", nil, nil, "nil Authenticator"},
		{"zero authenticator", &core.Authenticator[conformance.Principal]{}, nil, "no schemes"},
		{"nil option", auth, []httpapikey.Option{nil}, "option 0 is nil"},
		{"nil skipper", auth, []httpapikey.Option{httpapikey.WithSkipper(nil)}, "nil skipper"},
		{"nil error handler", auth, []httpapikey.Option{httpapikey.WithErrorHandler(nil)}, "nil handler"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mw, err := httpapikey.New(tt.auth, tt.opts...)
			if err == nil {
				t.Fatal("New returned no error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New error = %q, want it to contain %q", err, tt.wantErr)
			}
			if mw != nil {
				t.Error("New returned middleware together with an error")
			}
		})
	}
}

func TestNilNextHandlerPanics(t *testing.T) {
	mw, err := httpapikey.New(newAuth(t))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("wrapping a nil handler did not panic")
		}
	}()
	mw(nil)
}

func TestErrorHandlerGetsRenderedResponse(t *testing.T) {
	auth := newAuth(t)
	var (
		gotErr  error
		gotResp core.Response
	)
	mw, err := httpapikey.New(auth, httpapikey.WithErrorHandler(
		func(w http.ResponseWriter, _ *http.Request, err error, resp core.Response) {
			gotErr, gotResp = err, resp
			w.WriteHeader(http.StatusTeapot)
		}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("next handler ran for a request without a key")
	})

	rec := httptest.NewRecorder()
	mw(next).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))

	if rec.Code != http.StatusTeapot {
		t.Errorf("status = %d, want the error handler's %d", rec.Code, http.StatusTeapot)
	}
	if !errors.Is(gotErr, core.ErrMissing) {
		t.Errorf("error handler got %v, want core.ErrMissing", gotErr)
	}
	if want := auth.Render(gotErr); !reflect.DeepEqual(gotResp, want) {
		t.Errorf("error handler got response %+v, want the rendered %+v", gotResp, want)
	}
}

func TestErrorReplacesEarlierHeaders(t *testing.T) {
	mw, err := httpapikey.New(newAuth(t))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("next handler ran for a request without a key")
	})

	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "text/html")
	rec.Header().Set("Cache-Control", "public")
	rec.Header().Set("X-Request-Id", "r-1")
	mw(next).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))

	for name, want := range map[string][]string{
		"Content-Type":     {"application/json"},
		"Cache-Control":    {"no-store"},
		"WWW-Authenticate": {"APIKey"},
		"X-Request-Id":     {"r-1"},
	} {
		if got := rec.Header().Values(name); !slices.Equal(got, want) {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got, want := rec.Body.String(), `{"detail":"Not authenticated"}`; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}

func TestResultCarriesScheme(t *testing.T) {
	auth := newAuth(t)
	mw, err := httpapikey.New(auth)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	var (
		res core.Result[conformance.Principal]
		ok  bool
	)
	next := http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		res, ok = httpapikey.Result[conformance.Principal](r)
	})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-API-Key", "good")
	mw(next).ServeHTTP(httptest.NewRecorder(), req)

	if !ok {
		t.Fatal("Result reported no result for a good key")
	}
	if res.Principal.Name != "alice" {
		t.Errorf("Result principal = %q, want %q", res.Principal.Name, "alice")
	}
	if res.Scheme != auth.Schemes()[0] {
		t.Errorf("Result scheme = %v, want the X-API-Key scheme", res.Scheme)
	}
}

func TestAccessorsWithoutMiddleware(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	if _, ok := httpapikey.Principal[conformance.Principal](req); ok {
		t.Error("Principal reported a principal for a request that no middleware saw")
	}
	if _, ok := httpapikey.Result[conformance.Principal](req); ok {
		t.Error("Result reported a result for a request that no middleware saw")
	}
}
