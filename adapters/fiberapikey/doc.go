// Package fiberapikey adapts a [core.Authenticator] to Fiber v2 middleware.
//
// [New] wraps the authenticator in a [fiber.Handler]. For each request the
// middleware hands the core the request as it arrived: every line of the
// header block, including each Cookie line, and the raw query string from
// the request line. Fiber's and fasthttp's own query and cookie helpers
// play no part in extraction, so a Fiber app responds to every request that
// fasthttp accepts with the same status, rendered headers and body as the
// net/http adapter. A request that fails authentication gets the response
// that [core.Authenticator.Render] builds: its status, every header value
// and its body, unchanged.
//
// An authenticated request continues with its [core.Result] stored twice:
// in the Fiber context's locals, where [Principal] and [Result] read it, and
// in the context.Context that [fiber.Ctx.UserContext] returns, where
// [core.PrincipalFrom] reads it without a Fiber import. An anonymous
// request, let through by an optional scheme, has neither.
//
// fasthttp reuses its request buffers once a handler returns, so the
// middleware copies every value it takes from the request before handing it
// to the core. The key that reaches the validator, and a principal built from
// it, stay valid after the request ends.
//
// [NewRouter] registers routes behind the middleware and records each one in
// a [core.Recorder], from which [core.OpenAPI] builds the document's
// security. [MountDocs] serves that document and a Swagger UI page.
package fiberapikey
