package ginapikey

import (
	"errors"
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/go-apikey/apikey/core"
)

// Option configures the middleware that [New] builds. An Option returns an
// error for an invalid setting, and New returns that error.
type Option func(*config) error

type config struct {
	skip            func(c *gin.Context) bool
	errorHandler    func(c *gin.Context, err error, resp core.Response)
	frameworkErrors bool
}

// WithSkipper sets a function that decides, per request, to bypass
// authentication. A skipped request reaches the next handler with no
// principal stored. A nil skip makes [New] return an error.
func WithSkipper(skip func(c *gin.Context) bool) Option {
	return func(cfg *config) error {
		if skip == nil {
			return errors.New("ginapikey: nil skipper passed to WithSkipper")
		}
		cfg.skip = skip
		return nil
	}
}

// WithErrorHandler sets a function that writes the response to a failed
// request in place of resp, the response that [core.Authenticator.Render]
// built for err. The err is a [*core.Error], so errors.Is and errors.As work
// on it. The middleware aborts the handler chain before calling h, so h
// only writes the response. A nil h makes [New] return an error.
func WithErrorHandler(h func(c *gin.Context, err error, resp core.Response)) Option {
	return func(cfg *config) error {
		if h == nil {
			return errors.New("ginapikey: nil handler passed to WithErrorHandler")
		}
		cfg.errorHandler = h
		return nil
	}
}

// WithFrameworkErrors hands a failed request to Gin's own error handling
// instead of writing the core's response body. The middleware sets the
// status and the WWW-Authenticate, Cache-Control and Retry-After headers,
// records the [*core.Error] with c.Error (its Meta is the [core.Response]
// that would have been written) and aborts. An error-handling middleware
// earlier in the chain can then write the body from c.Errors after c.Next
// returns. Without one, the client gets the status and headers with an
// empty body. It cannot be combined with [WithErrorHandler].
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
			return config{}, fmt.Errorf("ginapikey: option %d is nil", i)
		}
		if err := opt(&cfg); err != nil {
			return config{}, err
		}
	}
	if cfg.frameworkErrors && cfg.errorHandler != nil {
		return config{}, errors.New("ginapikey: WithFrameworkErrors and WithErrorHandler both set: choose one")
	}
	return cfg, nil
}
