package echoapikey

import (
	"errors"
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/go-apikey/apikey/core"
)

// Option configures the middleware that [New] builds. An Option returns an
// error for an invalid setting, and New returns that error.
type Option func(*config) error

type config struct {
	skip            func(c echo.Context) bool
	errorHandler    func(c echo.Context, err error, resp core.Response) error
	frameworkErrors bool
}

// WithSkipper sets a function that decides, per request, to bypass
// authentication. A skipped request reaches the next handler with no
// principal stored. A function of Echo's middleware.Skipper type fits. A nil
// skip makes [New] return an error.
func WithSkipper(skip func(c echo.Context) bool) Option {
	return func(cfg *config) error {
		if skip == nil {
			return errors.New("echoapikey: nil skipper passed to WithSkipper")
		}
		cfg.skip = skip
		return nil
	}
}

// WithErrorHandler sets a function that writes the response to a failed
// request in place of resp, the response that [core.Authenticator.Render]
// built for err. The err is a [*core.Error], so errors.Is and errors.As work
// on it. The middleware returns what h returns and never calls the next
// handler. A nil h, or h together with [WithFrameworkErrors], makes [New]
// return an error.
func WithErrorHandler(h func(c echo.Context, err error, resp core.Response) error) Option {
	return func(cfg *config) error {
		if h == nil {
			return errors.New("echoapikey: nil handler passed to WithErrorHandler")
		}
		cfg.errorHandler = h
		return nil
	}
}

// WithFrameworkErrors makes the middleware return an [*echo.HTTPError] for a
// failed request instead of writing the response, so that Echo's
// HTTPErrorHandler writes the body.
//
// The HTTPError's Code is the rendered status, its Message is the public
// detail of the [*core.Error] (such as "Not authenticated"), and its Internal
// is the *core.Error itself. Before returning, the middleware copies the
// rendered WWW-Authenticate, Cache-Control and Retry-After headers to
// c.Response().Header(), so they reach the client unless the error handler
// removes them. The rendered body and its other headers are not sent.
func WithFrameworkErrors() Option {
	return func(cfg *config) error {
		cfg.frameworkErrors = true
		return nil
	}
}

func newConfig(opts []Option) (config, error) {
	var cfg config
	for i, opt := range opts {
		if opt == nil {
			return config{}, fmt.Errorf("echoapikey: option %d is nil", i)
		}
		if err := opt(&cfg); err != nil {
			return config{}, err
		}
	}
	if cfg.errorHandler != nil && cfg.frameworkErrors {
		return config{}, errors.New("echoapikey: WithErrorHandler and WithFrameworkErrors both replace the response: pass only one")
	}
	return cfg, nil
}
