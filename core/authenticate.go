package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// Authenticate reads the request's credential and validates it.
//
// On success it returns the result and nil. The result is anonymous when no
// key was present and every scheme is optional, or when an optional scheme
// rejected the key under [WithAnonymousOnRejected]. Otherwise it returns an
// [*Error] that [Authenticator.Render] turns into the response. A returned
// *Error may be shared between requests and must not be modified.
func (a *Authenticator[P]) Authenticate(ctx context.Context, r Request) (Result[P], error) {
	if a.validator == nil {
		// A zero Authenticator, not built with New, must never let a
		// request through.
		return Result[P]{}, asError(errors.New("apikey: Authenticator not built with core.New"))
	}
	for i, s := range a.schemes {
		x := s.extract(r)
		switch x.status {
		case extractMissing:
			continue
		case extractFound:
			return a.validate(ctx, i, x.key)
		}
		return Result[P]{}, badRequest(s, x)
	}

	if a.required {
		return Result[P]{}, a.missing
	}
	return Result[P]{}, nil
}

func (a *Authenticator[P]) validate(ctx context.Context, i int, key string) (res Result[P], err error) {
	s := a.schemes[i]
	if a.opts.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, a.opts.timeout)
		defer cancel()
	}
	defer func() {
		if rec := recover(); rec != nil {
			res, err = Result[P]{}, a.panicked(ctx, s, key, rec)
		}
	}()

	p, verr := a.validator.Validate(ctx, key, s)
	switch {
	case verr == nil:
		return Result[P]{Principal: p, Scheme: s}, nil
	case errors.Is(verr, ErrInvalidKey):
		return a.rejected(ctx, i, key, verr)
	}
	return Result[P]{}, a.failed(ctx, s, key, verr)
}

func (a *Authenticator[P]) rejected(ctx context.Context, i int, key string, cause error) (Result[P], error) {
	s := a.schemes[i]
	if l := a.opts.logger; l != nil && l.Enabled(ctx, slog.LevelDebug) {
		l.LogAttrs(ctx, slog.LevelDebug, "apikey: key rejected",
			slog.String("scheme", s.schemeName), slog.String("source", s.String()),
			slog.String("key_fingerprint", Fingerprint(key)))
	}

	if s.optional && a.opts.anonymousRejected {
		return Result[P]{}, nil
	}
	if cause == ErrInvalidKey {
		return Result[P]{}, a.invalid[i]
	}
	e := *a.invalid[i]
	e.Err = redact(cause, key)
	return Result[P]{}, &e
}

// failed classifies a validator error that is not an invalid key.
func (a *Authenticator[P]) failed(ctx context.Context, s *Scheme, key string, original error) error {
	cause := redact(original, key)
	e := &Error{
		Status:  http.StatusInternalServerError,
		Code:    "verification_failed",
		Message: "Internal Server Error",
		Scheme:  s,
		Err:     cause,
		kind:    ErrVerification,
	}
	if errors.Is(cause, ErrUnavailable) || errors.Is(cause, context.DeadlineExceeded) || errors.Is(cause, context.Canceled) {
		e.Status = http.StatusServiceUnavailable
		e.Code = "unavailable"
		e.Message = "Service Unavailable"
		e.RetryAfter = a.retryAfter(original)
		e.kind = ErrUnavailable
	}

	if l := a.opts.logger; l != nil {
		// A canceled request usually means that the client went away, which
		// is no fault of the service.
		level, msg := slog.LevelError, "apikey: validator failed"
		if errors.Is(cause, context.Canceled) {
			level, msg = slog.LevelInfo, "apikey: validation canceled"
		}
		l.LogAttrs(ctx, level, msg,
			slog.String("scheme", s.schemeName), slog.String("source", s.String()),
			slog.Int("status", e.Status), slog.String("error", cause.Error()))
	}
	return e
}

func (a *Authenticator[P]) retryAfter(cause error) time.Duration {
	var hint interface{ RetryAfter() time.Duration }
	if errors.As(cause, &hint) && hint.RetryAfter() > 0 {
		return hint.RetryAfter()
	}
	return a.opts.retryAfter
}

func (a *Authenticator[P]) panicked(ctx context.Context, s *Scheme, key string, rec any) error {
	msg := scrub(fmt.Sprint(rec), key)
	if l := a.opts.logger; l != nil {
		l.LogAttrs(ctx, slog.LevelError, "apikey: validator panicked",
			slog.String("scheme", s.schemeName), slog.String("source", s.String()),
			slog.String("panic", msg), slog.String("stack", string(debug.Stack())))
	}
	return &Error{
		Status:  http.StatusInternalServerError,
		Code:    "verification_failed",
		Message: "Internal Server Error",
		Scheme:  s,
		Err:     fmt.Errorf("validator panicked: %s", msg),
		kind:    ErrVerification,
	}
}

// Render returns the response for err, which should come from
// [Authenticator.Authenticate]. Any other error gets a 500 response. If the
// renderer panics or returns a status outside 300 to 599, the response
// falls back to [RenderFastAPI], so a failure never looks like a success.
func (a *Authenticator[P]) Render(err error) (resp Response) {
	e, ok := err.(*Error)
	if !ok {
		e = asError(err)
	}
	if e.response != nil {
		return *e.response
	}

	defer func() {
		if recover() != nil || !isErrorStatus(resp.Status) {
			resp = RenderFastAPI(e)
		}
	}()
	return a.opts.renderer(e)
}

// asError finds the *Error in err's chain, or builds a 500 for an error that
// did not come from Authenticate. It is kept apart from Render because the
// pointer that errors.As needs would otherwise move Render's variable to the
// heap on every call.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{
		Status:  http.StatusInternalServerError,
		Code:    "verification_failed",
		Message: "Internal Server Error",
		kind:    ErrVerification,
	}
}

// Fingerprint returns a short, stable identifier for key that is safe to log:
// "sha256:" and the first 12 hex digits of the key's SHA-256 digest.
func Fingerprint(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:6])
}
