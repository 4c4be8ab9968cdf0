package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-apikey/apikey/core"
)

// Parts of the operations that core.OpenAPI.Build writes for a route that
// the document did not list before.
const (
	handlerResponses = `"responses":{"default":{"description":"Response from the handler"}}`
	idParameter      = `"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}]`
)

// keyDescription is the description of the A1 header scheme.
const keyDescription = "Issued on the account page."

// noResponseWait is how long the scheme-name-clash case waits for a
// response that must never come.
const noResponseWait = 300 * time.Millisecond

// openAPICases pins the document that each adapter serves for the routes
// it registers (A1 to A6), and shows with real requests that the
// middleware enforces what the document states.
func openAPICases() []Case {
	described := schemes(headerScheme(core.WithDescription(keyDescription)))
	optionalHeader := schemes(headerScheme(core.Optional()))
	otherHeader := schemes(namedHeaderScheme("X-Other-Key"))
	queryThenHeader := schemes(queryScheme(), headerScheme())
	allSources := schemes(headerScheme(), queryScheme(), cookieScheme())
	admin := schemes(headerScheme())

	return []Case{
		// A1: each scheme is an apiKey entry with its name and source, and
		// a description only when one is set.
		documented("A1", "scheme-entries",
			"header, query and cookie schemes render apiKey entries, with a description only when set",
			routes(route("/by-header", &described), route("/by-query", &queryOnly), route("/by-cookie", &cookieOnly)),
			openAPIDocument(`{
				"/by-cookie": {"get": {`+handlerResponses+`, "security": [{"APIKeyCookie": []}]}},
				"/by-header": {"get": {`+handlerResponses+`, "security": [{"APIKeyHeader": []}]}},
				"/by-query": {"get": {`+handlerResponses+`, "security": [{"APIKeyQuery": []}]}}
			}`, `{
				"APIKeyCookie": {"type": "apiKey", "name": "session_id", "in": "cookie"},
				"APIKeyHeader": {"type": "apiKey", "name": "X-API-Key", "in": "header", "description": "`+keyDescription+`"},
				"APIKeyQuery": {"type": "apiKey", "name": "api_key", "in": "query"}
			}`),
			exchange{get("/by-header", keyHeader(keyAlice)), handled(alice)},
			exchange{get("/by-query?api_key=" + keyBob), handled(bob)},
			exchange{get("/by-cookie", cookieLine("session_id="+keyAlice)), handled(alice)},
			exchange{get("/by-header"), missing("APIKey")},
			exchange{get("/by-query", keyHeader(keyBob)), missing("APIKey")},
		),

		// A2: the default scheme names.
		documented("A2", "default-scheme-names",
			"schemes without WithSchemeName are APIKeyHeader, APIKeyQuery and APIKeyCookie",
			routes(route("/keys", &allSources)),
			openAPIDocument(`{
				"/keys": {"get": {`+handlerResponses+`,
					"security": [{"APIKeyHeader": []}, {"APIKeyQuery": []}, {"APIKeyCookie": []}]}}
			}`, `{
				"APIKeyHeader": {"type": "apiKey", "name": "X-API-Key", "in": "header"},
				"APIKeyQuery": {"type": "apiKey", "name": "api_key", "in": "query"},
				"APIKeyCookie": {"type": "apiKey", "name": "session_id", "in": "cookie"}
			}`),
			exchange{get("/keys", keyHeader(keyAlice)), handled(alice)},
			exchange{get("/keys?api_key=" + keyBob), handled(bob)},
			exchange{get("/keys", cookieLine("session_id="+keyAlice)), handled(alice)},
			exchange{get("/keys"), missing("APIKey")},
		),

		// A3: alternatives are separate requirements in declared order.
		documented("A3", "alternatives-in-order",
			"a query then a header scheme are two requirements, query first, as they are tried",
			routes(route("/either", &queryThenHeader)),
			openAPIDocument(`{
				"/either": {"get": {`+handlerResponses+`, "security": [{"APIKeyQuery": []}, {"APIKeyHeader": []}]}}
			}`, `{
				"APIKeyQuery": {"type": "apiKey", "name": "api_key", "in": "query"},
				"APIKeyHeader": {"type": "apiKey", "name": "X-API-Key", "in": "header"}
			}`),
			exchange{get("/either?api_key=" + keyAlice), handled(alice)},
			exchange{get("/either", keyHeader(keyBob)), handled(bob)},
			exchange{get("/either?api_key="+keyWrong, keyHeader(keyBob)), rejected()},
			exchange{get("/either"), missing("APIKey")},
		),

		// A4: two different schemes under one name fail at registration.
		{
			Rule: "A4",
			Name: "scheme-name-clash",
			Doc:  "X-API-Key and X-Other-Key both named APIKeyHeader make ServeDocumented fail and serve nothing",
			doc: &docSetup{
				routes:     []docRoute{route("/first", &headerOnly), route("/second", &otherHeader)},
				serveFails: true,
			},
			check: checkSchemeNameClash,
		},

		// A5: an optional route adds the empty requirement.
		documented("A5", "optional-empty-requirement",
			"an optional scheme adds {} after its requirement, and a required one does not",
			routes(route("/private", &headerOnly), route("/public", &optionalHeader)),
			openAPIDocument(`{
				"/private": {"get": {`+handlerResponses+`, "security": [{"APIKeyHeader": []}]}},
				"/public": {"get": {`+handlerResponses+`, "security": [{"APIKeyHeader": []}, {}]}}
			}`, `{
				"APIKeyHeader": {"type": "apiKey", "name": "X-API-Key", "in": "header"}
			}`),
			exchange{get("/public"), handled(nil)},
			exchange{get("/public", keyHeader(keyAlice)), handled(alice)},
			exchange{get("/public", keyHeader(keyWrong)), rejected()},
			exchange{get("/private"), missing("APIKey")},
		),

		// A6: a Bearer scheme is an http scheme.
		documented("A6", "bearer-http-scheme",
			"an Authorization scheme with prefix Bearer renders as type http, scheme bearer",
			routes(route("/token", &bearerOnly)),
			openAPIDocument(`{
				"/token": {"get": {`+handlerResponses+`, "security": [{"HTTPBearer": []}]}}
			}`, `{
				"HTTPBearer": {"type": "http", "scheme": "bearer"}
			}`),
			exchange{get("/token", authorization("Bearer "+keyBob)), handled(bob)},
			exchange{get("/token"), missing("Bearer")},
			exchange{get("/token", keyHeader(keyBob)), missing("Bearer")},
		),

		// openapi: routes guarded through a group, unguarded routes, path
		// parameters and the docs page.
		documented("openapi", "group-route",
			"routes guarded through a group at /admin are listed with the prefix and their security",
			routes(groupRoute("/admin", "/stats", &admin), groupRoute("/admin", "/users/{id}", &admin)),
			openAPIDocument(`{
				"/admin/stats": {"get": {`+handlerResponses+`, "security": [{"APIKeyHeader": []}]}},
				"/admin/users/{id}": {"get": {`+idParameter+`, `+handlerResponses+`,
					"security": [{"APIKeyHeader": []}]}}
			}`, `{
				"APIKeyHeader": {"type": "apiKey", "name": "X-API-Key", "in": "header"}
			}`),
			exchange{get("/admin/stats"), missing("APIKey")},
			exchange{get("/admin/stats", keyHeader(keyAlice)), handled(alice)},
			exchange{get("/admin/users/7"), missing("APIKey")},
			exchange{get("/admin/users/7", keyHeader(keyBob)), handled(bob)},
		),
		documented("openapi", "unguarded-route",
			"a route registered without Auth is absent from the document and needs no key",
			routes(route("/private", &headerOnly), route("/health", nil)),
			openAPIDocument(`{
				"/private": {"get": {`+handlerResponses+`, "security": [{"APIKeyHeader": []}]}}
			}`, `{
				"APIKeyHeader": {"type": "apiKey", "name": "X-API-Key", "in": "header"}
			}`),
			exchange{get("/health"), handled(nil)},
			exchange{get("/health", keyHeader(keyWrong)), handled(nil)},
			exchange{get("/private"), missing("APIKey")},
		),
		documented("openapi", "path-parameter",
			"/items/{id}, registered in the router's own syntax, is listed as /items/{id} with a required id",
			routes(route("/items/{id}", &headerOnly)),
			openAPIDocument(`{
				"/items/{id}": {"get": {`+idParameter+`, `+handlerResponses+`, "security": [{"APIKeyHeader": []}]}}
			}`, `{
				"APIKeyHeader": {"type": "apiKey", "name": "X-API-Key", "in": "header"}
			}`),
			exchange{get("/items/1"), missing("APIKey")},
			exchange{get("/items/1", keyHeader(keyAlice)), handled(alice)},
		),
		documented("openapi", "docs-page",
			"/docs serves an HTML page that loads Swagger UI with /openapi.json, for GET and HEAD",
			routes(route("/private", &headerOnly)),
			openAPIDocument(`{
				"/private": {"get": {`+handlerResponses+`, "security": [{"APIKeyHeader": []}]}}
			}`, `{
				"APIKeyHeader": {"type": "apiKey", "name": "X-API-Key", "in": "header"}
			}`),
			exchange{get(pagePath), swaggerPage(false)},
			exchange{request{method: http.MethodHead, target: pagePath}, swaggerPage(true)},
			exchange{request{method: http.MethodHead, target: documentPath}, documentHead},
		),
	}
}

// checkSchemeNameClash expects the error from ServeDocumented to name the
// scheme name that two schemes share, and no response to a request for
// either route, because the server must not start.
func checkSchemeNameClash(ctx context.Context, s *session) error {
	var errs []error
	if msg := fmt.Sprint(s.serveErr); !strings.Contains(msg, `"APIKeyHeader"`) {
		errs = append(errs, fmt.Errorf("ServeDocumented error = %q, want it to name the scheme name \"APIKeyHeader\"", msg))
	}

	probe := &session{addr: s.addr, timeout: noResponseWait, logs: s.logs}
	if resp, err := probe.send(ctx, get("/first")); err == nil {
		errs = append(errs, fmt.Errorf("GET /first got %d after ServeDocumented failed, want no server", resp.status))
	}
	return errors.Join(errs...)
}
