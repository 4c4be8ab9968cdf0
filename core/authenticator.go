package core

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"time"
)

// Authenticator checks requests against one or more schemes and a
// [Validator]. It is immutable and safe for concurrent use; build it with
// [New] and hand it to an adapter.
type Authenticator[P any] struct {
	schemes   []*Scheme
	validator Validator[P]
	opts      options
	required  bool

	missing *Error   // shared error for a missing credential
	invalid []*Error // shared error for a rejected key, one per scheme
}

// New returns an Authenticator that tries schemes in order: the first scheme
// whose source carries a key decides, and a rejected key there is not rescued
// by a later scheme. Validator v turns the key into a principal; use
// [KeyOnly] when the handler only needs the key.
//
// New returns an error for every misconfiguration. The checks cover no
// schemes, a nil or zero scheme, a nil validator and two schemes reading
// the same source. They also cover a plain header scheme listed before a
// prefixed one on the same header, two different schemes under one OpenAPI
// scheme name, a nil option, [WithAnonymousOnRejected] with no optional
// scheme, and a renderer whose fixed responses are unusable.
func New[P any](schemes []*Scheme, v Validator[P], opts ...Option) (*Authenticator[P], error) {
	if err := checkSchemes(schemes); err != nil {
		return nil, err
	}
	if isNilValidator(v) {
		return nil, errors.New("apikey: nil validator: pass a Validator, or core.KeyOnly() to hand the key to the handler")
	}

	o := defaultOptions()
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("apikey: nil Option")
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}

	a := &Authenticator[P]{schemes: append([]*Scheme(nil), schemes...), validator: v, opts: o}
	anyOptional := false
	for _, s := range schemes {
		a.required = a.required || !s.optional
		anyOptional = anyOptional || s.optional
	}
	if o.anonymousRejected && !anyOptional {
		return nil, errors.New("apikey: WithAnonymousOnRejected has no effect because no scheme is Optional: make a scheme Optional or drop the option")
	}
	if err := a.prerender(); err != nil {
		return nil, err
	}
	return a, nil
}

// isNilValidator reports whether v is nil, or an interface holding a nil
// pointer, func, map or channel, whose every call would fail.
func isNilValidator[P any](v Validator[P]) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Map, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

func checkSchemes(schemes []*Scheme) error {
	if len(schemes) == 0 {
		return errors.New("apikey: no schemes: pass at least one of Header, Query, Cookie or Authorization")
	}
	byName := make(map[string]*Scheme, len(schemes))
	for i, s := range schemes {
		if s == nil {
			return fmt.Errorf("apikey: scheme %d is nil", i)
		}
		if s.source == 0 {
			return fmt.Errorf("apikey: scheme %d was not built with Header, Query, Cookie or Authorization", i)
		}
		for _, prev := range schemes[:i] {
			if sameSource(prev, s) {
				return fmt.Errorf("apikey: %s is listed twice, so the second can never decide", s)
			}
			if shadows(prev, s) {
				return fmt.Errorf("apikey: %s reads every value of the header before %s can: list the prefixed scheme first", prev, s)
			}
		}
		if prev, ok := byName[s.schemeName]; ok && !prev.SameSecurityScheme(s) {
			return fmt.Errorf("apikey: scheme name %q is used by both %s and %s: give one a different name with WithSchemeName", s.schemeName, prev, s)
		}
		byName[s.schemeName] = s
	}
	return nil
}

// shadows reports whether an earlier scheme without a prefix takes every
// value of the header that a later prefixed scheme reads, so the later one
// can never decide.
func shadows(earlier, later *Scheme) bool {
	return earlier.source == SourceHeader && later.source == SourceHeader &&
		earlier.prefix == "" && later.prefix != "" &&
		http.CanonicalHeaderKey(earlier.name) == http.CanonicalHeaderKey(later.name)
}

func sameSource(a, b *Scheme) bool {
	if a.source != b.source || a.prefix != b.prefix {
		return false
	}
	if a.source == SourceHeader {
		return http.CanonicalHeaderKey(a.name) == http.CanonicalHeaderKey(b.name)
	}
	return a.name == b.name
}

// SameSecurityScheme reports whether s and t describe the same OpenAPI
// security scheme: same scheme name, source, name, prefix and description.
// The optional setting and the duplicates policy are not part of the
// security scheme, so a required and an optional header scheme for one
// header can share a scheme name.
func (s *Scheme) SameSecurityScheme(t *Scheme) bool {
	if s == nil || t == nil {
		return s == t
	}
	return s.schemeName == t.schemeName && sameSource(s, t) && s.description == t.description
}

// Schemes returns a copy of the authenticator's schemes in declared order.
func (a *Authenticator[P]) Schemes() []*Scheme {
	return append([]*Scheme(nil), a.schemes...)
}

// Optional reports whether a request without any key is let through, which
// is the case when every scheme is optional.
func (a *Authenticator[P]) Optional() bool { return !a.required }

// prerender builds the shared errors for a missing and a rejected key and
// renders their responses once.
func (a *Authenticator[P]) prerender() error {
	var challenges []string
	for _, s := range a.schemes {
		if !contains(challenges, s.Challenge()) {
			challenges = append(challenges, s.Challenge())
		}
	}
	a.missing = &Error{
		Status:     http.StatusUnauthorized,
		Code:       "missing_credential",
		Message:    "Not authenticated",
		Challenges: challenges,
		kind:       ErrMissing,
	}
	if err := a.cache(a.missing); err != nil {
		return err
	}

	a.invalid = make([]*Error, len(a.schemes))
	for i, s := range a.schemes {
		a.invalid[i] = &Error{
			Status:  http.StatusForbidden,
			Code:    "invalid_key",
			Message: "Could not validate credentials",
			Scheme:  s,
			kind:    ErrInvalidKey,
		}
		if err := a.cache(a.invalid[i]); err != nil {
			return err
		}
	}
	return nil
}

func (a *Authenticator[P]) cache(e *Error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("apikey: renderer panicked for %s: %v", e.Code, r)
		}
	}()

	resp := a.opts.renderer(e)
	if !isErrorStatus(resp.Status) {
		return fmt.Errorf("apikey: renderer returned status %d for %s: want 300 to 599, because a success status would look like a pass", resp.Status, e.Code)
	}
	e.response = &resp
	return nil
}

// isErrorStatus reports whether status may be the response to a failed
// authentication: a redirect, such as to a login page, or a client or
// server error.
func isErrorStatus(status int) bool {
	return status >= 300 && status <= 599
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// Timeout returns the validation deadline set with [WithTimeout], or 0.
func (a *Authenticator[P]) Timeout() time.Duration { return a.opts.timeout }
