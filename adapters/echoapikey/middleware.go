package echoapikey

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/go-apikey/apikey/core"
)

// New returns Echo middleware that authenticates each request with auth.
//
// A request that fails authentication does not reach the next handler: the
// middleware writes the response from [core.Authenticator.Render] and
// returns nil, or returns what the handler set with [WithErrorHandler]
// returns, or an [*echo.HTTPError] under [WithFrameworkErrors]. Each header
// of the rendered response replaces any value that earlier handlers set
// under the same name. An authenticated request continues with its result
// stored for [Principal], [Result] and [core.PrincipalFrom].
//
// New returns an error when auth is nil or was not built with [core.New],
// or when an option is nil, invalid or in conflict with another.
func New[P any](auth *core.Authenticator[P], opts ...Option) (echo.MiddlewareFunc, error) {
	if auth == nil {
		return nil, errors.New("echoapikey: nil Authenticator: build one with core.New")
	}
	if len(auth.Schemes()) == 0 {
		return nil, errors.New("echoapikey: Authenticator has no schemes: build it with core.New")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	key := storeKey[P]()

	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if cfg.skip != nil && cfg.skip(c) {
				return next(c)
			}

			req := c.Request()
			ctx := req.Context()
			res, err := auth.Authenticate(ctx, core.FromHTTP(req))
			if err != nil {
				return cfg.fail(c, err, auth.Render(err))
			}

			if !res.Anonymous() {
				// The stored context carries the result, which saves the
				// allocation of storing the result itself.
				ctx = core.NewContext(ctx, res)
				c.Set(key, ctx)
				c.SetRequest(req.WithContext(ctx))
			}
			return next(c)
		}
	}, nil
}

// fail writes the response to a request that failed authentication, as cfg
// selects.
func (cfg *config) fail(c echo.Context, err error, resp core.Response) error {
	switch {
	case cfg.errorHandler != nil:
		return cfg.errorHandler(c, err, resp)
	case cfg.frameworkErrors:
		return httpError(c, err, resp)
	}
	return writeResponse(c, resp)
}

// writeResponse writes resp as it is: every header value in order, the
// status, then the body.
func writeResponse(c echo.Context, resp core.Response) error {
	h := c.Response().Header()
	for name, values := range resp.Header {
		setHeader(h, name, values)
	}
	c.Response().WriteHeader(resp.Status)

	// A write error means the client has gone. Returning it would hand Echo's
	// error handler a request whose response is already committed.
	_, _ = c.Response().Write(resp.Body)
	return nil
}

// frameworkHeaders are the rendered headers that WithFrameworkErrors keeps,
// because the client needs them whatever body the HTTPErrorHandler writes.
var frameworkHeaders = [...]string{"WWW-Authenticate", "Cache-Control", "Retry-After"}

// httpError sets the headers of resp that must reach the client and returns
// the *echo.HTTPError for Echo's HTTPErrorHandler.
func httpError(c echo.Context, err error, resp core.Response) error {
	h := c.Response().Header()
	for name, values := range resp.Header {
		for _, allowed := range frameworkHeaders {
			if strings.EqualFold(name, allowed) {
				setHeader(h, name, values)
			}
		}
	}

	message := http.StatusText(resp.Status)
	var coreErr *core.Error
	if errors.As(err, &coreErr) {
		message = coreErr.Message
	}
	return &echo.HTTPError{Code: resp.Status, Message: message, Internal: err}
}

// setHeader replaces the header called name in h with values, in order.
func setHeader(h http.Header, name string, values []string) {
	h.Del(name)
	for _, v := range values {
		h.Add(name, v)
	}
}

// Principal returns the principal that the middleware stored for c, and
// false when there is none: the request was skipped or anonymous, failed
// authentication, or passed no middleware built for principal type P.
func Principal[P any](c echo.Context) (P, bool) {
	res, ok := Result[P](c)
	return res.Principal, ok
}

// Result returns the authentication result that the middleware stored for
// c, with the scheme that accepted the key, and false when there is none.
// It reports false in the same cases as [Principal].
func Result[P any](c echo.Context) (core.Result[P], bool) {
	ctx, ok := c.Get(storeKey[P]()).(context.Context)
	if !ok {
		return core.Result[P]{}, false
	}
	return core.FromContext[P](ctx)
}

// storeKey returns the key under which the middleware stores a
// core.Result[P] in the Echo context. The key names this package and P, so
// middlewares for different principal types in one chain do not overwrite
// each other's results.
func storeKey[P any]() string {
	return "github.com/go-apikey/apikey/adapters/echoapikey.Result[" +
		typeName(reflect.TypeFor[P]()) + "]"
}

// typeName names t with the full import path of each named type in it, where
// reflect.Type.String uses only the package name.
//
// NOTE: the type arguments of an instantiated generic type, and the types
// inside func, struct and interface literals, keep the short package name,
// so two such types from packages with the same name share a key. Result
// then reports false for one of them instead of returning a wrong value.
func typeName(t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name()
		}
		return t.PkgPath() + "." + t.Name()
	}

	switch t.Kind() {
	case reflect.Pointer:
		return "*" + typeName(t.Elem())
	case reflect.Slice:
		return "[]" + typeName(t.Elem())
	case reflect.Array:
		return "[" + strconv.Itoa(t.Len()) + "]" + typeName(t.Elem())
	case reflect.Map:
		return "map[" + typeName(t.Key()) + "]" + typeName(t.Elem())
	}
	return t.String()
}
