package core

import (
	"errors"
	"time"
)

// Sentinel errors for the outcomes of authentication. Every error that
// [Authenticator.Authenticate] returns is an [*Error] that matches exactly
// one of them with [errors.Is].
var (
	// ErrMissing means no scheme found a key and at least one is required.
	ErrMissing = errors.New("apikey: credential missing")
	// ErrAmbiguous means a source carries several different keys.
	ErrAmbiguous = errors.New("apikey: ambiguous credential")
	// ErrMalformed means a source carries a key that cannot be decoded.
	ErrMalformed = errors.New("apikey: malformed credential")
	// ErrInvalidKey is what a validator returns, possibly wrapped, for a key
	// that it does not accept.
	ErrInvalidKey = errors.New("apikey: invalid key")
	// ErrUnavailable is what a validator returns, possibly wrapped, when the
	// key store cannot be reached. The request gets 503 with Retry-After.
	ErrUnavailable = errors.New("apikey: key store unavailable")
	// ErrVerification means the validator failed or panicked for a reason
	// other than an invalid key. The request gets 500.
	ErrVerification = errors.New("apikey: could not verify credential")
)

// Error is the error that authentication returns for every outcome other
// than success. It carries what the response needs; its Error string and
// fields never contain the key.
type Error struct {
	// Status is the HTTP status code: 400, 401, 403, 500 or 503.
	Status int
	// Code is a stable machine-readable code: missing_credential,
	// ambiguous_credential, malformed_credential, invalid_key,
	// verification_failed or unavailable.
	Code string
	// Message is the public detail for the response body.
	Message string
	// Challenges holds one WWW-Authenticate challenge per distinct scheme,
	// in declared order. It is set only for a missing credential.
	Challenges []string
	// RetryAfter is the wait suggested to the client on a 503.
	RetryAfter time.Duration
	// Scheme is the scheme whose credential decided the outcome, or nil
	// when no credential was found.
	Scheme *Scheme
	// Err is the cause reported by the validator, with every recognisable
	// trace of the key removed from its message. errors.Is matches what
	// the validator's error matched, but errors.As cannot reach the
	// validator's error, which may hold the key. It is nil for extraction
	// failures.
	Err error

	kind     error
	response *Response // rendered once because it is the same for every request
}

// Error returns the public message together with the cause, if any.
func (e *Error) Error() string {
	msg := "apikey: " + e.Message
	if e.Scheme != nil {
		msg += " (" + e.Scheme.String() + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the sentinel that classifies the error and, when there is
// one, the cause.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.kind, e.Err}
	}
	return []error{e.kind}
}
