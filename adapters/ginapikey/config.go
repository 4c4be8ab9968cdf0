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
	skip         func(c *gin.Context) bool
	errorHandler func(c *gin.Context, err error, resp core.Response)
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
	return cfg, nil
}
