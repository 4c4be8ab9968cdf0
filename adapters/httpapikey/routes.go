package httpapikey

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/go-apikey/apikey/core"
)

// Router registers guarded routes on a mux and records each one for the
// OpenAPI document, so the document lists exactly the routes that the
// middleware guards. Build one with [NewRouter]. A Router is not safe for
// concurrent use, which matches how routes are registered at start-up.
//
// A route's handler runs after the middleware. [Router.Group] takes no
// middleware of its own, so wrap the handler to add some, and it then runs
// after the middleware too.
type Router struct {
	mux      interface{ Handle(string, http.Handler) }
	guard    func(http.Handler) http.Handler
	schemes  []*core.Scheme
	optional bool
	rec      *core.Recorder
	prefix   string
	// err is the invalid argument of the Group call that built this
	// Router, returned by every Handle.
	err error
}

// NewRouter returns a Router that registers routes on mux behind the
// middleware that [New] builds from auth and opts, and records each route
// in rec for the OpenAPI document. Only what mux itself runs before a
// route's handler runs before the middleware, and an http.ServeMux runs
// nothing.
//
// mux is anything with Handle(pattern string, h http.Handler) that accepts
// http.ServeMux patterns with a method, such as "GET /users/{id}". An
// [http.ServeMux] does, and so must any other router passed here, because
// the pattern is handed to it unchanged.
//
// NewRouter returns an error for a nil mux or rec, and for the errors that
// New returns. It also returns an error when opts include [WithSkipper],
// because a Router documents every route as guarded. Register a route
// that needs no key on the mux instead.
func NewRouter[P any](mux interface{ Handle(string, http.Handler) }, auth *core.Authenticator[P], rec *core.Recorder, opts ...Option) (*Router, error) {
	if isNil(mux) {
		return nil, errors.New("httpapikey: nil mux passed to NewRouter: pass an *http.ServeMux")
	}
	if rec == nil {
		return nil, errors.New("httpapikey: nil Recorder passed to NewRouter: pass a *core.Recorder that the document is built from")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if cfg.skip != nil {
		return nil, errors.New("httpapikey: WithSkipper passed to NewRouter: a Router documents every route as guarded, so register routes that need no key on the mux")
	}
	guard, err := New(auth, opts...)
	if err != nil {
		return nil, err
	}
	return &Router{mux: mux, guard: guard, schemes: auth.Schemes(), optional: auth.Optional(), rec: rec}, nil
}

// Handle records the route of pattern in the Router's recorder and then
// registers h behind the middleware on the mux. pattern is an
// http.ServeMux pattern that starts with an upper-case method and has no
// host, such as "GET /users/{id}". Inside a [Router.Group] its path is
// relative to the group's prefix. A ServeMux pattern for GET also matches
// HEAD, and the document lists it under GET only.
//
// Handle returns an error, and registers nothing, for a nil h and a
// pattern without a method or with an invalid path. It does the same for a
// method that is not upper case, because ServeMux matches methods
// case-sensitively and would respond to a GET request for "get /users"
// with 405. A pattern with a host, such as "GET example.com/users", is
// rejected too, because an OpenAPI path cannot name a host. So are a
// method and path already in the recorder, whatever its schemes and
// parameter names, because a route is registered and documented once, and
// a scheme whose scheme name another scheme already uses. A pattern that
// the mux rejects by panicking, such as one that conflicts with a
// registered pattern, is returned as an error. The route then stays in the
// document, so treat any error as fatal at start-up.
func (r *Router) Handle(pattern string, h http.Handler) error {
	if r.err != nil {
		return r.err
	}
	if h == nil {
		return fmt.Errorf("httpapikey: nil handler for %q", pattern)
	}
	full, err := r.fullPattern(pattern)
	if err != nil {
		return err
	}

	if err := r.record(pattern, full); err != nil {
		return err
	}
	return register(r.mux, full, r.guard(h))
}

// HandleFunc is [Router.Handle] for a handler function.
func (r *Router) HandleFunc(pattern string, f func(http.ResponseWriter, *http.Request)) error {
	if f == nil {
		return fmt.Errorf("httpapikey: nil handler function for %q", pattern)
	}
	return r.Handle(pattern, http.HandlerFunc(f))
}

// Group returns a Router with the same mux, middleware and recorder that
// adds prefix, such as /admin, before the path of every pattern it
// registers. A trailing '/' of prefix is dropped. A prefix that does not
// start with '/' makes every Handle on the returned Router return an error.
// Group takes no middleware, so a route's handler is the only code that
// runs after the middleware.
func (r *Router) Group(prefix string) *Router {
	g := *r
	if g.err != nil {
		return &g
	}
	if !strings.HasPrefix(prefix, "/") {
		g.err = fmt.Errorf("httpapikey: invalid group prefix %q: want a path that starts with '/'", prefix)
		return &g
	}
	g.prefix += strings.TrimRight(prefix, "/")
	return &g
}

// fullPattern returns pattern with the Router's prefix inserted before its
// path.
func (r *Router) fullPattern(pattern string) (string, error) {
	space := strings.IndexAny(pattern, " \t")
	if space <= 0 || strings.Contains(pattern[:space], "/") {
		return "", fmt.Errorf("httpapikey: route pattern %q has no method: write it as \"GET /path\"", pattern)
	}
	method, rest := pattern[:space], strings.TrimLeft(pattern[space:], " \t")
	if method != strings.ToUpper(method) {
		return "", fmt.Errorf("httpapikey: invalid method %q in pattern %q: ServeMux matches methods case-sensitively, so write it in upper case", method, pattern)
	}
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		return "", fmt.Errorf("httpapikey: invalid route pattern %q: want a path that starts with '/'", pattern)
	}
	if slash > 0 {
		return "", fmt.Errorf("httpapikey: route pattern %q has a host: an OpenAPI path cannot name a host, so register host patterns on the mux, behind middleware from New", pattern)
	}
	return method + " " + r.prefix + rest, nil
}

