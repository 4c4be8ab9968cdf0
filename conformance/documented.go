package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/go-apikey/apikey/core"
)

// Paths at which ServeDocumented serves the document and the docs page:
// the defaults of core.NewDocs.
const (
	documentPath = "/openapi.json"
	pagePath     = "/docs"
)

// errNoServeDocumented fails every OpenAPI case of an adapter that does not
// register documented routes.
var errNoServeDocumented = errors.New("conformance: Adapter.ServeDocumented is nil: " +
	"every adapter must register routes through its route recorder and serve the document")

// docSetup describes the routes of an OpenAPI case.
type docSetup struct {
	routes []docRoute
	// serveFails expects ServeDocumented to return an error. The check
	// finds it in session.serveErr.
	serveFails bool
}

// docRoute is one route of a docSetup. Routes whose guard points to the
// same setup share one authenticator, and a nil guard leaves the route
// unguarded.
type docRoute struct {
	method string
	path   string
	group  string
	guard  *setup
}

// routes returns a docSetup with the given routes.
func routes(list ...docRoute) docSetup {
	return docSetup{routes: list}
}

// route returns a GET route for path guarded by guard.
func route(path string, guard *setup) docRoute {
	return docRoute{method: http.MethodGet, path: path, guard: guard}
}

// groupRoute returns a GET route for path inside a group at prefix, guarded
// by the group.
func groupRoute(prefix, path string, guard *setup) docRoute {
	return docRoute{method: http.MethodGet, path: path, group: prefix, guard: guard}
}

// build returns the DocFixture for ds, with each authenticator logging to
// logs.
func (ds docSetup) build(logs *logBuffer) (DocFixture, error) {
	openAPI, err := core.NewOpenAPI()
	if err != nil {
		return DocFixture{}, err
	}

	f := DocFixture{OpenAPI: openAPI}
	auths := make(map[*setup]*core.Authenticator[Principal])
	for _, r := range ds.routes {
		dr := DocRoute{Method: r.method, Path: r.path, Group: r.group}
		if r.guard != nil {
			auth, ok := auths[r.guard]
			if !ok {
				if auth, err = r.guard.build(logs); err != nil {
					return DocFixture{}, fmt.Errorf("build authenticator for %s %s: %w", r.method, r.path, err)
				}
				auths[r.guard] = auth
			}
			dr.Auth = auth
		}
		f.Routes = append(f.Routes, dr)
	}
	return f, nil
}

// serveDocumented builds c's DocFixture and starts a.ServeDocumented on ln.
// An error from ServeDocumented fails the case, unless the case expects
// one, in which case it is kept in s.serveErr for the check.
func (c Case) serveDocumented(t *testing.T, a Adapter, ln net.Listener, s *session) error {
	if a.ServeDocumented == nil {
		return errNoServeDocumented
	}
	f, err := c.doc.build(s.logs)
	if err != nil {
		return fmt.Errorf("build fixture: %w", err)
	}

	serveErr := a.ServeDocumented(t, ln, f)
	switch {
	case c.doc.serveFails && serveErr == nil:
		return errors.New("ServeDocumented returned no error, want the registration error")
	case c.doc.serveFails:
		s.serveErr = serveErr
	case serveErr != nil:
		return fmt.Errorf("ServeDocumented: %w", serveErr)
	}
	return nil
}

// exchange is one request of an OpenAPI case and the response it expects.
type exchange struct {
	req  request
	want matcher
}

// documented returns an OpenAPI case that serves ds, matches the document
// at /openapi.json against wantDoc, and then sends each exchange, which
// shows that the middleware enforces what the document describes.
func documented(rule, name, doc string, ds docSetup, wantDoc string, exchanges ...exchange) Case {
	return Case{
		Rule: rule,
		Name: name,
		Doc:  doc,
		doc:  &ds,
		check: func(ctx context.Context, s *session) error {
			errs := []error{s.expect(ctx, get(documentPath), documentIs(wantDoc))}
			for _, ex := range exchanges {
				errs = append(errs, s.expect(ctx, ex.req, ex.want))
			}
			return errors.Join(errs...)
		},
	}
}

// openAPIDocument returns the document that core.OpenAPI.Build writes with
// its default version and info, given the paths object and the
// components.securitySchemes object.
func openAPIDocument(paths, securitySchemes string) string {
	return `{"openapi":"3.1.0","info":{"title":"API","version":"0.1.0"},` +
		`"paths":` + paths + `,"components":{"securitySchemes":` + securitySchemes + `}}`
}

// documentIs expects 200 with application/json and a body that is want
// with insignificant whitespace removed. The comparison is by bytes, so
// the order of keys counts.
func documentIs(want string) matcher {
	return func(got *response) error {
		var errs []error
		if got.status != http.StatusOK {
			errs = append(errs, fmt.Errorf("status = %d, want 200", got.status))
		}
		if err := matchHeader(got.header, hdrContentType, []string{"application/json"}); err != nil {
			errs = append(errs, err)
		}

		var gotCompact, wantCompact bytes.Buffer
		if err := json.Compact(&wantCompact, []byte(want)); err != nil {
			return fmt.Errorf("expected document is not JSON: %v", err)
		}
		if err := json.Compact(&gotCompact, got.body); err != nil {
			errs = append(errs, fmt.Errorf("document is not JSON: %v; body:\n%s", err, got.body))
		} else if gotCompact.String() != wantCompact.String() {
			errs = append(errs, fmt.Errorf("document =\n%s\nwant\n%s", &gotCompact, &wantCompact))
		}
		return errors.Join(errs...)
	}
}

// swaggerPage expects 200 with an HTML page that loads Swagger UI and
// points it at the document. A response to HEAD has no body to check.
func swaggerPage(head bool) matcher {
	return func(got *response) error {
		var errs []error
		if got.status != http.StatusOK {
			errs = append(errs, fmt.Errorf("status = %d, want 200", got.status))
		}
		if err := matchHeader(got.header, hdrContentType, []string{"text/html; charset=utf-8"}); err != nil {
			errs = append(errs, err)
		}
		if head {
			return errors.Join(errs...)
		}
		for _, want := range []string{"swagger-ui-bundle.js", "swagger-ui.css", "SwaggerUIBundle(", `"` + documentPath + `"`} {
			if !strings.Contains(string(got.body), want) {
				errs = append(errs, fmt.Errorf("page does not contain %q", want))
			}
		}
		return errors.Join(errs...)
	}
}

// documentHead expects 200 with application/json and no body, the response
// to HEAD on the document path.
func documentHead(got *response) error {
	var errs []error
	if got.status != http.StatusOK {
		errs = append(errs, fmt.Errorf("status = %d, want 200", got.status))
	}
	if err := matchHeader(got.header, hdrContentType, []string{"application/json"}); err != nil {
		errs = append(errs, err)
	}
	if len(got.body) > 0 {
		errs = append(errs, fmt.Errorf("HEAD response has a body of %d bytes", len(got.body)))
	}
	return errors.Join(errs...)
}
