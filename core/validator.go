package core

import "context"

// Validator turns a key into a principal of the caller's own type P.
//
// Validate receives the request's context, the key exactly as extracted and
// the scheme that carried it. It returns an error that matches
// [ErrInvalidKey] for a key it does not accept (the request gets 403), one
// that matches [ErrUnavailable] or [context.DeadlineExceeded] when the key
// store cannot respond (503), and any other error when it cannot decide
// (500). A panic is recovered and gets 500. Validate must be safe
// for concurrent use.
type Validator[P any] interface {
	Validate(ctx context.Context, key string, scheme *Scheme) (P, error)
}

// ValidatorFunc adapts a function to the [Validator] interface.
type ValidatorFunc[P any] func(ctx context.Context, key string, scheme *Scheme) (P, error)

// Validate calls f.
func (f ValidatorFunc[P]) Validate(ctx context.Context, key string, scheme *Scheme) (P, error) {
	return f(ctx, key, scheme)
}

// KeyOnly returns a validator that accepts every key and makes the key itself
// the principal. It gives FastAPI's extraction-only behaviour, where the
// handler receives the key and checks it, if at all, by itself.
func KeyOnly() Validator[string] {
	return ValidatorFunc[string](func(_ context.Context, key string, _ *Scheme) (string, error) {
		return key, nil
	})
}
