package httpapikey

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/go-apikey/apikey/core"
)

// pathParam matches one parameter of an OpenAPI path template, such as
// {id}.
var pathParam = regexp.MustCompile(`\{[^{}]*\}`)

// record records full, which is pattern with the group prefix added, in
// the Router's recorder. It returns an error, and records nothing, when
// the recorder already has the pattern's method on the same OpenAPI path,
// whatever the schemes. ServeMux would panic on the second registration,
// and the document lists a route once, so each route is registered once.
//
// NOTE: The check and the record are two calls on the recorder, so two
// Routers that share it and register one route concurrently can both pass
// the check. ServeMux's own panic then still rejects the second
// registration on one mux.
func (r *Router) record(pattern, full string) error {
	method, paths, err := core.OpenAPIPaths(core.SyntaxServeMux, full)
	if err != nil {
		return err
	}
	if recorded, ok := findRecorded(r.rec, method, paths); ok {
		return fmt.Errorf("httpapikey: cannot register %q because %s %s is already recorded: register each method and path once",
			pattern, strings.ToUpper(recorded.Method), recorded.Path)
	}
	return r.rec.RecordRoute(core.SyntaxServeMux, "", full, r.schemes, r.optional)
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
