package ginapikey

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/go-apikey/apikey/core"
)

// pathParam matches one parameter of an OpenAPI path template, such as
// {id}.
var pathParam = regexp.MustCompile(`\{[^{}]*\}`)

// record records the route method full in the Router's recorder, where
// full is path joined with the base path. It returns an error, and records
// nothing, when the recorder already has the method on the same OpenAPI
// path, whatever the schemes. Gin would panic on the second registration,
// and the document lists a route once, so each route is registered once.
//
// NOTE: The check and the record are two calls on the recorder, so two
// Routers that share it and register one route concurrently can both pass
// the check. Gin's own panic then still rejects the second registration.
func (r *Router) record(method, path, full string) error {
	_, paths, err := core.OpenAPIPaths(core.SyntaxGin, full)
	if err != nil {
		return err
	}
	if recorded, ok := findRecorded(r.rec, method, paths); ok {
		return fmt.Errorf("ginapikey: cannot register %s %s because %s %s is already recorded: register each method and path once",
			method, path, strings.ToUpper(recorded.Method), recorded.Path)
	}
	return r.rec.RecordRoute(core.SyntaxGin, method, full, r.schemes, r.optional)
}

// findRecorded returns the operation in rec for method on one of paths,
// with parameter names ignored as OpenAPI ignores them, so /users/{id}
// finds /users/{uid}.
func findRecorded(rec *core.Recorder, method string, paths []string) (core.Operation, bool) {
	ops := rec.Operations()
	for _, p := range paths {
		template := pathParam.ReplaceAllString(p, "{}")
		for _, op := range ops {
			if strings.EqualFold(op.Method, method) && pathParam.ReplaceAllString(op.Path, "{}") == template {
				return op, true
			}
		}
	}
	return core.Operation{}, false
}
