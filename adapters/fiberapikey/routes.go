package fiberapikey

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"github.com/go-apikey/apikey/core"
)

// Router registers routes on a Fiber app or group behind one
// authenticator's middleware, and records each route in a [core.Recorder]
// for the OpenAPI document. Build one with [NewRouter].
//
// A route's handlers run in this order: the middleware that the app or
// group passed to NewRouter runs for every request (fiber.Router.Use), the
// authenticator, the handlers of each [Router.Group] from the outermost,
// then the route's own. Only the first run before the authenticator.
type Router struct {
	router       fiber.Router
	nativePrefix string // Prefix of router when it is a *fiber.Group
	prefix       string // added by Router.Group, relative to router
	handlers     []fiber.Handler
	guard        fiber.Handler
	schemes      []*core.Scheme
	optional     bool
	rec          *core.Recorder
}

// NewRouter returns a Router that registers routes on r guarded by the
// middleware that [New] builds from auth and opts, and records them in rec.
// The middleware that r runs with Use runs before the authenticator. Every
// other handler runs after it.
//
// The recorded path is the full path that Fiber serves, with the Prefix of
// r when r is a *fiber.Group, converted to OpenAPI's {name} form. A
// *fiber.App that is later mounted on another app with Mount serves its
// routes under the mount prefix, which the recorded paths do not include.
//
// NewRouter returns an error for a nil r or rec, for an r that is neither
// a *fiber.App nor a *fiber.Group, because the prefix of any other
// fiber.Router is unknown, and for whatever New returns an error for. It
// also returns an error when opts include [WithSkipper], because a Router
// documents every route as guarded. Register a route that needs no key on
// the *fiber.App instead.
func NewRouter[P any](r fiber.Router, auth *core.Authenticator[P], rec *core.Recorder, opts ...Option) (*Router, error) {
	prefix, err := routerPrefix("NewRouter", r)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, errors.New("fiberapikey: nil Recorder passed to NewRouter: pass a &core.Recorder{}")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if cfg.skip != nil {
		return nil, errors.New("fiberapikey: WithSkipper passed to NewRouter: a Router documents every route as guarded, so register routes that need no key on the *fiber.App")
	}
	guard, err := New(auth, opts...)
	if err != nil {
		return nil, err
	}

	return &Router{
		router:       r,
		nativePrefix: prefix,
		guard:        guard,
		schemes:      auth.Schemes(),
		optional:     auth.Optional(),
		rec:          rec,
	}, nil
}

// Add records method and path in the Recorder, then registers them on the
// Fiber router with the authenticator in front of handlers. Fiber matches
// methods case-insensitively, so method may be in any case.
//
// A path with an optional parameter, such as /users/:id?, is recorded as
// two OpenAPI paths: /users/{id} and /users.
//
// Add returns an error, and registers nothing, for no handler or a nil
// one, a method other than GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH and
// TRACE, a path that cannot be converted to an OpenAPI path, and a failed
// record. A record fails for a method and path already in the recorder,
// whatever its schemes and parameter names, because Fiber would run the
// first route's handlers and never reach the second's. It also fails for
// two different schemes under one scheme name. Add also returns an error
// when Fiber panics while registering the route. The route is then
// recorded but not served.
func (r *Router) Add(method, path string, handlers ...fiber.Handler) error {
	return r.add([]string{method}, []string{method}, path, handlers)
}

// Get registers a GET route, and a HEAD route for the same path as Fiber's
// Get does, both behind the authenticator, and records GET only. The
// implicit HEAD is left out of the document, as OpenAPI generators such as
// FastAPI's leave it out, so the four adapters document a GET route alike.
// Use [Router.Head] to document HEAD too. See [Router.Add].
func (r *Router) Get(path string, handlers ...fiber.Handler) error {
	return r.add([]string{fiber.MethodGet}, []string{fiber.MethodHead, fiber.MethodGet}, path, handlers)
}

// Head registers a HEAD route with [Router.Add].
func (r *Router) Head(path string, handlers ...fiber.Handler) error {
	return r.Add(fiber.MethodHead, path, handlers...)
}

// Post registers a POST route with [Router.Add].
func (r *Router) Post(path string, handlers ...fiber.Handler) error {
	return r.Add(fiber.MethodPost, path, handlers...)
}

// Put registers a PUT route with [Router.Add].
func (r *Router) Put(path string, handlers ...fiber.Handler) error {
	return r.Add(fiber.MethodPut, path, handlers...)
}

// Patch registers a PATCH route with [Router.Add].
func (r *Router) Patch(path string, handlers ...fiber.Handler) error {
	return r.Add(fiber.MethodPatch, path, handlers...)
}

// Delete registers a DELETE route with [Router.Add].
func (r *Router) Delete(path string, handlers ...fiber.Handler) error {
	return r.Add(fiber.MethodDelete, path, handlers...)
}

// Options registers an OPTIONS route with [Router.Add].
func (r *Router) Options(path string, handlers ...fiber.Handler) error {
	return r.Add(fiber.MethodOptions, path, handlers...)
}

