package core

import "context"

// Result is the outcome of a successful authentication.
type Result[P any] struct {
	// Principal is the validator's return value, or the zero value for an
	// anonymous request.
	Principal P
	// Scheme is the scheme whose key was accepted, or nil for an anonymous
	// request let through by an optional scheme.
	Scheme *Scheme
}

// Anonymous reports whether no key was accepted, so that the request passed
// only because its schemes are optional.
func (r Result[P]) Anonymous() bool { return r.Scheme == nil }

// resultKey is the context key for a Result[P]; each principal type has its
// own key, so lookups are type-safe.
type resultKey[P any] struct{}

// NewContext returns a copy of ctx that carries r. Adapters call it for
// every authenticated request, so handlers reach the principal through
// [PrincipalFrom] without importing a framework. It costs one allocation,
// where context.WithValue with a boxed result would cost two.
func NewContext[P any](ctx context.Context, r Result[P]) context.Context {
	return &resultContext[P]{Context: ctx, result: r}
}

// resultContext is a context that carries a Result[P] in place of the
// pair that context.WithValue would allocate.
type resultContext[P any] struct {
	context.Context
	result Result[P]
}

// Value returns a pointer to the stored result for resultKey[P], which
// needs no allocation, and delegates any other key to the parent.
func (c *resultContext[P]) Value(key any) any {
	if _, ok := key.(resultKey[P]); ok {
		return &c.result
	}
	return c.Context.Value(key)
}

// FromContext returns the result stored by [NewContext] for principal type
// P, and false when the request was not authenticated.
func FromContext[P any](ctx context.Context) (Result[P], bool) {
	r, ok := ctx.Value(resultKey[P]{}).(*Result[P])
	if !ok {
		return Result[P]{}, false
	}
	return *r, true
}

// PrincipalFrom returns the principal of type P stored in ctx, and false
// when there is none: the request was anonymous, or no middleware with
// principal type P ran.
func PrincipalFrom[P any](ctx context.Context) (P, bool) {
	r, ok := FromContext[P](ctx)
	return r.Principal, ok
}
