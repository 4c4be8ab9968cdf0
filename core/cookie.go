package core

import "strings"

// extractCookie finds the scheme's cookie in the values of every Cookie
// header line, because HTTP/2 clients may split cookies over several lines.
// Pairs are parsed as net/http's Request.Cookies parses them: a pair with an
// invalid name is skipped, and a value in double quotes is unquoted. A value
// of the scheme's own cookie that net/http would drop as invalid makes the
// request malformed instead, so the key is never silently ignored.
func (s *Scheme) extractCookie(lines []string) extraction {
	var c collector
	for _, line := range lines {
		for line != "" {
			var part string
			part, line, _ = strings.Cut(line, ";")

			part = strings.Trim(part, " \t")
			name, value, _ := strings.Cut(part, "=")
			if strings.Trim(name, " \t") != s.name {
				continue
			}

			value, ok := unquoteCookieValue(value)
			if !ok {
				return extraction{
					status: extractMalformed,
					detail: "Malformed API key: " + s.String() + " has an invalid value",
				}
			}
			c.add(value, s.duplicates)
		}
	}
	return c.result(s, "appears several times with different values")
}

// unquoteCookieValue removes one pair of surrounding double quotes and
// reports whether every remaining byte is allowed in a cookie value by the
// same rule as net/http: printable ASCII other than '"', ';' and '\'.
func unquoteCookieValue(v string) (string, bool) {
	if len(v) > 1 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	for i := 0; i < len(v); i++ {
		b := v[i]
		if b < 0x20 || b >= 0x7f || b == '"' || b == ';' || b == '\\' {
			return "", false
		}
	}
	return v, true
}
