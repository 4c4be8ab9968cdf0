package echoapikey

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/go-apikey/apikey/core"
)

// routeAdder is the route registration method that *echo.Echo and
// *echo.Group share, which [NewRouter] and [MountDocs] use.
type routeAdder = interface {
	Add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
}

// Router registers routes on an Echo instance or group behind one
// authenticator's middleware, and records each route in a [core.Recorder]
// for the OpenAPI document. Build one with [NewRouter].
//
// A route's middleware runs in this order: the middleware that the
// *echo.Echo or *echo.Group passed to NewRouter runs for every route (its
// Use middleware), the authenticator, the middleware of each
// [Router.Group] from the outermost, then the route's own. Only the first
// runs before the authenticator.
type Router struct {
	adder        routeAdder
	nativePrefix string // prefix of adder when it is an *echo.Group
	prefix       string // added by Router.Group
	middleware   []echo.MiddlewareFunc
	guard        echo.MiddlewareFunc
	schemes      []*core.Scheme
	optional     bool
	rec          *core.Recorder
}

// NewRouter returns a Router that registers routes on e guarded by the
// middleware that [New] builds from auth and opts, and records them in rec.
// The middleware that e runs for every route, such as its Use middleware,
// runs before the authenticator. Every other middleware runs after it.
//
// The recorded path is the full path that Echo serves, with the prefix of
// e when e is an *echo.Group, converted to OpenAPI's {name} form. For any
// other type of e the prefix is taken to be "", and a registration whose
// [echo.Route] has another path returns an error.
//
// NewRouter returns an error for a nil e or rec, and for whatever New
// returns an error for. It also returns an error when opts include
// [WithSkipper], because a Router documents every route as guarded.
// Register a route that needs no key on the *echo.Echo instead.
func NewRouter[P any](
	e interface {
		Add(string, string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route
	},
	auth *core.Authenticator[P], rec *core.Recorder, opts ...Option) (*Router, error) {
	if isNil(e) {
		return nil, errors.New("echoapikey: nil router passed to NewRouter: pass an *echo.Echo or *echo.Group")
	}
	if rec == nil {
		return nil, errors.New("echoapikey: nil Recorder passed to NewRouter: pass a &core.Recorder{}")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if cfg.skip != nil {
		return nil, errors.New("echoapikey: WithSkipper passed to NewRouter: a Router documents every route as guarded, so register routes that need no key on the *echo.Echo")
	}
	guard, err := New(auth, opts...)
	if err != nil {
		return nil, err
	}
	prefix, err := groupPrefix(e)
	if err != nil {
		return nil, err
	}

	return &Router{
		adder:        e,
		nativePrefix: prefix,
		guard:        guard,
		schemes:      auth.Schemes(),
		optional:     auth.Optional(),
		rec:          rec,
	}, nil
}

// Add records method and path in the Recorder, then registers them on the
// Echo router with h behind the authenticator and m.
//
// Add returns an error, and registers nothing, in these cases: a method
// other than GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH and TRACE in
// upper case, a nil handler or middleware, a path that cannot be converted
// to an OpenAPI path, and a failed record. A record fails for a method and
// path already in the recorder, whatever its schemes and parameter names,
// because Echo would replace the first route with the second. It also
// fails for two different schemes under one scheme name.
//
// Add also returns an error when Echo panics while registering the route,
// and when Echo's route has a path other than the one recorded. In the
// second case the route is served, but the document lists it under the
// wrong path.
func (r *Router) Add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) error {
	if method != strings.ToUpper(method) {
		return fmt.Errorf("echoapikey: invalid method %q for %q: Echo matches methods case-sensitively, so write it in upper case", method, path)
	}
	if h == nil {
		return fmt.Errorf("echoapikey: nil handler for %s %s", method, path)
	}
	chain := make([]echo.MiddlewareFunc, 0, 1+len(r.middleware)+len(m))
	chain = append(chain, r.guard)
	chain = append(chain, r.middleware...)
	chain = append(chain, m...)
	for i, mw := range chain {
		if mw == nil {
			return fmt.Errorf("echoapikey: nil middleware %d for %s %s", i, method, path)
		}
	}

	// Echo's own rule for the path it serves: the group prefix and the
	// path joined, with a leading '/' added.
	full := normalizePath(r.nativePrefix + r.prefix + path)
	if err := r.record(method, path, full); err != nil {
		return err
	}

	route, err := addRoute(r.adder, method, r.prefix+path, h, chain)
	if err != nil {
		return err
	}
	if route == nil || route.Path != full {
		return fmt.Errorf("echoapikey: %s %s was registered at %s, but recorded at %s: pass an *echo.Echo or *echo.Group to NewRouter",
			method, path, routePath(route), full)
	}
	return nil
}

// GET registers a GET route with [Router.Add].
func (r *Router) GET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) error {
	return r.Add(http.MethodGet, path, h, m...)
}

// POST registers a POST route with [Router.Add].
func (r *Router) POST(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) error {
	return r.Add(http.MethodPost, path, h, m...)
}

// PUT registers a PUT route with [Router.Add].
func (r *Router) PUT(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) error {
	return r.Add(http.MethodPut, path, h, m...)
}

// PATCH registers a PATCH route with [Router.Add].
func (r *Router) PATCH(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) error {
	return r.Add(http.MethodPatch, path, h, m...)
}

