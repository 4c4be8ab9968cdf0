package core

import (
	"net/http"
	"strings"
)

// extraction is the outcome of reading one scheme's source.
type extraction struct {
	key    string
	status extractStatus
	detail string // public reason for a 400, naming the source and never the value
}

type extractStatus int

const (
	extractMissing extractStatus = iota
	extractFound
	extractAmbiguous
	extractMalformed
)

// Extract reads the key of scheme s from r. It returns the key and true when
// a non-empty key is present. It returns "", false and nil when the key is
// missing, and a non-nil *Error with status 400 when the source is ambiguous
// or malformed.
func (s *Scheme) Extract(r Request) (string, bool, error) {
	x := s.extract(r)
	switch x.status {
	case extractFound:
		return x.key, true, nil
	case extractMissing:
		return "", false, nil
	}
	return "", false, badRequest(s, x)
}

func (s *Scheme) extract(r Request) extraction {
	switch s.source {
	case SourceQuery:
		return s.extractQuery(r.RawQuery())
	case SourceCookie:
		return s.extractCookie(r.HeaderValues("Cookie"))
	}
	return s.extractHeader(r.HeaderValues(s.headerKey))
}

func (s *Scheme) extractHeader(lines []string) extraction {
	var c collector
	for _, v := range lines {
		if s.prefix != "" {
			v = stripPrefix(v, s.prefix)
		}
		c.add(v, s.duplicates)
	}
	return c.result(s, "has several different values")
}

// stripPrefix returns the credentials after an RFC 9110 auth-scheme prefix
// that matches case-insensitively and is followed by one or more spaces, or
// "" when v does not start that way.
func stripPrefix(v, prefix string) string {
	if len(v) <= len(prefix) || !strings.EqualFold(v[:len(prefix)], prefix) || v[len(prefix)] != ' ' {
		return ""
	}
	return strings.TrimLeft(v[len(prefix):], " ")
}

// collector gathers the non-empty values of one source under a
// [Duplicates] policy.
type collector struct {
	key       string
	found     bool
	ambiguous bool
}

func (c *collector) add(v string, d Duplicates) {
	if v == "" {
		return
	}
	switch {
	case !c.found:
		c.key, c.found = v, true
	case d == DuplicatesLast:
		c.key = v
	case d == DuplicatesReject && v != c.key:
		c.ambiguous = true
	}
}

func (c *collector) result(s *Scheme, ambiguousReason string) extraction {
	switch {
	case c.ambiguous:
		return extraction{status: extractAmbiguous, detail: "Ambiguous API key: " + s.String() + " " + ambiguousReason}
	case c.found:
		return extraction{status: extractFound, key: c.key}
	}
	return extraction{status: extractMissing}
}

func badRequest(s *Scheme, x extraction) *Error {
	code, sentinel := "malformed_credential", ErrMalformed
	if x.status == extractAmbiguous {
		code, sentinel = "ambiguous_credential", ErrAmbiguous
	}
	return &Error{
		Status:  http.StatusBadRequest,
		Code:    code,
		Message: x.detail,
		Scheme:  s,
		kind:    sentinel,
	}
}
