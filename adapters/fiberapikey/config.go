package fiberapikey

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/go-apikey/apikey/core"
)

// Option configures the middleware that [New] builds. An Option returns an
// error for an invalid setting, and New returns that error.
type Option func(*config) error

type config struct {
	skip            func(c *fiber.Ctx) bool
	errorHandler    func(c *fiber.Ctx, err error, resp core.Response) error
	frameworkErrors bool
}

// WithSkipper sets a function that decides, per request, to bypass
// authentication. A skipped request reaches the next handler with no
// principal stored. A nil skip makes [New] return an error.
func WithSkipper(skip func(c *fiber.Ctx) bool) Option {
	return func(cfg *config) error {
		if skip == nil {
			return errors.New("fiberapikey: nil skipper passed to WithSkipper")
		}
		cfg.skip = skip
		return nil
	}
}

// WithErrorHandler sets a function that responds to a failed request in
// place of writing resp, the response that [core.Authenticator.Render] built
// for err.
// The err is a [*core.Error], so errors.Is and errors.As work on it. The
// middleware does not call the next handler, and it returns what h returns,
// so a non-nil error goes on to Fiber's ErrorHandler. A nil h, or h
// together with [WithFrameworkErrors], makes [New] return an error.
func WithErrorHandler(h func(c *fiber.Ctx, err error, resp core.Response) error) Option {
	return func(cfg *config) error {
		if h == nil {
			return errors.New("fiberapikey: nil handler passed to WithErrorHandler")
		}
		cfg.errorHandler = h
		return nil
	}
}

// WithFrameworkErrors makes the middleware return a [*fiber.Error] to
// Fiber's ErrorHandler instead of writing the core's response. The error's
// Code is the rendered status, and its Message is the public message of
// the [*core.Error], such as "Not authenticated", which never contains the
// key.
//
// Before returning, the middleware sets the rendered WWW-Authenticate,
// Cache-Control and Retry-After headers on the response. Fiber's default
// ErrorHandler keeps them: it only sets Content-Type to
// "text/plain; charset=utf-8", the status to Code and the body to Message.
// A custom ErrorHandler that resets the response drops them.
//
// Combining it with [WithErrorHandler] makes [New] return an error, since
// both replace the response to a failed request.
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
			return config{}, fmt.Errorf("fiberapikey: option %d is nil", i)
		}
		if err := opt(&cfg); err != nil {
			return config{}, err
		}
	}
	if cfg.errorHandler != nil && cfg.frameworkErrors {
		return config{}, errors.New(
			"fiberapikey: WithErrorHandler and WithFrameworkErrors both replace the error response: pass only one")
	}
	return cfg, nil
}
