package conformance

import (
	"context"
	"encoding/json"
	"net"
	"testing"

	"github.com/go-apikey/apikey/core"
)

// Principal is the principal type that every conformance fixture uses.
type Principal struct {
	Name string `json:"name"`
}

// Paths served by every adapter under test.
const (
	// ProtectedPath is guarded by the fixture's middleware.
	ProtectedPath = "/protected"
	// SkippedPath is guarded by the same middleware, configured with a
	// skipper that skips exactly this path.
	SkippedPath = "/skipped"
)

// Fixture is the configuration that one test case requests an adapter to serve.
type Fixture struct {
	// Auth is the authenticator to wrap in the adapter's middleware.
	Auth *core.Authenticator[Principal]
	// FrameworkErrors makes the adapter hand errors to the framework's own
	// error handler instead of writing the core's response itself. Only
	// adapters that declare [Adapter.FrameworkErrors] receive it.
	FrameworkErrors bool
}

// Adapter describes an adapter under test.
type Adapter struct {
	// Name identifies the adapter in test names, such as "gin".
	Name string

	// Serve starts the adapter's own native server on ln and returns at
	// once; it registers the server's shutdown with t.Cleanup. The server
	// serves GET ProtectedPath and GET SkippedPath behind the middleware
	// built from f, with a skipper that skips SkippedPath. Both handlers
	// respond with 200 and the body from [HandlerBody], given the principal read
	// through the adapter's native accessor and the request's
	// context.Context.
	Serve func(t *testing.T, ln net.Listener, f Fixture)

	// ServeDocumented starts the adapter's own native server on ln with the
	// routes of f registered through the adapter's route recorder, and the
	// document and docs page mounted with the adapter's own function. It
	// returns at once, registering the shutdown with t.Cleanup. It returns
	// the first error that registration reported, such as two different
	// schemes under one OpenAPI scheme name, without starting the server.
	ServeDocumented func(t *testing.T, ln net.Listener, f DocFixture) error

	// FrameworkErrors reports whether the adapter can hand errors to the
	// framework's error handler, so that the suite runs those cases too.
	FrameworkErrors bool

	// Skip maps a case name to the reason the adapter cannot pass it. The
	// name is the case's [Case.ID], such as "E7/header-duplicates-differ",
	// which is also its subtest name. The suite skips such a case with the
	// reason, so a gap is never silent.
	Skip map[string]string
}

// HandlerOutput is the JSON body that handlers under test respond with.
type HandlerOutput struct {
	// Native is the principal read through the adapter's native accessor,
	// or nil when there is none.
	Native *Principal `json:"native"`
	// Context is the principal read with core.PrincipalFrom from the
	// request's context.Context, or nil when there is none.
	Context *Principal `json:"context"`
}

// HandlerBody returns the JSON body for a handler under test, given the
// principal that the adapter's native accessor returned and the request's
// context.Context.
func HandlerBody(native Principal, nativeOK bool, ctx context.Context) []byte {
	var out HandlerOutput
	if nativeOK {
		out.Native = &native
	}
	if p, ok := core.PrincipalFrom[Principal](ctx); ok {
		out.Context = &p
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic("conformance: marshal handler body: " + err.Error())
	}
	return b
}

// DocRoute is one route of a [DocFixture].
type DocRoute struct {
	// Method is the HTTP method, such as "GET".
	Method string
	// Path is the route in OpenAPI form, such as /items/{id}. The harness
	// converts it to the framework's own syntax (":id" for Gin, Echo and
	// Fiber). Inside a group it is relative to Group.
	Path string
	// Group, when not empty, is a prefix such as /admin. The harness then
	// registers the route inside a group at that prefix, guarded by the
	// group's authenticator instead of the route's own middleware.
	Group string
	// Auth guards the route. A nil Auth registers the route without
	// middleware and without recording it, so it must not appear in the
	// document.
	Auth *core.Authenticator[Principal]
}

// DocFixture is the configuration that an OpenAPI case requests an adapter to serve.
type DocFixture struct {
	// Routes are registered through the adapter's route recorder, in order.
	// Every handler responds with 200 and the body from [HandlerBody].
	Routes []DocRoute
	// OpenAPI builds the document from the recorded routes. The harness
	// serves it at /openapi.json and the docs page at /docs with
	// core.NewDocs and the adapter's own mounting function.
	OpenAPI *core.OpenAPI
}
