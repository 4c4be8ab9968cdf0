package core

import (
	"net/url"
	"strings"
)

// extractQuery finds the scheme's parameter in a raw query string. Pairs are
// split on '&' only, and names and values are decoded as
// [url.QueryUnescape] does ('+' is a space). A pair whose name cannot be
// decoded belongs to another parameter and is skipped. A value of the
// scheme's own parameter that cannot be decoded makes the request malformed.
func (s *Scheme) extractQuery(raw string) extraction {
	var c collector
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")

		name, value, _ := strings.Cut(pair, "=")
		if !s.queryNameMatches(name) {
			continue
		}

		decoded, err := url.QueryUnescape(value)
		if err != nil {
			return extraction{
				status: extractMalformed,
				detail: "Malformed API key: " + s.String() + " has an invalid percent-escape",
			}
		}
		c.add(decoded, s.duplicates)
	}
	return c.result(s, "has several different values")
}

func (s *Scheme) queryNameMatches(raw string) bool {
	if raw == s.name {
		return true
	}
	if !strings.ContainsAny(raw, "%+") {
		return false
	}
	name, err := url.QueryUnescape(raw)
	return err == nil && name == s.name
}
