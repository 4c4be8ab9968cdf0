// Package e2e holds the browser tests of the Swagger UI docs page: a Node
// script that drives Chromium, run against the Gin example and against a
// small net/http server, defined here, whose OpenAPI document is guarded by
// the X-API-Key scheme.
package e2e

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/go-apikey/apikey/adapters/httpapikey"
	"github.com/go-apikey/apikey/core"
)

// ValidKey is the key that the server accepts for GET /users/me.
const ValidKey = "secret-token-123"

// Paths of the two docs pages. Both use the same document at
// /openapi.json, which is guarded by the X-API-Key scheme.
const (
	// DocsPath loads the document only after the user enters a key with
	// Authorize.
	DocsPath = "/docs"
	// EmbeddedDocsPath writes the whole document into the page.
	EmbeddedDocsPath = "/docs-embedded"
	// AssetsPath serves the swagger-ui-dist package's files.
	AssetsPath = "/swagger-ui/"
)

// NewHandler returns the test server's handler. assetsDir is the directory
// of the swagger-ui-dist package, served under [AssetsPath].
func NewHandler(assetsDir string) (http.Handler, error) {
	header, err := core.Header("X-API-Key", core.WithDescription("The API key, such as "+ValidKey+" in this test."))
	if err != nil {
		return nil, err
	}
	query, err := core.Query("api_key")
	if err != nil {
		return nil, err
	}
	cookie, err := core.Cookie("session_id")
	if err != nil {
		return nil, err
	}
	optionalHeader, err := core.Header("X-API-Key", core.Optional(), core.WithDescription("The API key, such as "+ValidKey+" in this test."))
	if err != nil {
		return nil, err
	}

	users, err := fixedKeyAuthenticator(header)
	if err != nil {
		return nil, err
	}
	items, err := core.New([]*core.Scheme{query}, core.KeyOnly())
	if err != nil {
		return nil, err
	}
	data, err := core.New([]*core.Scheme{cookie}, core.KeyOnly())
	if err != nil {
		return nil, err
	}
	public, err := core.New([]*core.Scheme{optionalHeader}, core.KeyOnly())
	if err != nil {
		return nil, err
	}

	var table core.Recorder
	mux := http.NewServeMux()
	routes := []struct {
		pattern string
		route   guardedRoute
		handler http.HandlerFunc
	}{
		{"GET /users/me", newGuardedRoute(users), usersMe},
		{"GET /items/", newGuardedRoute(items), itemsKey},
		{"GET /data/", newGuardedRoute(data), dataSession},
		{"GET /public-data", newGuardedRoute(public), publicData},
	}
	for _, r := range routes {
		if r.route.err != nil {
			return nil, r.route.err
		}
		mux.Handle(r.pattern, r.route.middleware(r.handler))
		if err := table.RecordRoute(core.SyntaxServeMux, "", r.pattern, r.route.schemes, r.route.optional); err != nil {
			return nil, err
		}
	}

	protect := newGuardedRoute(users)
	if protect.err != nil {
		return nil, protect.err
	}
	if err := mountDocs(mux, &table, protect.middleware, assetsDir); err != nil {
		return nil, err
	}
	return mux, nil
}

// guardedRoute is the middleware of one authenticator together with what
// the OpenAPI route table records for it.
type guardedRoute struct {
	middleware func(http.Handler) http.Handler
	schemes    []*core.Scheme
	optional   bool
	err        error
}

func newGuardedRoute[P any](a *core.Authenticator[P]) guardedRoute {
	middleware, err := httpapikey.New(a)
	return guardedRoute{middleware: middleware, schemes: a.Schemes(), optional: a.Optional(), err: err}
}

// mountDocs serves the document behind protect, the two docs pages
// without protection, and the Swagger UI files from assetsDir.
func mountDocs(mux *http.ServeMux, table *core.Recorder, protect func(http.Handler) http.Handler, assetsDir string) error {
	openapi, err := core.NewOpenAPI(core.WithInfo("go-apikey browser test", "1.0.0"), core.WithErrorResponses())
	if err != nil {
		return err
	}
	document := openapi.BuildFrom(table)

	docs, err := core.NewDocs(document,
		core.WithSwaggerUIURL(AssetsPath), core.WithPagePath(DocsPath),
		core.WithDocumentLoading(core.LoadAfterAuthorize))
	if err != nil {
		return err
	}
	embedded, err := core.NewDocs(document,
		core.WithSwaggerUIURL(AssetsPath), core.WithPagePath(EmbeddedDocsPath),
		core.WithDocumentLoading(core.EmbedDocument))
	if err != nil {
		return err
	}

	mux.Handle("GET "+docs.DocumentPath(), protect(docs.DocumentHandler()))
	mux.Handle("GET "+DocsPath, docs.PageHandler())
	mux.Handle("GET "+EmbeddedDocsPath, embedded.PageHandler())
	mux.Handle("GET "+AssetsPath, http.StripPrefix(AssetsPath, http.FileServer(http.Dir(assetsDir))))
	return nil
}

func fixedKeyAuthenticator(header *core.Scheme) (*core.Authenticator[string], error) {
	validator, err := core.FixedKeys(map[string]string{ValidKey: "api_admin"})
	if err != nil {
		return nil, err
	}
	return core.New([]*core.Scheme{header}, validator)
}

func usersMe(w http.ResponseWriter, r *http.Request) {
	name, _ := core.PrincipalFrom[string](r.Context())
	writeJSON(w, map[string]string{"username": name})
}

func itemsKey(w http.ResponseWriter, r *http.Request) {
	key, _ := core.PrincipalFrom[string](r.Context())
	writeJSON(w, map[string]string{"extracted_key": key})
}

func dataSession(w http.ResponseWriter, r *http.Request) {
	key, _ := core.PrincipalFrom[string](r.Context())
	writeJSON(w, map[string]string{"session_token": key})
}

func publicData(w http.ResponseWriter, r *http.Request) {
	key, ok := principal(r.Context())
	if !ok {
		writeJSON(w, map[string]string{"message": "Hello, anonymous user"})
		return
	}
	writeJSON(w, map[string]string{"message": "Hello, user with key " + key})
}

func principal(ctx context.Context) (string, bool) {
	res, ok := core.FromContext[string](ctx)
	if !ok || res.Anonymous() {
		return "", false
	}
	return res.Principal, true
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
