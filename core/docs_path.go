package core

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// servePathRule is the end of an invalid path error: the allowed form.
const servePathRule = `want an absolute path made of letters, digits, percent-escapes and - . _ ~ ! $ & ' ( ) , ; = @ /, ` +
	`with no empty, "." or ".." segment`

// routerWildcards are the characters that Gin, Echo or Fiber read as the
// start of a parameter or wildcard anywhere in a route, and ServeMux's
// braces. A docs path that contains one would match other paths too.
const routerWildcards = ":*+{}"

// checkServePath returns an error unless path is an absolute URL path that
// the docs page resolves to its own origin and that routers match
// literally.
func checkServePath(role, path string) error {
	if err := checkURLPath(path, true); err != nil {
		return fmt.Errorf("apikey: invalid %s path %q: %w: %s", role, path, err, servePathRule)
	}
	return nil
}

// checkURLPath returns an error unless path starts with '/' and contains
// only RFC 3986 path characters, valid percent-escapes and no empty, "."
// or ".." segment. Browsers read a backslash as '/', so /\host is a
// different origin to them, and they remove dot segments even when
// percent-encoded, so the path a browser requests would differ from path.
// With forRouter set, the characters in routerWildcards are rejected too.
func checkURLPath(path string, forRouter bool) error {
	if !strings.HasPrefix(path, "/") {
		return errors.New("the path does not start with '/'")
	}

	for i := 0; i < len(path); {
		r, size := utf8.DecodeRuneInString(path[i:])
		switch {
		case r == '%':
			if i+2 >= len(path) || !isHexDigit(path[i+1]) || !isHexDigit(path[i+2]) {
				return fmt.Errorf("invalid percent-escape %q", path[i:min(i+3, len(path))])
			}
			size = 3
		case forRouter && strings.ContainsRune(routerWildcards, r):
			return fmt.Errorf("character %q is not allowed, because routers read it as a parameter or wildcard", r)
		case !isPathChar(r):
			return fmt.Errorf("character %q is not allowed", r)
		}
		i += size
	}

	segments := strings.Split(path[1:], "/")
	for i, segment := range segments {
		// A trailing slash leaves an empty last segment, which is fine.
		if segment == "" && i < len(segments)-1 {
			return errors.New(`empty segment: the path contains "//"`)
		}
		switch strings.ReplaceAll(strings.ToLower(segment), "%2e", ".") {
		case ".":
			return errors.New(`"." segment`)
		case "..":
			return errors.New(`".." segment`)
		}
	}
	return nil
}

// isPathChar reports whether r may appear in a URL path unescaped: an RFC
// 3986 unreserved character, a sub-delimiter, ':', '@' or '/'.
func isPathChar(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return true
	}
	return strings.ContainsRune("-._~!$&'()*+,;=:@/", r)
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// checkSwaggerUIURL returns an error unless base is an absolute http or
// https URL without user info, query or fragment, or an absolute path,
// written with RFC 3986 characters only. The page puts base into the
// href and src of its stylesheet and script elements.
func checkSwaggerUIURL(base string) error {
	for _, r := range base {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return fmt.Errorf("whitespace or control character %q: percent-encode it or remove it", r)
		}
	}
	if strings.HasPrefix(base, "/") {
		if err := checkURLPath(base, false); err != nil {
			return fmt.Errorf("%w: %s", err, servePathRule)
		}
		return nil
	}

	for _, r := range base {
		if r != '%' && !isPathChar(r) && !strings.ContainsRune("?#[]", r) {
			return fmt.Errorf("character %q is not allowed in a URL: percent-encode it, and write an internationalized host name in its xn-- form", r)
		}
	}
	u, err := url.Parse(base)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https", u.Opaque != "", u.Host == "":
		return errors.New("want an http or https URL, or a path that starts with '/'")
	case u.User != nil:
		return errors.New("want a URL without user info")
	case strings.ContainsAny(base, "?#"):
		return errors.New("want a base URL without query or fragment")
	}
	if path := u.EscapedPath(); path != "" {
		if err := checkURLPath(path, false); err != nil {
			return fmt.Errorf("%w in the URL path: %s", err, servePathRule)
		}
	}
	return nil
}
