// Package echoapikey adapts a [core.Authenticator] to Echo middleware.
//
// [New] wraps the authenticator in an [echo.MiddlewareFunc]. For each request
// the middleware reads the credential through the core, so Echo's own query
// and cookie helpers play no part in extraction. A request that fails
// authentication gets the response that [core.Authenticator.Render] builds:
// its status, every header value and its body, unchanged. With
// [WithFrameworkErrors] the middleware returns an [*echo.HTTPError] instead,
// so that Echo's HTTPErrorHandler writes the body.
//
// An authenticated request continues with its [core.Result] stored twice: in
// the Echo context, where [Principal] and [Result] read it, and in the
// request's [context.Context], where [core.PrincipalFrom] reads it without an
// Echo import. An anonymous request, let through by an optional scheme, has
// neither.
//
// [NewRouter] registers routes behind the middleware and records each one in
// a [core.Recorder], from which [core.OpenAPI] builds the document's
// security. [MountDocs] serves that document and a Swagger UI page.
package echoapikey