// DELETE registers a DELETE route with [Router.Add].
func (r *Router) DELETE(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) error {
	return r.Add(http.MethodDelete, path, h, m...)
}

// HEAD registers a HEAD route with [Router.Add].
func (r *Router) HEAD(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) error {
	return r.Add(http.MethodHead, path, h, m...)
}

// OPTIONS registers an OPTIONS route with [Router.Add].
func (r *Router) OPTIONS(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) error {
	return r.Add(http.MethodOptions, path, h, m...)
}

// Group returns a Router that registers its routes under r's prefix
// followed by prefix, behind the same authenticator. On every route of the
// returned Router, m runs after the authenticator and after the middleware
// of r's own groups, then the route's middleware runs. So m can read the
// principal, and a middleware that responds by itself, such as a cache,
// responds only to requests that the authenticator let through. As with
// Echo's Group, prefix is joined as it is, so it usually starts with '/'
// and has no trailing '/'.
//
// Unlike Echo's Group, it registers no catch-all route, so a request for
// a path under prefix that matches no route gets Echo's 404 without
// running the authenticator or m.
func (r *Router) Group(prefix string, m ...echo.MiddlewareFunc) *Router {
	child := *r
	child.prefix = r.prefix + prefix
	child.middleware = append(append([]echo.MiddlewareFunc(nil), r.middleware...), m...)
	return &child
}

// MountDocs registers GET and HEAD routes that serve the document at
// docs.DocumentPath() and the docs page at docs.PagePath() on e, with m,
// such as a guard built with [New], running before docs. The routes are
// not recorded in any Recorder.
//
// MountDocs returns an error for a nil e or docs, a nil middleware, and a
// panic from Echo's registration. It also returns an error when the routes
// would be served under a prefix, such as that of an *echo.Group, because
// the page loads the document from docs.DocumentPath() as it is. For an
// *echo.Echo or *echo.Group, it returns an error, and registers nothing,
// when one of the routes is already registered, so mounting docs twice is
// an error. Echo itself would replace the first route with the second.
func MountDocs(
	e interface {
		Add(string, string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route
	},
	docs *core.Docs, m ...echo.MiddlewareFunc) error {
	if isNil(e) {
		return errors.New("echoapikey: nil router passed to MountDocs: pass an *echo.Echo or *echo.Group")
	}
	if docs == nil {
		return errors.New("echoapikey: nil Docs passed to MountDocs: build one with core.NewDocs")
	}
	for i, mw := range m {
		if mw == nil {
			return fmt.Errorf("echoapikey: nil middleware %d passed to MountDocs", i)
		}
	}
	prefix, err := groupPrefix(e)
	if err != nil {
		return err
	}
	if prefix != "" {
		return fmt.Errorf("echoapikey: MountDocs on a group with prefix %q: the docs page loads the document from %q, so mount on the *echo.Echo and set the full paths with core.WithDocumentPath and core.WithPagePath",
			prefix, docs.DocumentPath())
	}

	routes := []struct {
		path    string
		handler http.Handler
	}{
		{docs.DocumentPath(), docs.DocumentHandler()},
		{docs.PagePath(), docs.PageHandler()},
	}
	docsMethods := []string{http.MethodGet, http.MethodHead}
	for _, rt := range routes {
		if err := checkNotRegistered(e, docsMethods, rt.path); err != nil {
			return err
		}
	}
	for _, rt := range routes {
		for _, method := range docsMethods {
			route, err := addRoute(e, method, rt.path, echo.WrapHandler(rt.handler), m)
			if err != nil {
				return err
			}
			if route == nil || route.Path != rt.path {
				return fmt.Errorf("echoapikey: %s %s was registered at %s: pass an *echo.Echo to MountDocs",
					method, rt.path, routePath(route))
			}
		}
	}
	return nil
}

// addRoute registers a route on e and returns a panic from that call as an
// error.
func addRoute(e routeAdder, method, path string, h echo.HandlerFunc, m []echo.MiddlewareFunc) (route *echo.Route, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("echoapikey: Echo failed to register %s %s: %v", method, path, v)
		}
	}()
	return e.Add(method, path, h, m...), nil
}

// groupPrefix returns the prefix that e adds to every path: "" for an
// *echo.Echo, the prefix of an *echo.Group, and an assumed "" for any other
// type.
func groupPrefix(e routeAdder) (string, error) {
	switch e := e.(type) {
	case *echo.Echo:
		return "", nil
	case *echo.Group:
		// NOTE: Echo v4 has no accessor for a group's prefix, so it is read
		// from the unexported field "prefix" (checked against v4.16.5).
		// Router.Add still compares the path it recorded with the one that
		// Echo returns.
		field := reflect.ValueOf(e).Elem().FieldByName("prefix")
		if !field.IsValid() || field.Kind() != reflect.String {
			return "", errors.New("echoapikey: cannot read the prefix of this *echo.Group: use the *echo.Echo and Router.Group instead")
		}
		return field.String(), nil
	}
	return "", nil
}

// normalizePath adds the leading '/' that Echo adds to a route's path.
func normalizePath(path string) string {
	if !strings.HasPrefix(path, "/") {
		return "/" + path
	}
	return path
}

func routePath(route *echo.Route) string {
	if route == nil {
		return "no route"
	}
	return route.Path
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
