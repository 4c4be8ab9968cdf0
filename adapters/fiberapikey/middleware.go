package fiberapikey

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/go-apikey/apikey/core"
)

// resultKey is the key under which the middleware stores the user
// context, which carries the core.Result[P], in the Fiber context's locals.
// Storing the context rather than the result saves an allocation. Each principal type has its own key, and
// no other package can build one, so a stored value is never overwritten
// by unrelated code.
type resultKey[P any] struct{}

// New returns Fiber middleware that authenticates each request with auth.
//
// A request that fails authentication does not reach the next handler: the
// middleware writes the response from [core.Authenticator.Render] and
// returns nil, calls the handler set with [WithErrorHandler], or returns a
// [*fiber.Error] under [WithFrameworkErrors]. Each header of the rendered
// response replaces any value that earlier handlers set under the same
// name. An authenticated request continues with its result stored for
// [Principal], [Result] and [core.PrincipalFrom] on c.UserContext().
//
// The middleware reads headers and cookies from the header block as the
// client sent it, so it responds to every request that fasthttp accepts as
// the net/http adapter does. As a consequence, it does not see header
// changes that earlier handlers make through c.Request().Header. Only a
// request built in code, which fasthttp never parsed from a connection, is
// read from fasthttp's parsed headers.
//
// A request that fasthttp cannot parse, such as one with a folded header
// line that contains a colon, never reaches the middleware. Fiber's default
// ErrorHandler responds to it with 400 and fasthttp's parse error as the
// body, which quotes the first and last 200 bytes of the request, headers
// and any key included. Set a fiber.Config ErrorHandler that writes a fixed
// message for a 400 to avoid that.
//
// New returns an error when auth is nil or was not built with [core.New],
// or when an option is nil, invalid or in conflict with another.
func New[P any](auth *core.Authenticator[P], opts ...Option) (fiber.Handler, error) {
	if auth == nil {
		return nil, errors.New("fiberapikey: nil Authenticator: build one with core.New")
	}
	if len(auth.Schemes()) == 0 {
		return nil, errors.New("fiberapikey: Authenticator has no schemes: build it with core.New")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	views := new(requestPool)

	return func(c *fiber.Ctx) error {
		if cfg.skip != nil && cfg.skip(c) {
			return c.Next()
		}

		ctx := c.UserContext()
		req := views.get(&c.Request().Header)
		res, err := auth.Authenticate(ctx, req)
		views.put(req)
		if err != nil {
			return cfg.fail(c, err, auth.Render(err))
		}

		if !res.Anonymous() {
			ctx = core.NewContext(ctx, res)
			c.Locals(resultKey[P]{}, ctx)
			c.SetUserContext(ctx)
		}
		return c.Next()
	}, nil
}

// fail responds to a request that failed authentication in the way that
// cfg selects.
func (cfg *config) fail(c *fiber.Ctx, err error, resp core.Response) error {
	switch {
	case cfg.errorHandler != nil:
		return cfg.errorHandler(c, err, resp)
	case cfg.frameworkErrors:
		return frameworkError(c, err, resp)
	}
	writeResponse(c, resp)
	return nil
}

// writeResponse writes resp as it is: every header value in order, the
// status, then the body.
func writeResponse(c *fiber.Ctx, resp core.Response) {
	for name, values := range resp.Header {
		setHeader(c, name, values)
	}
	c.Status(resp.Status)

	// SetBody copies, so that no later change to the response body can
	// reach resp.Body, which the core shares between requests.
	c.Response().SetBody(resp.Body)
}

// frameworkHeaders are the rendered headers that WithFrameworkErrors keeps,
// because the client needs them whatever body the ErrorHandler writes.
var frameworkHeaders = [...]string{"WWW-Authenticate", "Cache-Control", "Retry-After"}

// frameworkError sets the headers of resp that must reach the client and
// returns the *fiber.Error for Fiber's ErrorHandler.
func frameworkError(c *fiber.Ctx, err error, resp core.Response) error {
	for name, values := range resp.Header {
		for _, passed := range frameworkHeaders {
			if strings.EqualFold(name, passed) {
				setHeader(c, name, values)
			}
		}
	}

	message := http.StatusText(resp.Status)
	var e *core.Error
	if errors.As(err, &e) {
		message = e.Message
	}
	return fiber.NewError(resp.Status, message)
}

// setHeader replaces the response header called name with values, in
// order.
func setHeader(c *fiber.Ctx, name string, values []string) {
	h := &c.Response().Header
	h.Del(name)
	for _, v := range values {
		h.Add(name, v)
	}
}

// Principal returns the principal that the middleware stored for c, and
// false when there is none: the request was skipped or anonymous, failed
// authentication, or passed no middleware built for principal type P.
func Principal[P any](c *fiber.Ctx) (P, bool) {
	res, ok := Result[P](c)
	return res.Principal, ok
}

// Result returns the authentication result that the middleware stored for
// c, with the scheme that accepted the key, and false when there is none.
// It reports false in the same cases as [Principal].
func Result[P any](c *fiber.Ctx) (core.Result[P], bool) {
	ctx, ok := c.Locals(resultKey[P]{}).(context.Context)
	if !ok {
		return core.Result[P]{}, false
	}
	return core.FromContext[P](ctx)
}
