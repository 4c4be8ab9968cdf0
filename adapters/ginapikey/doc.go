// Package ginapikey adapts a [core.Authenticator] to Gin middleware.
//
// [New] wraps the authenticator in a [gin.HandlerFunc]. For each request the
// middleware reads the credential through the core, so Gin's own query and
// cookie helpers play no part in extraction. A request that fails
// authentication is aborted with the response that [core.Authenticator.Render]
// builds: its status, every header value and its body, unchanged.
//
// An authenticated request continues with its [core.Result] stored twice: in
// the Gin context, where [Principal] and [Result] read it, and in the
// request's [context.Context], where [core.PrincipalFrom] reads it without a
// Gin import. An anonymous request, let through by an optional scheme, has
// neither.
package ginapikey
