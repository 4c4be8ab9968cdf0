package core

import (
	"fmt"
	"strings"
)

// Operation is one guarded route as the OpenAPI document lists it.
type Operation struct {
	// Method is the HTTP method, in any case: one of GET, PUT, POST,
	// DELETE, OPTIONS, HEAD, PATCH and TRACE, which OpenAPI 3.0 and 3.1
	// can describe.
	Method string
	// Path is the OpenAPI path template, such as /users/{id}.
	// [OpenAPIPaths] converts a router's own syntax to it.
	Path string
	// Schemes are the schemes that guard the route, in declared order,
	// as [Authenticator.Schemes] returns them.
	Schemes []*Scheme
	// Optional reports whether a request without a key is let through,
	// as [Authenticator.Optional] returns it.
	Optional bool
}

// openAPIMethods are the methods that a Path Item Object has a field for,
// in the spec's order, which is also the order of a built document.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// normalize returns op with its method in lower case and its schemes
// copied, or an error naming what is invalid.
func (op Operation) normalize() (Operation, error) {
	method := strings.ToLower(op.Method)
	if methodRank(method) < 0 {
		return op, fmt.Errorf("apikey: invalid Operation method %q for %q: want one of GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH or TRACE", op.Method, op.Path)
	}
	if _, err := pathParams(op.Path); err != nil {
		return op, err
	}
	if len(op.Schemes) == 0 {
		return op, fmt.Errorf("apikey: Operation %s %s has no schemes: record only guarded routes", op.Method, op.Path)
	}
	for i, s := range op.Schemes {
		if s == nil {
			return op, fmt.Errorf("apikey: Operation %s %s: scheme %d is nil", op.Method, op.Path, i)
		}
	}

	op.Method = method
	op.Schemes = append([]*Scheme(nil), op.Schemes...)
	return op, nil
}

func methodRank(method string) int {
	for i, m := range openAPIMethods {
		if m == method {
			return i
		}
	}
	return -1
}

// pathParams returns the parameter names of an OpenAPI path template in
// order. It returns an error for a path that does not start with '/', an
// unbalanced or empty {}, and a name used twice.
func pathParams(path string) ([]string, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("apikey: invalid OpenAPI path %q: want a path that starts with '/'", path)
	}

	var names []string
	for rest := path; ; {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			return names, nil
		}
		closing := strings.IndexAny(rest[open+1:], "{}")
		if rest[open] != '{' || closing < 0 || rest[open+1+closing] != '}' {
			return nil, fmt.Errorf("apikey: invalid OpenAPI path %q: unbalanced '{' or '}'", path)
		}
		name := rest[open+1 : open+1+closing]
		if name == "" {
			return nil, fmt.Errorf("apikey: invalid OpenAPI path %q: empty parameter name", path)
		}
		for _, prev := range names {
			if prev == name {
				return nil, fmt.Errorf("apikey: invalid OpenAPI path %q: parameter name %q is used twice", path, name)
			}
		}
		names = append(names, name)
		rest = rest[open+closing+2:]
	}
}
