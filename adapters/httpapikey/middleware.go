package httpapikey

import (
	"errors"
	"net/http"

	"github.com/go-apikey/apikey/core"
)

// New returns net/http middleware that authenticates each request with auth.
//
// For a request that fails authentication, the middleware writes the
// response from [core.Authenticator.Render], or calls the handler set with
// [WithErrorHandler], and the next handler does not run. Each
// header of the rendered response replaces any value that earlier handlers
// set under the same name. An authenticated request reaches the next handler
// with its result in the request's context, for [Principal], [Result] and
// [core.PrincipalFrom].
//
// New returns an error when auth is nil or was not built with [core.New],
// or when an option is nil or invalid. The returned function panics when
// given a nil next handler, which is a mistake in the program's set-up, so
// it shows when routes are built and never at request time.
func New[P any](auth *core.Authenticator[P], opts ...Option) (func(http.Handler) http.Handler, error) {
	if auth == nil {
		return nil, errors.New("httpapikey: nil Authenticator: build one with core.New")
	}
	if len(auth.Schemes()) == 0 {
		return nil, errors.New("httpapikey: Authenticator has no schemes: build it with core.New")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}

	return func(next http.Handler) http.Handler {
		if next == nil {
			panic("httpapikey: nil next handler passed to the middleware")
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if cfg.skip != nil && cfg.skip(r) {
				next.ServeHTTP(w, r)
				return
			}

			ctx := r.Context()
			res, err := auth.Authenticate(ctx, core.FromHTTP(r))
			if err != nil {
				cfg.fail(w, r, err, auth.Render(err))
				return
			}

			if !res.Anonymous() {
				r = r.WithContext(core.NewContext(ctx, res))
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}

// fail responds to a request that failed authentication, with the error
// handler from cfg when there is one.
func (cfg *config) fail(w http.ResponseWriter, r *http.Request, err error, resp core.Response) {
	if cfg.errorHandler != nil {
		cfg.errorHandler(w, r, err, resp)
		return
	}
	writeResponse(w, resp)
}

// writeResponse writes resp as it is: every header value in order, the
// status, then the body.
func writeResponse(w http.ResponseWriter, resp core.Response) {
	h := w.Header()
	for name, values := range resp.Header {
		setHeader(h, name, values)
	}
	w.WriteHeader(resp.Status)

	// A write error means the client has gone, and the status line is
	// already sent, so the error is dropped.
	_, _ = w.Write(resp.Body)
}

// setHeader replaces the header called name in h with values, in order.
func setHeader(h http.Header, name string, values []string) {
	h.Del(name)
	for _, v := range values {
		h.Add(name, v)
	}
}

// Principal returns the principal that the middleware stored in r's
// context, and false when there is none: the request was skipped or
// anonymous, or passed no middleware built for principal type P.
func Principal[P any](r *http.Request) (P, bool) {
	return core.PrincipalFrom[P](r.Context())
}

// Result returns the authentication result that the middleware stored in
// r's context, with the scheme that accepted the key, and false when there
// is none. It reports false in the same cases as [Principal].
func Result[P any](r *http.Request) (core.Result[P], bool) {
	return core.FromContext[P](r.Context())
}
