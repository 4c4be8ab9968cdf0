package fiberapikey

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/go-apikey/apikey/core"
)

// pathParam matches one parameter of an OpenAPI path template, such as
// {id}.
var pathParam = regexp.MustCompile(`\{[^{}]*\}`)

// record records the route full for each of methods in the Router's
// recorder, where full is path with every prefix added. It returns an
// error, and records nothing, when the recorder already has one of the
// methods on one of the route's OpenAPI paths, whatever the schemes, and
// compared as the app matches paths. Fiber would run the first route's
// handlers and never reach the second's, and the document lists a route
// once, so each route is registered once.
//
// The recorder rejects a route with the same OpenAPI path atomically. The
// check before it covers a Fiber rule that the recorder cannot apply:
// paths that differ in case or in a trailing '/' match the same requests
// unless the app sets CaseSensitive or StrictRouting.
//
// NOTE: That Fiber-specific check and the record are two calls on the
// recorder, so two Routers that register /Items and /items at the same
// time can both pass it.
func (r *Router) record(methods []string, path, full string) error {
	_, paths, err := core.OpenAPIPaths(core.SyntaxFiber, full)
	if err != nil {
		return err
	}
	app, err := fiberApp(r.router)
	if err != nil {
		return err
	}
	for _, method := range methods {
		if recorded, ok := findRecorded(r.rec, app.Config(), method, paths); ok {
			return fmt.Errorf("fiberapikey: cannot register %s %s because %s %s is already recorded: register each method and path once",
				strings.ToUpper(method), path, strings.ToUpper(recorded.Method), recorded.Path)
		}
	}
	for _, method := range methods {
		err := r.rec.RecordNewRoute(core.SyntaxFiber, method, full, r.schemes, r.optional)
		if errors.Is(err, core.ErrRouteRecorded) {
			return fmt.Errorf("fiberapikey: cannot register %s %s: %w: register each method and path once",
				strings.ToUpper(method), path, err)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// findRecorded returns the operation in rec for method on one of paths,
// with parameter names ignored as OpenAPI ignores them, so /users/{id}
// finds /users/{uid}. Paths are compared as Fiber matches them under cfg,
// so /Users finds /users unless cfg.CaseSensitive is set.
func findRecorded(rec *core.Recorder, cfg fiber.Config, method string, paths []string) (core.Operation, bool) {
	ops := rec.Operations()
	for _, p := range paths {
		template := matchedPath(cfg, pathParam.ReplaceAllString(p, "{}"))
		for _, op := range ops {
			if strings.EqualFold(op.Method, method) && matchedPath(cfg, pathParam.ReplaceAllString(op.Path, "{}")) == template {
				return op, true
			}
		}
	}
	return core.Operation{}, false
}

// checkNotRegistered returns an error when r's app already has a route,
// not a Use middleware, for one of methods at path. Paths are compared as
// the app's CaseSensitive and StrictRouting settings make Fiber match
// them.
func checkNotRegistered(r fiber.Router, methods []string, path string) error {
	app, err := fiberApp(r)
	if err != nil {
		return err
	}
	cfg := app.Config()
	want := matchedPath(cfg, path)
	for _, route := range app.GetRoutes(true) {
		for _, method := range methods {
			if route.Method == method && matchedPath(cfg, route.Path) == want {
				return fmt.Errorf("fiberapikey: %s %s is already registered: mount the docs once, or set other paths with core.WithDocumentPath and core.WithPagePath",
					method, path)
			}
		}
	}
	return nil
}

// matchedPath returns path in the form that Fiber v2.52 matches requests
// against under cfg: in lower case unless CaseSensitive is set, and
// without trailing '/'s unless StrictRouting is set.
func matchedPath(cfg fiber.Config, path string) string {
	if !cfg.CaseSensitive {
		path = strings.ToLower(path)
	}
	if !cfg.StrictRouting && len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	return path
}

// fiberApp returns the app that r registers its routes on: r itself for a
// *fiber.App, and the app of a *fiber.Group.
func fiberApp(r fiber.Router) (*fiber.App, error) {
	switch r := r.(type) {
	case *fiber.App:
		return r, nil
	case *fiber.Group:
		// NOTE: Fiber v2 has no accessor for a group's app, so it is read
		// from the unexported field "app" (checked against v2.52.15).
		field := reflect.ValueOf(r).Elem().FieldByName("app")
		if !field.IsValid() || field.Type() != reflect.TypeFor[*fiber.App]() || field.IsNil() {
			return nil, errors.New("fiberapikey: cannot read the *fiber.App of this *fiber.Group: pass the *fiber.App instead")
		}
		return (*fiber.App)(field.UnsafePointer()), nil
	}
	return nil, fmt.Errorf("fiberapikey: a *fiber.App or *fiber.Group is needed to read its routes, got %T", r)
}