// MountDocs registers the document and the docs page of docs on mux, for
// GET and HEAD at docs.DocumentPath() and docs.PagePath(). When guard,
// such as middleware from [New], is not nil, both are served behind it.
// With [core.LoadFromURL] the page cannot load a guarded document, so pick
// another [core.DocumentLoading] then.
//
// MountDocs returns an error for a nil mux or docs, a guard that returns a
// nil handler, and a path that the mux rejects by panicking, such as one
// already registered. So mounting docs twice on one http.ServeMux is an
// error.
func MountDocs(mux interface{ Handle(string, http.Handler) }, docs *core.Docs, guard func(http.Handler) http.Handler) error {
	if isNil(mux) {
		return errors.New("httpapikey: nil mux passed to MountDocs: pass an *http.ServeMux")
	}
	if docs == nil {
		return errors.New("httpapikey: nil Docs passed to MountDocs: build one with core.NewDocs")
	}

	mounts := []struct {
		path    string
		handler http.Handler
	}{
		{docs.DocumentPath(), docs.DocumentHandler()},
		{docs.PagePath(), docs.PageHandler()},
	}
	for _, m := range mounts {
		h := m.handler
		if guard != nil {
			if h = guard(h); h == nil {
				return fmt.Errorf("httpapikey: the guard passed to MountDocs returned a nil handler for %s", m.path)
			}
		}
		// A ServeMux pattern for GET matches HEAD too.
		if err := register(mux, http.MethodGet+" "+m.path, h); err != nil {
			return err
		}
	}
	return nil
}

// isNil reports whether v is nil or holds a nil pointer, map, slice,
// function or channel, on which a method call would panic.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

// register calls mux.Handle and returns a panic from it as an error,
// because http.ServeMux panics on an invalid or conflicting pattern.
func register(mux interface{ Handle(string, http.Handler) }, pattern string, h http.Handler) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("httpapikey: register %q: %v", pattern, v)
		}
	}()
	mux.Handle(pattern, h)
	return nil
}
