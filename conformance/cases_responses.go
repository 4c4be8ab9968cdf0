package conformance

import (
	"net/http"

	"github.com/go-apikey/apikey/core"
)

// responseCases pins what reaches the client when the response is built by
// a renderer preset or a custom renderer, or handed to the framework's
// error handler, and the skipped path.
func responseCases() []Case {
	problem := headerOnly.with(core.WithRenderer(core.RenderProblem))
	unauthorized := schemes(headerScheme(), authorizationScheme("Bearer")).
		with(core.WithRenderer(core.RenderUnauthorized))
	legacy := headerOnly.with(core.WithRenderer(core.RenderLegacyFastAPI))
	custom := headerOnly.with(core.WithRenderer(renderTeapot))
	skipped := func(lines ...string) request { return request{target: SkippedPath, lines: lines} }

	return []Case{
		// render: every preset and a custom renderer reach the client
		// unchanged.
		single("render", "problem-missing",
			"RenderProblem answers a missing key with an RFC 9457 document and the challenge",
			problem, call(""), problemResponse(http.StatusUnauthorized, []string{"APIKey"}, "",
				`{"type":"about:blank","title":"Unauthorized","status":401,`+
					`"detail":"Not authenticated","code":"missing_credential"}`)),
		single("render", "problem-wrong-key",
			"RenderProblem answers a wrong key with a 403 problem document",
			problem, call("", keyHeader(keyWrong)), problemResponse(http.StatusForbidden, nil, "",
				`{"type":"about:blank","title":"Forbidden","status":403,`+
					`"detail":"Could not validate credentials","code":"invalid_key"}`)),
		single("render", "problem-unavailable",
			"RenderProblem answers an unavailable key store with 503 and Retry-After",
			problem, call("", keyHeader(keyUnavailable)),
			problemResponse(http.StatusServiceUnavailable, nil, "5",
				`{"type":"about:blank","title":"Service Unavailable","status":503,`+
					`"detail":"Service Unavailable","code":"unavailable"}`)),
		single("render", "unauthorized-wrong-key",
			"RenderUnauthorized answers a wrong header key with 401 and the APIKey challenge",
			unauthorized, call("", keyHeader(keyWrong)),
			jsonError(http.StatusUnauthorized, "Could not validate credentials", "APIKey")),
		single("render", "unauthorized-wrong-bearer",
			"RenderUnauthorized answers a wrong Bearer key with 401 and only the Bearer challenge",
			unauthorized, call("", authorization("Bearer "+keyWrong)),
			jsonError(http.StatusUnauthorized, "Could not validate credentials", "Bearer")),
		single("render", "unauthorized-missing",
			"RenderUnauthorized answers a missing key as the default renderer does",
			unauthorized, call(""), missing("APIKey", "Bearer")),
		single("render", "legacy-missing",
			"RenderLegacyFastAPI answers a missing key with 403 and no challenge",
			legacy, call(""), jsonError(http.StatusForbidden, "Not authenticated")),
		single("render", "legacy-wrong-key",
			"RenderLegacyFastAPI answers a wrong key with 403",
			legacy, call("", keyHeader(keyWrong)), rejected()),
		single("render", "custom-renderer",
			"a custom renderer's status, header values in order and body reach the client",
			custom, call(""), errorResponse{
				status: http.StatusTeapot,
				header: map[string][]string{
					hdrContentType:     {"text/plain; charset=utf-8"},
					"X-Trace":          {"first", "second"},
					hdrWWWAuthenticate: nil,
				},
				body: "no key, no tea\n",
			}.match),

		// framework-errors: the status and WWW-Authenticate survive the
		// framework's own error handler.
		single("framework-errors", "missing",
			"a missing key reaches the client as 401 with the APIKey challenge",
			headerOnly.framework(), call(""), statusAndChallenges(http.StatusUnauthorized, "APIKey")),
		single("framework-errors", "two-challenges",
			"both challenges reach the client as separate values, in declared order",
			schemes(headerScheme(), authorizationScheme("Bearer")).framework(), call(""),
			statusAndChallenges(http.StatusUnauthorized, "APIKey", "Bearer")),
		single("framework-errors", "wrong-key",
			"a wrong key reaches the client as 403 without a challenge",
			headerOnly.framework(), call("", keyHeader(keyWrong)),
			statusAndChallenges(http.StatusForbidden)),
		single("framework-errors", "ambiguous",
			"ambiguous X-API-Key lines reach the client as 400",
			headerOnly.framework(), call("", keyHeader(keyAlice), keyHeader(keyBob)),
			statusAndChallenges(http.StatusBadRequest)),
		single("framework-errors", "validator-error",
			"a validator error reaches the client as 500",
			headerOnly.framework(), call("", keyHeader(keyFail)),
			statusAndChallenges(http.StatusInternalServerError)),
		single("framework-errors", "unavailable",
			"an unavailable key store reaches the client as 503",
			headerOnly.framework(), call("", keyHeader(keyUnavailable)),
			statusAndChallenges(http.StatusServiceUnavailable)),

		// skipper: the skipped path reaches the handler without
		// authentication.
		single("skipper", "no-key",
			"the skipped path runs the handler with no key and no principal",
			headerOnly, skipped(), handled(nil)),
		single("skipper", "wrong-key",
			"the skipped path runs the handler even with a wrong key",
			headerOnly, skipped(keyHeader(keyWrong)), handled(nil)),
	}
}

// problemResponse returns the expected RenderProblem response.
func problemResponse(status int, challenges []string, retryAfter, body string) matcher {
	header := map[string][]string{
		hdrContentType:     {"application/problem+json"},
		hdrCacheControl:    {"no-store"},
		hdrWWWAuthenticate: challenges,
		hdrRetryAfter:      nil,
	}
	if retryAfter != "" {
		header[hdrRetryAfter] = []string{retryAfter}
	}
	return errorResponse{status: status, header: header, body: body}.match
}

// renderTeapot is a custom renderer with a header of two values, to show
// that adapters write every value in order.
func renderTeapot(e *core.Error) core.Response {
	return core.Response{
		Status: http.StatusTeapot,
		Header: http.Header{
			"Content-Type": {"text/plain; charset=utf-8"},
			"X-Trace":      {"first", "second"},
		},
		Body: []byte("no key, no tea\n"),
	}
}
