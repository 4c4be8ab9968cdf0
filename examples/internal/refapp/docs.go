package refapp

import (
	"fmt"

	"github.com/go-apikey/apikey/core"
)

// Title and version of the API in the info object of the OpenAPI document.
const (
	APITitle   = "go-apikey reference application"
	APIVersion = "1.0.0"
)

// SwaggerUIUsage is the help text of each example's -swagger-ui flag.
const SwaggerUIUsage = "base `URL` of the swagger-ui-dist files (swagger-ui.css, swagger-ui-bundle.js)" +
	" that /docs loads: an http or https URL, or a path on this server"

// NewDocs returns the handler of GET /openapi.json, the OpenAPI 3.1
// document built from the routes in rec, and of GET /docs, a Swagger UI
// page that loads its files from swaggerUIURL.
//
// NewDocs builds the document once before it returns, so that a
// misconfiguration, such as two different schemes under one scheme name,
// fails at start-up instead of on the first request. Call it after every
// route is registered: the document is rebuilt when rec changes, but a
// route recorded later is checked only when the document is next served.
func NewDocs(rec *core.Recorder, swaggerUIURL string) (*core.Docs, error) {
	openapi, err := core.NewOpenAPI(core.WithInfo(APITitle, APIVersion))
	if err != nil {
		return nil, err
	}
	document := openapi.BuildFrom(rec)
	if _, err := document(); err != nil {
		return nil, fmt.Errorf("build OpenAPI document: %w", err)
	}
	return core.NewDocs(document, core.WithSwaggerUIURL(swaggerUIURL), core.WithPageTitle(APITitle))
}
