package core

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode"
)

// Source is the part of the request that a scheme reads the key from.
type Source int

// The sources a scheme can read from. The values match OpenAPI's "in" field
// through [Source.String].
const (
	SourceHeader Source = iota + 1
	SourceQuery
	SourceCookie
)

// String returns the OpenAPI name of the source: "header", "query" or
// "cookie".
func (s Source) String() string {
	switch s {
	case SourceHeader:
		return "header"
	case SourceQuery:
		return "query"
	case SourceCookie:
		return "cookie"
	}
	return fmt.Sprintf("Source(%d)", int(s))
}

// label is the source as an error message names it.
func (s Source) label() string {
	if s == SourceQuery {
		return "query parameter"
	}
	return s.String()
}

// Duplicates decides what happens when one source carries several different
// values, such as two X-API-Key lines or ?api_key=a&api_key=b.
type Duplicates int

const (
	// DuplicatesReject makes the request fail with 400 when the values differ. Repeats of one
	// identical value are accepted. It is the default.
	DuplicatesReject Duplicates = iota
	// DuplicatesFirst uses the first non-empty value.
	DuplicatesFirst
	// DuplicatesLast uses the last non-empty value.
	DuplicatesLast
)

// Scheme describes where one API key is read from and how it appears in the
// OpenAPI document. A Scheme is immutable and safe for concurrent use; build
// one with [Header], [Query], [Cookie] or [Authorization].
type Scheme struct {
	source      Source
	name        string
	headerKey   string // canonical form of name, the fastest lookup in net/http
	prefix      string
	schemeName  string
	description string
	optional    bool
	duplicates  Duplicates
}

// SchemeOption configures a [Scheme].
type SchemeOption func(*Scheme)

// WithSchemeName sets the name under which the scheme appears in the OpenAPI
// document's components.securitySchemes. The default is APIKeyHeader,
// APIKeyQuery or APIKeyCookie, and HTTPBearer for an Authorization scheme
// with the Bearer prefix.
func WithSchemeName(name string) SchemeOption {
	return func(s *Scheme) { s.schemeName = name }
}

// WithDescription sets the scheme's description in the OpenAPI document.
func WithDescription(description string) SchemeOption {
	return func(s *Scheme) { s.description = description }
}

// Optional makes the scheme optional, like FastAPI's auto_error=False: a
// request without the key reaches the handler with no principal instead of
// getting 401.
func Optional() SchemeOption {
	return func(s *Scheme) { s.optional = true }
}

// WithDuplicates sets how several different values in the scheme's source
// are handled. The default is [DuplicatesReject].
func WithDuplicates(d Duplicates) SchemeOption {
	return func(s *Scheme) { s.duplicates = d }
}

// Header returns a scheme that reads the key from the header called name,
// matched case-insensitively. The name must be a valid HTTP field name.
func Header(name string, opts ...SchemeOption) (*Scheme, error) {
	if !isToken(name) {
		return nil, fmt.Errorf("apikey: invalid header name %q: want a non-empty HTTP token such as X-API-Key", name)
	}
	if strings.EqualFold(name, "Cookie") {
		return nil, errors.New(`apikey: header name "Cookie" would read the whole cookie line: use Cookie(name) for one cookie`)
	}
	return newScheme(&Scheme{source: SourceHeader, name: name, schemeName: "APIKeyHeader"}, opts)
}

// Query returns a scheme that reads the key from the query parameter called
// name, matched case-sensitively after URL-decoding.
func Query(name string, opts ...SchemeOption) (*Scheme, error) {
	if name == "" {
		return nil, errors.New("apikey: empty query parameter name: want a name such as api_key")
	}
	if i := strings.IndexFunc(name, invalidQueryNameRune); i >= 0 {
		return nil, fmt.Errorf("apikey: invalid query parameter name %q: it must not contain whitespace, control characters, '&', '=' or '#'", name)
	}
	return newScheme(&Scheme{source: SourceQuery, name: name, schemeName: "APIKeyQuery"}, opts)
}

// Cookie returns a scheme that reads the key from the cookie called name,
// matched case-sensitively. The name must be a valid cookie name.
func Cookie(name string, opts ...SchemeOption) (*Scheme, error) {
	if !isToken(name) {
		return nil, fmt.Errorf("apikey: invalid cookie name %q: want a non-empty HTTP token such as session_id", name)
	}
	return newScheme(&Scheme{source: SourceCookie, name: name, schemeName: "APIKeyCookie"}, opts)
}

// Authorization returns a scheme that reads the key from the Authorization
// header after prefix, an authentication scheme such as Bearer or Token.
// The prefix matches case-insensitively and must be followed by one or more
// spaces; the rest of the value is the key. A 401 challenges with the prefix
// as written here.
func Authorization(prefix string, opts ...SchemeOption) (*Scheme, error) {
	if !isToken(prefix) {
		return nil, fmt.Errorf("apikey: invalid Authorization prefix %q: want an HTTP token such as Bearer", prefix)
	}
	schemeName := "APIKeyAuthorization"
	if strings.EqualFold(prefix, "Bearer") {
		schemeName = "HTTPBearer"
	}
	s := &Scheme{source: SourceHeader, name: "Authorization", prefix: prefix, schemeName: schemeName}
	return newScheme(s, opts)
}

// componentName is the pattern that OpenAPI requires of a key in
// components.securitySchemes.
var componentName = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

func newScheme(s *Scheme, opts []SchemeOption) (*Scheme, error) {
	s.headerKey = http.CanonicalHeaderKey(s.name)
	for _, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("apikey: nil SchemeOption for %s %q", s.source.label(), s.name)
		}
		opt(s)
	}

	if !componentName.MatchString(s.schemeName) {
		return nil, fmt.Errorf("apikey: invalid scheme name %q: OpenAPI allows only letters, digits, '.', '-' and '_'", s.schemeName)
	}
	if s.duplicates < DuplicatesReject || s.duplicates > DuplicatesLast {
		return nil, fmt.Errorf("apikey: unknown Duplicates value %d", int(s.duplicates))
	}
	return s, nil
}

// Source returns where the scheme reads the key from.
func (s *Scheme) Source() Source { return s.source }

// Name returns the header, query parameter or cookie name.
func (s *Scheme) Name() string { return s.name }

// Prefix returns the Authorization prefix, or "" for other schemes.
func (s *Scheme) Prefix() string { return s.prefix }

// SchemeName returns the name used in the OpenAPI document.
func (s *Scheme) SchemeName() string { return s.schemeName }

// Description returns the OpenAPI description, or "".
func (s *Scheme) Description() string { return s.description }

// IsOptional reports whether a missing key lets the request through.
func (s *Scheme) IsOptional() bool { return s.optional }

// Challenge returns the WWW-Authenticate challenge sent when the key is
// missing: "APIKey", or the prefix of an Authorization scheme.
func (s *Scheme) Challenge() string {
	if s.prefix != "" {
		return s.prefix
	}
	return "APIKey"
}

// String describes the scheme for logs and error messages, such as
// "header X-API-Key" or "header Authorization with prefix Bearer".
func (s *Scheme) String() string {
	if s.prefix != "" {
		return "header " + s.name + " with prefix " + s.prefix
	}
	return s.source.label() + " " + s.name
}

// invalidQueryNameRune reports whether r cannot appear in a query parameter
// name that a client would send: such a name could only arrive encoded, and
// is far more likely a mistake.
func invalidQueryNameRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("&=#", r)
}

// isToken reports whether v is a non-empty RFC 9110 token.
func isToken(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isTokenByte(v[i]) {
			return false
		}
	}
	return true
}

func isTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
