package core

import "net/http"

// Request is the read-only view of an HTTP request that adapters give the
// core. It hands over raw material only, so that the core does all the
// parsing and every framework gets the same result.
type Request interface {
	// HeaderValues returns the value of every line of the header called
	// name, matched case-insensitively, in the order received. The core
	// passes names in canonical form, such as X-Api-Key. The values
	// are as the HTTP parser left them, with surrounding whitespace
	// removed. Cookie lines are requested through this method too. The
	// core reads the slice before its next call and never keeps it, so an
	// implementation may reuse one slice across calls.
	HeaderValues(name string) []string

	// RawQuery returns the query string without the leading '?', still
	// percent-encoded.
	RawQuery() string
}

// HTTPRequest is the [Request] view of a net/http request. The conversion
// HTTPRequest(r) costs no allocation.
type HTTPRequest http.Request

// HeaderValues returns every value of the header called name.
func (r *HTTPRequest) HeaderValues(name string) []string {
	return http.Header(r.Header).Values(name)
}

// RawQuery returns the request URL's raw query string.
func (r *HTTPRequest) RawQuery() string {
	if r.URL == nil {
		return ""
	}
	return r.URL.RawQuery
}

// FromHTTP returns the [Request] view of r.
func FromHTTP(r *http.Request) Request {
	return (*HTTPRequest)(r)
}
