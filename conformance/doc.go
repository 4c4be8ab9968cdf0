// Package conformance is the behaviour suite that every go-apikey adapter
// runs, so that Gin, Echo, Fiber and net/http respond to the same request
// with the same status, headers and body.
//
// An adapter's test calls [Run] with an [Adapter] whose Serve starts the
// framework's own server on a listener that the suite opens on 127.0.0.1.
// Each [Case] builds its own authenticator with core.New, gets a fresh
// server, and sends real HTTP requests, written as raw bytes where Go's
// http.Client would normalize them. Every case then checks that no key,
// whole or in part, appears in an error response or in the authenticator's
// log.
//
// A case's Rule names the behaviour it pins:
//
//	E1  header names match case-insensitively
//	E2  query parameter and cookie names match case-sensitively
//	E3  an empty value counts as missing, in every source
//	E4  any other value reaches the validator unchanged
//	E5  query values are URL-decoded, and a malformed escape in the
//	    key's own parameter gives 400
//	E6  cookies come from every Cookie line and are unquoted as net/http
//	    unquotes them
//	E7  differing values in one source give 400, identical repeats are
//	    accepted, and first-wins or last-wins can be chosen instead
//	E8  an Authorization prefix matches case-insensitively and is followed
//	    by one or more spaces, or the key counts as missing
//	E9  several schemes are alternatives in declared order, and the first
//	    one with a key present decides
//	O1  a missing key gives 401 with one challenge per distinct scheme
//	O2  a rejected key gives 403 without a challenge
//	O3  an ambiguous or malformed key gives 400 naming the source (pinned
//	    by the E5 and E7 cases)
//	O4  a validator failure or panic gives 500, or 503 with Retry-After
//	    when the key store is unavailable
//	O5  an optional scheme without a key runs the handler with no principal
//	O6  an optional scheme rejects a wrong key, unless configured to
//	    continue as anonymous
//	O7  a valid key runs the handler with the principal in the native
//	    accessor and in context.Context
//	A1  each scheme is a components.securitySchemes entry of type apiKey
//	    with its name and source, and a description only when one is set
//	A2  the default scheme names are APIKeyHeader, APIKeyQuery and
//	    APIKeyCookie
//	A3  a route's alternatives are separate security requirements, in
//	    declared order
//	A4  two different schemes under one scheme name are an error when the
//	    routes are registered, and nothing is served
//	A5  an optional route adds the empty requirement {}
//	A6  an Authorization scheme with prefix Bearer is an http bearer scheme
//
// The A cases are served with [Adapter.ServeDocumented]: they fetch
// /openapi.json, compare it with the expected document byte for byte after
// removing insignificant whitespace, and send requests to the documented
// routes to show that the middleware enforces what the document says.
//
// Four more rules cover the rest of the contract: "render" (the renderer
// presets and a custom renderer reach the client unchanged),
// "framework-errors" (status and challenges survive the framework's own
// error handler), "skipper" (the skipped path needs no key) and "openapi"
// (routes guarded through a group, unguarded routes, path parameters and
// the docs page at /docs).
package conformance
