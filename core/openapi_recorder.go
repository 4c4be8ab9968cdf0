package core

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

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

	if i, ok := r.index[routeKey(op)]; ok {
		if sameOperation(r.ops[i], op) {
			return nil
		}
		return fmt.Errorf("apikey: %s %s is already recorded with other schemes: a route guarded twice is not supported", strings.ToUpper(op.Method), op.Path)
	}
	if err := r.checkSchemeNames(op); err != nil {
		return err
	}
	r.insert(op)
	return nil
}

// ErrRouteRecorded is the error, wrapped, that [Recorder.RecordNewRoute]
// returns for a route that the recorder already has.
var ErrRouteRecorded = errors.New("apikey: route already recorded")

// RecordNewRoute is [Recorder.RecordRoute] for a route that must be new,
// as a framework registers each route once. When the recorder already has
// method on one of the route's paths, with parameter names ignored and
// whatever its schemes, it records nothing and returns an error that wraps
// [ErrRouteRecorded] and names the recorded route. It checks and records
// under one lock, so two callers that record one route at the same time
// cannot both succeed, and a route with several paths is recorded whole or
// not at all.
func (r *Recorder) RecordNewRoute(syntax PathSyntax, method, pattern string, schemes []*Scheme, optional bool) error {
	if r == nil {
		return errNilRecorder
	}
	method, paths, err := routePaths(syntax, method, pattern)
	if err != nil {
		return err
	}
	ops := make([]Operation, len(paths))
	for i, p := range paths {
		if ops[i], err = (Operation{Method: method, Path: p, Schemes: schemes, Optional: optional}).normalize(); err != nil {
			return err
		}
	}

	r.mu.Lock()
	defer r.mu.Unlock()

	for _, op := range ops {
		if i, ok := r.index[routeKey(op)]; ok {
			return &routeRecordedError{method: strings.ToUpper(r.ops[i].Method), path: r.ops[i].Path}
		}
		if err := r.checkSchemeNames(op); err != nil {
			return err
		}
	}
	for _, op := range ops {
		r.insert(op)
	}
	return nil
}

// routeRecordedError names the route that [Recorder.RecordNewRoute] found
// already recorded, and matches [ErrRouteRecorded] with errors.Is.
type routeRecordedError struct{ method, path string }

func (e *routeRecordedError) Error() string {
	return "apikey: " + e.method + " " + e.path + " is already recorded"
}

func (e *routeRecordedError) Is(target error) bool { return target == ErrRouteRecorded }

// routeKey identifies op's route: its method and its path with parameter
// names ignored.
func routeKey(op Operation) string {
	return op.Method + " " + templateKey(op.Path)
}

// checkSchemeNames returns an error when one of op's scheme names is
// already used by a different scheme. r.mu must be held.
func (r *Recorder) checkSchemeNames(op Operation) error {
	for _, s := range op.Schemes {
		if prev, ok := r.schemes[s.schemeName]; ok && !prev.SameSecurityScheme(s) {
			return fmt.Errorf("apikey: OpenAPI scheme name %q is used by both %s and %s: give one a different name with WithSchemeName", s.schemeName, prev, s)
		}
	}
	return nil
}

// insert appends op, which must be normalized and new, and its schemes.
// r.mu must be held.
func (r *Recorder) insert(op Operation) {
	if r.index == nil {
		r.index = make(map[string]int)
		r.schemes = make(map[string]*Scheme)
	}
	for _, s := range op.Schemes {
		if _, ok := r.schemes[s.schemeName]; !ok {
			r.schemes[s.schemeName] = s
		}
	}
	r.index[routeKey(op)] = len(r.ops)
	r.ops = append(r.ops, op)
	r.version++
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
	method, paths, err := routePaths(syntax, method, pattern)
	if err != nil {
		return err
	}

	var errs []error
	for _, p := range paths {
		errs = append(errs, r.Record(Operation{Method: method, Path: p, Schemes: schemes, Optional: optional}))
	}
	return errors.Join(errs...)
}

// routePaths converts pattern with [OpenAPIPaths] and returns the method to
// record: method, or the pattern's own method prefix when method is "".
// When both are given they must agree.
func routePaths(syntax PathSyntax, method, pattern string) (string, []string, error) {
	prefix, paths, err := OpenAPIPaths(syntax, pattern)
	if err != nil {
		return "", nil, err
	}
	switch {
	case method == "" && prefix == "":
		return "", nil, fmt.Errorf("apikey: route %q has no method: pass the method it is registered for", pattern)
	case method == "":
		method = prefix
	case prefix != "" && !strings.EqualFold(prefix, method):
		return "", nil, fmt.Errorf("apikey: route %q has method %s, but %s was passed", pattern, prefix, method)
	}
	return method, paths, nil
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
