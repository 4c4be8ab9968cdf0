package core

import (
	"fmt"
	"strings"
	"unicode"
)

// PathSyntax is the route pattern syntax of a router, which
// [OpenAPIPaths] converts to OpenAPI's path templates.
type PathSyntax int

// The router syntaxes that [OpenAPIPaths] understands.
const (
	// SyntaxServeMux is net/http's ServeMux pattern since Go 1.22:
	// "[METHOD ][HOST]/path" with {name}, {name...} and {$}.
	SyntaxServeMux PathSyntax = iota + 1
	// SyntaxGin is Gin's syntax: :name up to the next '/', and a final
	// *name catch-all.
	SyntaxGin
	// SyntaxEcho is Echo's syntax: :name up to the next '/', a final *
	// wildcard, and \: for a literal colon.
	SyntaxEcho
	// SyntaxFiber is Fiber's syntax: :name up to the next '/', '-' or '.',
	// an optional constraint such as :id<int>, an optional parameter :name?,
	// the greedy * and +, and '\' to escape the next character.
	SyntaxFiber
)

// maxOptionalParams bounds the number of optional Fiber parameters in one
// route, because each doubles the number of OpenAPI paths.
const maxOptionalParams = 4

// OpenAPIPaths converts pattern, a route in the given syntax, to OpenAPI
// path templates, in which every path parameter is written {name}.
//
// A named catch-all keeps its name (Gin's *filepath becomes {filepath},
// ServeMux's {path...} becomes {path}). An unnamed greedy wildcard (Echo's
// and Fiber's *, Fiber's +) becomes {wildcard}, or {wildcard1},
// {wildcard2}, … when a Fiber route has several. ServeMux's {$} is dropped,
// which leaves the trailing slash that it anchors.
//
// OpenAPI path parameters are always required, so a Fiber route with an
// optional parameter yields two paths, one with the parameter and one
// without it: /users/:id? gives /users/{id} and /users. Every other route
// yields one path.
//
// For SyntaxServeMux, method is the pattern's method prefix, such as GET
// in "GET /users/{id}", or "" when it has none. It is "" for every other
// syntax.
//
// OpenAPIPaths returns an error for a pattern that the router itself
// rejects, for a parameter name used twice, and for a literal '{' or '}',
// which OpenAPI path templates reserve.
func OpenAPIPaths(syntax PathSyntax, pattern string) (method string, paths []string, err error) {
	switch syntax {
	case SyntaxServeMux:
		return convertServeMux(pattern)
	case SyntaxGin:
		if !strings.HasPrefix(pattern, "/") {
			return "", nil, fmt.Errorf("apikey: invalid Gin route %q: want a path that starts with '/'", pattern)
		}
		paths, err = convertColon(pattern, colonRules{name: "Gin", stop: "/", namedCatchAll: true})
	case SyntaxEcho:
		paths, err = convertColon(leadingSlash(pattern), colonRules{name: "Echo", stop: "/\\", escapes: true})
	case SyntaxFiber:
		paths, err = convertColon(leadingSlash(pattern), colonRules{
			name: "Fiber", stop: "/-.:\\?<*+", escapes: true, constraints: true, optional: true, plus: true,
		})
	default:
		return "", nil, fmt.Errorf("apikey: unknown PathSyntax %d", int(syntax))
	}
	return "", paths, err
}

// leadingSlash adds the leading '/' that Echo and Fiber add themselves.
func leadingSlash(p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	return "/" + p
}

// convertServeMux converts a net/http ServeMux pattern.
func convertServeMux(pattern string) (string, []string, error) {
	method, rest := "", pattern
	if i := strings.IndexAny(pattern, " \t"); i >= 0 {
		method, rest = pattern[:i], strings.TrimLeft(pattern[i:], " \t")
		if !isToken(method) {
			return "", nil, fmt.Errorf("apikey: invalid ServeMux pattern %q: the method %q is not an HTTP token", pattern, method)
		}
	}
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		return "", nil, fmt.Errorf("apikey: invalid ServeMux pattern %q: want a path that starts with '/'", pattern)
	}
	path := rest[slash:] // a host before the path does not appear in OpenAPI paths

	segments := strings.Split(path, "/")
	seen := make(map[string]bool)
	for i, seg := range segments {
		if !strings.ContainsAny(seg, "{}") {
			continue
		}
		last := i == len(segments)-1
		if seg == "{$}" {
			if !last {
				return "", nil, fmt.Errorf("apikey: invalid ServeMux pattern %q: {$} must be the last segment", pattern)
			}
			segments[i] = ""
			continue
		}
		if len(seg) < 3 || seg[0] != '{' || seg[len(seg)-1] != '}' {
			return "", nil, fmt.Errorf("apikey: invalid ServeMux pattern %q: a wildcard must be a whole segment such as {id}", pattern)
		}
		name := seg[1 : len(seg)-1]
		if rest, ok := strings.CutSuffix(name, "..."); ok {
			if !last {
				return "", nil, fmt.Errorf("apikey: invalid ServeMux pattern %q: {%s} must be the last segment", pattern, name)
			}
			name = rest
		}
		if !isGoIdentifier(name) {
			return "", nil, fmt.Errorf("apikey: invalid ServeMux pattern %q: wildcard name %q is not a Go identifier", pattern, name)
		}
		if seen[name] {
			return "", nil, fmt.Errorf("apikey: invalid ServeMux pattern %q: wildcard name %q is used twice", pattern, name)
		}
		seen[name] = true
		segments[i] = "{" + name + "}"
	}
	return method, []string{strings.Join(segments, "/")}, nil
}

func isGoIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}
