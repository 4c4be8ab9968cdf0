package core

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Response is the HTTP response for an authentication error. Adapters write
// it as it is: status, every header value, then the body. A Response that a
// [Renderer] returns may be shared between requests, so it must not be
// modified.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Renderer builds the response for an authentication error. It must depend
// on nothing but its argument, because the responses for a missing and a
// rejected key are rendered once, when the [Authenticator] is built, and
// reused. It must never copy a key into the response; the *Error it receives
// holds none.
type Renderer func(e *Error) Response

// RenderFastAPI is the default [Renderer]. It responds as FastAPI 0.122 and
// later do: {"detail": message} as application/json, WWW-Authenticate on a
// 401, Retry-After on a 503, and Cache-Control: no-store on every response.
func RenderFastAPI(e *Error) Response {
	return Response{
		Status: e.Status,
		Header: baseHeader(e, "application/json"),
		Body: marshal(struct {
			Detail string `json:"detail"`
		}{e.Message}),
	}
}

// RenderProblem responds with an RFC 9457 problem document
// (application/problem+json) carrying type, title, status, detail and the
// error's stable code, with the same headers as [RenderFastAPI].
func RenderProblem(e *Error) Response {
	return Response{
		Status: e.Status,
		Header: baseHeader(e, "application/problem+json"),
		Body: marshal(struct {
			Type   string `json:"type"`
			Title  string `json:"title"`
			Status int    `json:"status"`
			Detail string `json:"detail"`
			Code   string `json:"code"`
		}{"about:blank", http.StatusText(e.Status), e.Status, e.Message, e.Code}),
	}
}

// RenderUnauthorized responds like [RenderFastAPI] but gives a rejected key
// 401 instead of 403, with the challenge of the scheme that carried it, for
// clients that treat 403 as "authenticated but not allowed".
func RenderUnauthorized(e *Error) Response {
	if e.Code == "invalid_key" && e.Scheme != nil {
		c := *e
		c.Status = http.StatusUnauthorized
		c.Challenges = []string{e.Scheme.Challenge()}
		return RenderFastAPI(&c)
	}
	return RenderFastAPI(e)
}

// RenderLegacyFastAPI responds as FastAPI did before 0.122: a missing key gets
// 403 {"detail":"Not authenticated"} with no WWW-Authenticate header. Other
// outcomes are as [RenderFastAPI].
func RenderLegacyFastAPI(e *Error) Response {
	if e.Code == "missing_credential" {
		c := *e
		c.Status = http.StatusForbidden
		c.Challenges = nil
		return RenderFastAPI(&c)
	}
	return RenderFastAPI(e)
}

func baseHeader(e *Error, contentType string) http.Header {
	h := http.Header{
		"Content-Type":  {contentType},
		"Cache-Control": {"no-store"},
	}
	if e.Status == http.StatusUnauthorized && len(e.Challenges) > 0 {
		h["Www-Authenticate"] = append([]string(nil), e.Challenges...)
	}
	if e.Status == http.StatusServiceUnavailable {
		h["Retry-After"] = []string{retryAfterSeconds(e.RetryAfter)}
	}
	return h
}

// retryAfterSeconds rounds d up to whole seconds, at least one.
func retryAfterSeconds(d time.Duration) string {
	secs := int64((d + time.Second - 1) / time.Second)
	return strconv.FormatInt(max(secs, 1), 10)
}

func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Unreachable for the structs of strings and ints that the callers
		// pass, but a response is still owed, so send the generic body.
		return []byte(`{"detail":"Internal Server Error"}`)
	}
	return b
}
