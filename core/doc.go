// Package core is the framework-agnostic heart of go-apikey: API-key
// schemes, extraction over an abstract request view, validation into a
// principal of the caller's own type, and the error responses that every
// adapter writes.
//
// A [Scheme] defines where the key is read from: a header ([Header]), the query
// string ([Query]), a cookie ([Cookie]) or the Authorization header behind a
// prefix such as Bearer ([Authorization]). An [Authenticator] combines one or
// more schemes, tried in declared order, with a [Validator] that turns the key
// into a principal. Adapters for Gin, Echo, Fiber and net/http wrap an
// Authenticator in native middleware.
//
// The outcomes follow FastAPI's APIKeyHeader, APIKeyQuery and APIKeyCookie:
// a missing key gives 401 with a WWW-Authenticate challenge, a rejected key
// gives 403, and an optional scheme lets anonymous requests through. Beyond
// FastAPI, ambiguous or malformed credentials give 400, and a validator that
// fails or panics gives 500 (503 when the key store is unavailable), never a
// pass. No response, error message or log line that this package writes
// contains the key.
package core
