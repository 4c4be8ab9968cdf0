package core

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Option configures an [Authenticator].
type Option func(*options) error

type options struct {
	renderer          Renderer
	logger            *slog.Logger
	anonymousRejected bool
	retryAfter        time.Duration
	timeout           time.Duration
}

// DefaultRetryAfter is the Retry-After sent with a 503 when neither the
// validator's error nor [WithRetryAfter] gives one.
const DefaultRetryAfter = 5 * time.Second

func defaultOptions() options {
	return options{renderer: RenderFastAPI, retryAfter: DefaultRetryAfter}
}

// WithRenderer replaces the function that builds error responses. See
// [Renderer] for its contract; [RenderProblem], [RenderUnauthorized] and
// [RenderLegacyFastAPI] are ready-made alternatives.
func WithRenderer(r Renderer) Option {
	return func(o *options) error {
		if r == nil {
			return errors.New("apikey: nil Renderer")
		}
		o.renderer = r
		return nil
	}
}

// WithLogger sets the logger for validator failures and panics (level
// Error) and rejected keys (level Debug). Log records name the scheme and
// carry a short fingerprint of the key, never the key. The default is no
// logging.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		o.logger = l
		return nil
	}
}

// WithAnonymousOnRejected lets a request whose key was rejected by an
// optional scheme continue as anonymous instead of getting 403. Required
// schemes still respond with 403.
func WithAnonymousOnRejected() Option {
	return func(o *options) error {
		o.anonymousRejected = true
		return nil
	}
}

// WithRetryAfter sets the Retry-After sent with a 503 when the validator's
// error does not carry one. It must be positive.
func WithRetryAfter(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("apikey: invalid Retry-After %v: want a positive duration", d)
		}
		o.retryAfter = d
		return nil
	}
}

// WithTimeout bounds each validation with a deadline on the context the
// validator receives. A validator that stops at the deadline gets 503. It
// must be positive; the default is no deadline beyond the request's own.
func WithTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("apikey: invalid timeout %v: want a positive duration", d)
		}
		o.timeout = d
		return nil
	}
}
