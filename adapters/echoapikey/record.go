package echoapikey

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/labstack/echo/v4"

	"github.com/go-apikey/apikey/core"
)

// record records the route method full in the Router's recorder, where
// full is path with every prefix added. It returns an error, and records
// nothing, when the recorder already has the method on the same OpenAPI
// path, whatever the schemes. Echo would replace the first route with the
// second, and the document lists a route once, so each route is
// registered once.
func (r *Router) record(method, path, full string) error {
	err := r.rec.RecordNewRoute(core.SyntaxEcho, method, full, r.schemes, r.optional)
	if errors.Is(err, core.ErrRouteRecorded) {
		return fmt.Errorf("echoapikey: cannot register %s %s: %w: register each method and path once", method, path, err)
	}
	return err
}

// checkNotRegistered returns an error when e's Echo router already has a
// route for one of methods at path. It checks nothing for a type other
// than *echo.Echo and *echo.Group, whose router it cannot reach.
func checkNotRegistered(e routeAdder, methods []string, path string) error {
	router, err := echoRouter(e)
	if err != nil || router == nil {
		return err
	}
	for _, route := range router.Routes() {
		for _, method := range methods {
			if route.Method == method && route.Path == path {
				return fmt.Errorf("echoapikey: %s %s is already registered: mount the docs once, or set other paths with core.WithDocumentPath and core.WithPagePath",
					method, path)
			}
		}
	}
	return nil
}

// echoRouter returns the router that e adds its routes to: the default
// router of an *echo.Echo, and the router of an *echo.Group's host. It
// returns nil for any other type.
func echoRouter(e routeAdder) (*echo.Router, error) {
	switch e := e.(type) {
	case *echo.Echo:
		return e.Router(), nil
	case *echo.Group:
		// NOTE: Echo v4 has no accessor for a group's *echo.Echo or host,
		// so they are read from the unexported fields "echo" and "host"
		// (checked against v4.16.5), as groupPrefix reads "prefix".
		group := reflect.ValueOf(e).Elem()
		owner, host := group.FieldByName("echo"), group.FieldByName("host")
		if !owner.IsValid() || owner.Type() != reflect.TypeFor[*echo.Echo]() || owner.IsNil() ||
			!host.IsValid() || host.Kind() != reflect.String {
			return nil, errors.New("echoapikey: cannot read the *echo.Echo of this *echo.Group: pass the *echo.Echo instead")
		}
		instance := (*echo.Echo)(owner.UnsafePointer())
		if host.String() == "" {
			return instance.Router(), nil
		}
		return instance.Routers()[host.String()], nil
	}
	return nil, nil
}
