package ginapikey

import (
	"errors"
	"fmt"

	"github.com/go-apikey/apikey/core"
)

// record records the route method full in the Router's recorder, where
// full is path joined with the base path. It returns an error, and records
// nothing, when the recorder already has the method on the same OpenAPI
// path, whatever the schemes. Gin would panic on the second registration,
// and the document lists a route once, so each route is registered once.
func (r *Router) record(method, path, full string) error {
	err := r.rec.RecordNewRoute(core.SyntaxGin, method, full, r.schemes, r.optional)
	if errors.Is(err, core.ErrRouteRecorded) {
		return fmt.Errorf("ginapikey: cannot register %s %s: %w: register each method and path once", method, path, err)
	}
	return err
}