// Group returns a Router that registers its routes under r's prefix
// followed by prefix, joined as Fiber's Group joins them, behind the same
// authenticator. On every route of the returned Router, handlers run after
// the authenticator and after the handlers of r's own groups, then the
// route's handlers run. So they can read the principal, and a handler that
// responds by itself, such as a cache, responds only to requests that the
// authenticator let through.
//
// Unlike Fiber's Group, it registers no middleware with Use, so handlers
// run only for the routes registered through the returned Router.
func (r *Router) Group(prefix string, handlers ...fiber.Handler) *Router {
	child := *r
	child.prefix = groupPath(r.prefix, prefix)
	child.handlers = append(append([]fiber.Handler(nil), r.handlers...), handlers...)
	return &child
}

// add checks the route, records it for each method in record, then
// registers it for each method in register, in order.
func (r *Router) add(record, register []string, path string, handlers []fiber.Handler) error {
	methods := register
	if len(handlers) == 0 {
		return fmt.Errorf("fiberapikey: no handler for %s %s", strings.Join(methods, ", "), path)
	}
	chain := make([]fiber.Handler, 0, 1+len(r.handlers)+len(handlers))
	chain = append(chain, r.guard)
	chain = append(chain, r.handlers...)
	chain = append(chain, handlers...)
	for i, h := range chain {
		if h == nil {
			return fmt.Errorf("fiberapikey: nil handler %d for %s %s", i, strings.Join(methods, ", "), path)
		}
	}

	relative := groupPath(r.prefix, path)
	full := servedPath(groupPath(r.nativePrefix, relative))
	if err := r.record(record, path, full); err != nil {
		return err
	}

	for _, method := range methods {
		if err := addRoute(r.router, method, relative, chain); err != nil {
			return err
		}
	}
	return nil
}

// MountDocs registers GET and HEAD routes that serve the document at
// docs.DocumentPath() and the docs page at docs.PagePath() on r, with
// handlers, such as a guard built with [New], running before docs. The
// core's net/http handlers run through Fiber's adaptor middleware. The
// routes are not recorded in any Recorder.
//
// MountDocs returns an error for a nil r or docs, a nil handler, an r that
// is neither a *fiber.App nor a *fiber.Group, and a panic from Fiber's
// registration. It also returns an error for a group with a prefix,
// because the page loads the document from docs.DocumentPath() as it is.
// It returns an error, and registers nothing, when one of the routes is
// already registered, so mounting docs twice is an error. Fiber itself
// would keep serving the first route.
func MountDocs(r fiber.Router, docs *core.Docs, handlers ...fiber.Handler) error {
	prefix, err := routerPrefix("MountDocs", r)
	if err != nil {
		return err
	}
	if docs == nil {
		return errors.New("fiberapikey: nil Docs passed to MountDocs: build one with core.NewDocs")
	}
	for i, h := range handlers {
		if h == nil {
			return fmt.Errorf("fiberapikey: nil handler %d passed to MountDocs", i)
		}
	}
	if servedPath(prefix) != "/" {
		return fmt.Errorf("fiberapikey: MountDocs on a group with prefix %q: the docs page loads the document from %q, so mount on the *fiber.App and set the full paths with core.WithDocumentPath and core.WithPagePath",
			prefix, docs.DocumentPath())
	}

	routes := []struct {
		path    string
		handler http.Handler
	}{
		{docs.DocumentPath(), docs.DocumentHandler()},
		{docs.PagePath(), docs.PageHandler()},
	}
	docsMethods := []string{fiber.MethodHead, fiber.MethodGet}
	for _, rt := range routes {
		if err := checkNotRegistered(r, docsMethods, rt.path); err != nil {
			return err
		}
	}
	for _, rt := range routes {
		chain := append(append([]fiber.Handler(nil), handlers...), adaptor.HTTPHandler(rt.handler))
		for _, method := range docsMethods {
			if err := addRoute(r, method, rt.path, chain); err != nil {
				return err
			}
		}
	}
	return nil
}

// addRoute registers a route on r and returns a panic from that call as an
// error. Fiber v2.52 panics for an invalid method and for an error from an
// OnRoute hook.
func addRoute(r fiber.Router, method, path string, handlers []fiber.Handler) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("fiberapikey: Fiber failed to register %s %s: %v", method, path, v)
		}
	}()
	r.Add(method, path, handlers...)
	return nil
}

// routerPrefix returns the prefix that r adds to every path: "" for a
// *fiber.App and the Prefix of a *fiber.Group. It returns an error for a
// nil r and any other type.
func routerPrefix(caller string, r fiber.Router) (string, error) {
	if isNil(r) {
		return "", fmt.Errorf("fiberapikey: nil router passed to %s: pass a *fiber.App or *fiber.Group", caller)
	}
	switch r := r.(type) {
	case *fiber.App:
		return "", nil
	case *fiber.Group:
		return r.Prefix, nil
	}
	return "", fmt.Errorf("fiberapikey: %s needs a *fiber.App or *fiber.Group to know the full path of each route, got %T", caller, r)
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

// groupPath joins a group prefix and a path as Fiber v2.52 does: a '/' is
// added before a path that lacks one, and the prefix loses its trailing
// '/'s. An empty path leaves the prefix as it is.
func groupPath(prefix, path string) string {
	if path == "" {
		return prefix
	}
	if path[0] != '/' {
		path = "/" + path
	}
	return strings.TrimRight(prefix, "/") + path
}

// servedPath returns the path under which Fiber registers path: "/" for
// an empty path, and a leading '/' added when it is missing.
func servedPath(path string) string {
	if !strings.HasPrefix(path, "/") {
		return "/" + path
	}
	return path
}
