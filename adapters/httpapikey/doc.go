// Package httpapikey adapts a [core.Authenticator] to net/http middleware.
//
// [New] wraps the authenticator in a func(http.Handler) http.Handler, the
// middleware shape that net/http routers such as http.ServeMux and chi
// accept. For each request the middleware hands the raw header lines and the
// raw query string to the core, which does all the parsing. A request that
// fails authentication gets the response that [core.Authenticator.Render]
// builds: every header value, the status and the body, unchanged. The next
// handler does not run.
//
// An authenticated request reaches the next handler with its [core.Result]
// in the request's [context.Context], where [Principal], [Result] and
// [core.PrincipalFrom] read it. An anonymous request, let through by an
// optional scheme, carries none.
package httpapikey
