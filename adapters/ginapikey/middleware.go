package ginapikey

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/go-apikey/apikey/core"
)

// resultKey is the key under which the middleware stores the request's
// context.Context, which carries the core.Result[P], in the Gin context.
// Storing the context rather than the result saves an allocation. Each principal type has its own key, and no other
// package can build one, so a stored value is never overwritten by
// unrelated code.
type resultKey[P any] struct{}

// New returns Gin middleware that authenticates each request with auth.
//
// A request that fails authentication is aborted: the middleware writes the
// response from [core.Authenticator.Render], or calls the handler set with
// [WithErrorHandler], and the rest of the chain does not run. Each header of
// the rendered response replaces any value that earlier handlers set under
// the same name. An authenticated request continues with its result stored
// for [Principal], [Result] and [core.PrincipalFrom].
//
// New returns an error when auth is nil or was not built with [core.New],
// or when an option is nil or invalid.
func New[P any](auth *core.Authenticator[P], opts ...Option) (gin.HandlerFunc, error) {
	if auth == nil {
		return nil, errors.New("ginapikey: nil Authenticator: build one with core.New")
	}
	if len(auth.Schemes()) == 0 {
		return nil, errors.New("ginapikey: Authenticator has no schemes: build it with core.New")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}

	return func(c *gin.Context) {
		if cfg.skip != nil && cfg.skip(c) {
			c.Next()
			return
		}

		req := c.Request
		ctx := req.Context()
		res, err := auth.Authenticate(ctx, core.FromHTTP(req))
		if err != nil {
			cfg.fail(c, err, auth.Render(err))
			return
		}

		if !res.Anonymous() {
			ctx = core.NewContext(ctx, res)
			c.Set(resultKey[P]{}, ctx)
			c.Request = req.WithContext(ctx)
		}
		c.Next()
	}, nil
}

// fail aborts the handler chain and writes the response to a request
// that failed authentication, as cfg selects.
func (cfg *config) fail(c *gin.Context, err error, resp core.Response) {
	c.Abort()
	switch {
	case cfg.errorHandler != nil:
		cfg.errorHandler(c, err, resp)
	case cfg.frameworkErrors:
		h := c.Writer.Header()
		for _, name := range frameworkHeaders {
			if values, ok := resp.Header[name]; ok {
				setHeader(h, name, values)
			}
		}
		c.Status(resp.Status)
		_ = c.Error(err).SetMeta(resp)
	default:
		writeResponse(c, resp)
	}
}

// frameworkHeaders are the headers of the core's response that
// [WithFrameworkErrors] keeps, in canonical form.
var frameworkHeaders = []string{"Www-Authenticate", "Cache-Control", "Retry-After"}

// writeResponse writes resp as it is: every header value in order, the
// status, then the body.
func writeResponse(c *gin.Context, resp core.Response) {
	h := c.Writer.Header()
	for name, values := range resp.Header {
		setHeader(h, name, values)
	}
	c.Writer.WriteHeader(resp.Status)
	c.Writer.WriteHeaderNow()

	// A write error means the client has gone, and the status line is
	// already sent, so there is nothing left to do.
	_, _ = c.Writer.Write(resp.Body)
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
func Principal[P any](c *gin.Context) (P, bool) {
	res, ok := Result[P](c)
	return res.Principal, ok
}

// Result returns the authentication result that the middleware stored for
// c, with the scheme that accepted the key, and false when there is none.
// It reports false in the same cases as [Principal].
func Result[P any](c *gin.Context) (core.Result[P], bool) {
	v, _ := c.Get(resultKey[P]{})
	ctx, ok := v.(context.Context)
	if !ok {
		return core.Result[P]{}, false
	}
	return core.FromContext[P](ctx)
}
