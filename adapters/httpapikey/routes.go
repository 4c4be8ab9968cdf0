package httpapikey

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-apikey/apikey/core"
)

// Router registers guarded routes on a mux and records each one for the
// OpenAPI document, so the document lists exactly the routes that the
// middleware guards. Build one with [NewRouter]. A Router is not safe for
// concurrent use, which matches how routes are registered at start-up.
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
// in rec for the OpenAPI document.
//
// mux is anything with Handle(pattern string, h http.Handler) that accepts
// http.ServeMux patterns with a method, such as "GET /users/{id}". An
// [http.ServeMux] does, and so must any other router passed here, because
// the pattern is handed to it unchanged.
//
// NewRouter returns an error for a nil mux or rec, and for the errors that
// New returns.
func NewRouter[P any](mux interface{ Handle(string, http.Handler) }, auth *core.Authenticator[P], rec *core.Recorder, opts ...Option) (*Router, error) {
	if mux == nil {
		return nil, errors.New("httpapikey: nil mux passed to NewRouter")
	}
	if rec == nil {
		return nil, errors.New("httpapikey: nil Recorder passed to NewRouter: pass a *core.Recorder that the document is built from")
	}
	guard, err := New(auth, opts...)
	if err != nil {
		return nil, err
	}
	return &Router{mux: mux, guard: guard, schemes: auth.Schemes(), optional: auth.Optional(), rec: rec}, nil
}

// Handle records the route of pattern in the Router's recorder and then
// registers h behind the middleware on the mux. pattern is an
// http.ServeMux pattern that starts with a method, such as
// "GET /users/{id}". Inside a [Router.Group] its path is relative to the
// group's prefix. A ServeMux pattern for GET also matches HEAD, and the
// document lists it under GET only.
//
// Handle returns an error, and registers nothing, for a nil h, a pattern
// without a method or with an invalid path, and a route that the recorder
// rejects: one already recorded with other schemes, or a scheme whose
// scheme name another scheme already uses. A pattern that the mux rejects
// by panicking, such as one that conflicts with a registered pattern, is
// returned as an error too. The route then stays in the document, so treat
// any error as fatal at start-up.
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

	if err := r.rec.RecordRoute(core.SyntaxServeMux, "", full, r.schemes, r.optional); err != nil {
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
// path, after a host if the pattern has one.
func (r *Router) fullPattern(pattern string) (string, error) {
	space := strings.IndexAny(pattern, " \t")
	if space <= 0 || strings.Contains(pattern[:space], "/") {
		return "", fmt.Errorf("httpapikey: route pattern %q has no method: write it as \"GET /path\"", pattern)
	}
	method, rest := pattern[:space], strings.TrimLeft(pattern[space:], " \t")
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		return "", fmt.Errorf("httpapikey: invalid route pattern %q: want a path that starts with '/'", pattern)
	}
	host, path := rest[:slash], rest[slash:]
	return method + " " + host + r.prefix + path, nil
}

// MountDocs registers the document and the docs page of docs on mux, for
// GET and HEAD at docs.DocumentPath() and docs.PagePath(). When guard,
// such as middleware from [New], is not nil, both are served behind it.
// With [core.LoadFromURL] the page cannot load a guarded document, so pick
// another [core.DocumentLoading] then.
//
// MountDocs returns an error for a nil mux or docs, a guard that returns a
// nil handler, and a path that the mux rejects by panicking, such as one
// already registered.
func MountDocs(mux interface{ Handle(string, http.Handler) }, docs *core.Docs, guard func(http.Handler) http.Handler) error {
	if mux == nil {
		return errors.New("httpapikey: nil mux passed to MountDocs")
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
