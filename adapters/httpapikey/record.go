package httpapikey

import (
	"errors"
	"fmt"

	"github.com/go-apikey/apikey/core"
)

// record records full, which is pattern with the group prefix added, in
// the Router's recorder. It returns an error, and records nothing, when
// the recorder already has the pattern's method on the same OpenAPI path,
// whatever the schemes. ServeMux would panic on the second registration,
// and the document lists a route once, so each route is registered once.
func (r *Router) record(pattern, full string) error {
	err := r.rec.RecordNewRoute(core.SyntaxServeMux, "", full, r.schemes, r.optional)
	if errors.Is(err, core.ErrRouteRecorded) {
		return fmt.Errorf("httpapikey: cannot register %q: %w: register each method and path once", pattern, err)
	}
	return err
}
