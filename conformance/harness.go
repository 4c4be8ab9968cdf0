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

// Fixture is what one test case asks an adapter to serve.
type Fixture struct {
	// Auth is the authenticator to wrap in the adapter's middleware.
	Auth *core.Authenticator[Principal]
	// FrameworkErrors asks the adapter to hand errors to the framework's own
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
	// answer 200 with the body from [HandlerBody], given the principal read
	// through the adapter's native accessor and the request's
	// context.Context.
	Serve func(t *testing.T, ln net.Listener, f Fixture)

	// FrameworkErrors reports whether the adapter can hand errors to the
	// framework's error handler, so that the suite runs those cases too.
	FrameworkErrors bool

	// Skip maps a case name to the reason the adapter cannot pass it. The
	// name is the case's [Case.ID], such as "E7/header-duplicates-differ",
	// which is also its subtest name. The suite skips such a case with the
	// reason, so a gap is never silent.
	Skip map[string]string
}

// HandlerOutput is the JSON body that handlers under test answer with.
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
