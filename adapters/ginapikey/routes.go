package ginapikey

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"reflect"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/go-apikey/apikey/core"
)

// Router registers guarded routes on a Gin engine or group and records each
// one for the OpenAPI document, so the document lists exactly the routes
// that the middleware guards. Build one with [NewRouter]. A Router is not
// safe for concurrent use, which matches how routes are registered at
// start-up.
//
// A route's handlers run in this order: the handlers that the engine or
// group passed to NewRouter adds to every route (its Use middleware), the
// middleware, the handlers of each [Router.Group] from the outermost, then
// the route's own. Only the first run before the middleware.
type Router struct {
	routes   gin.IRouter
	basePath string
	guard    gin.HandlerFunc
	// handlers are the handlers of every Router.Group call that built this
	// Router, outermost first, which run after guard.
	handlers []gin.HandlerFunc
	schemes  []*core.Scheme
	optional bool
	rec      *core.Recorder
	// err is the invalid argument of the Group call that built this
	// Router, returned by every Handle.
	err error
}

// ginMethod is the method syntax that Gin's Handle accepts without
// panicking.
var ginMethod = regexp.MustCompile(`^[A-Z]+$`)

// NewRouter returns a Router that registers routes on r behind the
// middleware that [New] builds from auth and opts, and records each route
// in rec for the OpenAPI document. The handlers that r adds to every
// route, such as its Use middleware, run before the middleware. Every
// other handler runs after it.
//
// r is a *gin.Engine or a *gin.RouterGroup: anything with a BasePath()
// string method. The recorded path is BasePath() joined with the route's
// path as Gin joins them, converted to OpenAPI's form, so /users/:id is
// recorded as /users/{id}.
//
// NewRouter returns an error for a nil r or rec, an r without BasePath,
// and for the errors that New returns. It also returns an error when opts
// include [WithSkipper], because a Router documents every route as guarded.
// Register a route that needs no key on the engine instead.
func NewRouter[P any](r gin.IRouter, auth *core.Authenticator[P], rec *core.Recorder, opts ...Option) (*Router, error) {
	if isNil(r) {
		return nil, errors.New("ginapikey: nil router passed to NewRouter: pass a *gin.Engine or *gin.RouterGroup")
	}
	based, ok := r.(interface{ BasePath() string })
	if !ok {
		return nil, fmt.Errorf("ginapikey: router %T has no BasePath method: pass a *gin.Engine or *gin.RouterGroup", r)
	}
	if rec == nil {
		return nil, errors.New("ginapikey: nil Recorder passed to NewRouter: pass a *core.Recorder that the document is built from")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if cfg.skip != nil {
		return nil, errors.New("ginapikey: WithSkipper passed to NewRouter: a Router documents every route as guarded, so register routes that need no key on the engine")
	}
	guard, err := New(auth, opts...)
	if err != nil {
		return nil, err
	}
	return &Router{
		routes:   r,
		basePath: based.BasePath(),
		guard:    guard,
		schemes:  auth.Schemes(),
		optional: auth.Optional(),
		rec:      rec,
	}, nil
}

// Handle records the route in the Router's recorder and then registers it
// on Gin with the middleware first, then the handlers of each
// [Router.Group], then handlers. method is an upper-case HTTP method such
// as GET, and path is Gin's syntax, relative to the Router's base path.
//
// Handle returns an error, and registers nothing, for a method that Gin
// rejects, no handlers or a nil one, and a path that cannot be converted.
// It does the same for a method and path already in the recorder, whatever
// its schemes and parameter names, because a route is registered and
// documented once. A scheme whose scheme name another scheme already uses
// is an error too. A route that Gin rejects by panicking, such as one that
// conflicts with a registered route, is returned as an error. The route
// then stays in the document, so treat any error as fatal at start-up.
func (r *Router) Handle(method, path string, handlers ...gin.HandlerFunc) error {
	if r.err != nil {
		return r.err
	}
	if !ginMethod.MatchString(method) {
		return fmt.Errorf("ginapikey: invalid method %q for %q: want an upper-case method such as GET", method, path)
	}
	if err := checkHandlers(handlers); err != nil {
		return fmt.Errorf("ginapikey: %s %s: %w", method, path, err)
	}

	full := joinRoutePath(r.basePath, path)
	if err := r.record(method, path, full); err != nil {
		return err
	}
	chain := make([]gin.HandlerFunc, 0, 1+len(r.handlers)+len(handlers))
	chain = append(chain, r.guard)
	chain = append(chain, r.handlers...)
	chain = append(chain, handlers...)
	return register(method+" "+full, func() { r.routes.Handle(method, path, chain...) })
}

// GET is [Router.Handle] for GET.
func (r *Router) GET(path string, handlers ...gin.HandlerFunc) error {
	return r.Handle(http.MethodGet, path, handlers...)
}

// POST is [Router.Handle] for POST.
func (r *Router) POST(path string, handlers ...gin.HandlerFunc) error {
	return r.Handle(http.MethodPost, path, handlers...)
}

// PUT is [Router.Handle] for PUT.
func (r *Router) PUT(path string, handlers ...gin.HandlerFunc) error {
	return r.Handle(http.MethodPut, path, handlers...)
}

// PATCH is [Router.Handle] for PATCH.
func (r *Router) PATCH(path string, handlers ...gin.HandlerFunc) error {
	return r.Handle(http.MethodPatch, path, handlers...)
}

// DELETE is [Router.Handle] for DELETE.
func (r *Router) DELETE(path string, handlers ...gin.HandlerFunc) error {
	return r.Handle(http.MethodDelete, path, handlers...)
}

// HEAD is [Router.Handle] for HEAD.
func (r *Router) HEAD(path string, handlers ...gin.HandlerFunc) error {
	return r.Handle(http.MethodHead, path, handlers...)
}

// OPTIONS is [Router.Handle] for OPTIONS.
func (r *Router) OPTIONS(path string, handlers ...gin.HandlerFunc) error {
	return r.Handle(http.MethodOptions, path, handlers...)
}

// Group returns a Router with the same middleware and recorder on a Gin
// group at relativePath. On every route of the returned Router, handlers
// run after the middleware and after the handlers of r's own groups, then
// the route's handlers run. So they can read the principal, and a handler
// that responds by itself, such as a cache, responds only to requests that
// the middleware let through. A nil handler makes every Handle on the
// returned Router return an error.
func (r *Router) Group(relativePath string, handlers ...gin.HandlerFunc) *Router {
	g := *r
	if g.err != nil {
		return &g
	}
	if err := checkGroupHandlers(handlers); err != nil {
		g.err = fmt.Errorf("ginapikey: group %q: %w", relativePath, err)
		return &g
	}
	group := r.routes.Group(relativePath)
	g.routes, g.basePath = group, group.BasePath()
	g.handlers = append(append([]gin.HandlerFunc(nil), r.handlers...), handlers...)
	return &g
}

// MountDocs registers the document and the docs page of docs on r, for GET
// and HEAD at docs.DocumentPath() and docs.PagePath(). The handlers, such
// as middleware from [New], run first. With [core.LoadFromURL] the page
// cannot load a guarded document, so pick another [core.DocumentLoading]
// then.
//
// The page loads the document from docs.DocumentPath() as an absolute
// path, so r must be the engine or a group at "/". To serve the docs under
// a prefix, set it in [core.WithDocumentPath] and [core.WithPagePath] and
// mount on the engine.
//
// MountDocs returns an error for a nil r or docs, a nil handler, a group
// at another base path, and a path that Gin rejects by panicking, such as
// one already registered. So mounting docs twice on one engine is an error.
func MountDocs(r gin.IRoutes, docs *core.Docs, handlers ...gin.HandlerFunc) error {
	if isNil(r) {
		return errors.New("ginapikey: nil router passed to MountDocs: pass a *gin.Engine or *gin.RouterGroup")
	}
	if docs == nil {
		return errors.New("ginapikey: nil Docs passed to MountDocs: build one with core.NewDocs")
	}
	if err := checkGroupHandlers(handlers); err != nil {
		return fmt.Errorf("ginapikey: MountDocs: %w", err)
	}
	if based, ok := r.(interface{ BasePath() string }); ok && based.BasePath() != "/" {
		return fmt.Errorf("ginapikey: MountDocs on a group at %q: mount on the engine and set the paths with core.WithDocumentPath and core.WithPagePath", based.BasePath())
	}

	mounts := []struct {
		path    string
		handler http.Handler
	}{
		{docs.DocumentPath(), docs.DocumentHandler()},
		{docs.PagePath(), docs.PageHandler()},
	}
	for _, m := range mounts {
		chain := append(append([]gin.HandlerFunc(nil), handlers...), gin.WrapH(m.handler))
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			if err := register(method+" "+m.path, func() { r.Handle(method, m.path, chain...) }); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkHandlers rejects an empty or nil handler in a route's chain, which
// Gin would accept and then fail on at request time.
func checkHandlers(handlers []gin.HandlerFunc) error {
	if len(handlers) == 0 {
		return errors.New("no handler: pass at least the route's handler")
	}
	return checkGroupHandlers(handlers)
}

// checkGroupHandlers rejects a nil handler, which may be absent from a
// group's or a docs mount's chain.
func checkGroupHandlers(handlers []gin.HandlerFunc) error {
	for i, h := range handlers {
		if h == nil {
			return fmt.Errorf("handler %d is nil", i)
		}
	}
	return nil
}

// joinRoutePath returns the absolute path that Gin registers for path
// inside a group at base: the two joined and cleaned, with a trailing '/'
// of path kept.
func joinRoutePath(base, relative string) string {
	if relative == "" {
		return base
	}
	joined := path.Join(base, relative)
	if strings.HasSuffix(relative, "/") && !strings.HasSuffix(joined, "/") {
		joined += "/"
	}
	return joined
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

// register runs add, which registers a route with Gin, and returns a panic
// from it as an error, because Gin panics on an invalid or conflicting
// route.
func register(route string, add func()) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("ginapikey: register %s: %v", route, v)
		}
	}()
	add()
	return nil
}
