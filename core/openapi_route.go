package core

import (
	"errors"
	"fmt"
	"strings"
	"sync"
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

// Recorder is the route table that adapters fill as routes are guarded and
// that the OpenAPI document is built from. It is safe for concurrent use,
// and its zero value is an empty table ready to use.
type Recorder struct {
	mu      sync.Mutex
	ops     []Operation
	index   map[string]int     // templateKey-based route key to position in ops
	schemes map[string]*Scheme // by scheme name, to reject a clash when it is recorded
	version uint64             // incremented on every change, for caching built documents
}

// Record adds op to the table. Recording a route again with the same
// schemes and the same Optional is a no-op.
//
// Record returns an error for an invalid op (see [Operation]), for a route
// already recorded with other schemes, and for a scheme whose name is
// already used by a different scheme. Routes are matched by method and by
// path with parameter names ignored, so /users/{id} and /users/{uid} are
// the same route. It also returns an error for a nil r.
//
// NOTE: A route guarded by two authenticators in a row, such as a group's
// and the route's own, needs both keys, which a requirement naming schemes
// from both could describe. Record does not combine them and returns an
// error instead.
func (r *Recorder) Record(op Operation) error {
	if r == nil {
		return errNilRecorder
	}
	op, err := op.normalize()
	if err != nil {
		return err
	}

	r.mu.Lock()
	defer r.mu.Unlock()

	key := op.Method + " " + templateKey(op.Path)
	if i, ok := r.index[key]; ok {
		if sameOperation(r.ops[i], op) {
			return nil
		}
		return fmt.Errorf("apikey: %s %s is already recorded with other schemes: a route guarded twice is not supported", strings.ToUpper(op.Method), op.Path)
	}
	for _, s := range op.Schemes {
		if prev, ok := r.schemes[s.schemeName]; ok && !prev.SameSecurityScheme(s) {
			return fmt.Errorf("apikey: OpenAPI scheme name %q is used by both %s and %s: give one a different name with WithSchemeName", s.schemeName, prev, s)
		}
	}

	if r.index == nil {
		r.index = make(map[string]int)
		r.schemes = make(map[string]*Scheme)
	}
	for _, s := range op.Schemes {
		if _, ok := r.schemes[s.schemeName]; !ok {
			r.schemes[s.schemeName] = s
		}
	}
	r.index[key] = len(r.ops)
	r.ops = append(r.ops, op)
	r.version++
	return nil
}

// RecordRoute converts pattern, a route in the given syntax, with
// [OpenAPIPaths] and records each resulting path for method and the
// schemes. For a ServeMux pattern with a method prefix, method may be ""
// and the prefix is used; when both are given they must agree. It returns
// an error for a nil r.
func (r *Recorder) RecordRoute(syntax PathSyntax, method, pattern string, schemes []*Scheme, optional bool) error {
	if r == nil {
		return errNilRecorder
	}
	prefix, paths, err := OpenAPIPaths(syntax, pattern)
	if err != nil {
		return err
	}
	switch {
	case method == "" && prefix == "":
		return fmt.Errorf("apikey: route %q has no method: pass the method it is registered for", pattern)
	case method == "":
		method = prefix
	case prefix != "" && !strings.EqualFold(prefix, method):
		return fmt.Errorf("apikey: route %q has method %s, but %s was passed", pattern, prefix, method)
	}

	var errs []error
	for _, p := range paths {
		errs = append(errs, r.Record(Operation{Method: method, Path: p, Schemes: schemes, Optional: optional}))
	}
	return errors.Join(errs...)
}

// Operations returns a copy of the recorded operations in the order they
// were recorded. It returns nil for a nil r.
func (r *Recorder) Operations() []Operation {
	if r == nil {
		return nil
	}
	ops, _ := r.snapshot()
	return ops
}

func (r *Recorder) snapshot() ([]Operation, uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()

	ops := make([]Operation, len(r.ops))
	for i, op := range r.ops {
		op.Schemes = append([]*Scheme(nil), op.Schemes...)
		ops[i] = op
	}
	return ops, r.version
}

func sameOperation(a, b Operation) bool {
	if a.Optional != b.Optional || len(a.Schemes) != len(b.Schemes) {
		return false
	}
	for i := range a.Schemes {
		if !a.Schemes[i].SameSecurityScheme(b.Schemes[i]) {
			return false
		}
	}
	return true
}

// templateKey returns an OpenAPI path with every parameter name removed, so
// that /users/{id} and /users/{userId}, which OpenAPI treats as the same
// path, have the same key.
func templateKey(path string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			break
		}
		closing := strings.IndexByte(path[open:], '}')
		if closing < 0 {
			break
		}
		b.WriteString(path[:open+1])
		path = path[open+closing:]
	}
	b.WriteString(path)
	return b.String()
}
