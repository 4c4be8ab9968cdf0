package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// matcher reports how a response differs from what a case expects, with
// one joined error per differing condition, or nil when it matches.
type matcher func(*response) error

// Header names that error responses are checked for.
const (
	hdrContentType     = "Content-Type"
	hdrCacheControl    = "Cache-Control"
	hdrWWWAuthenticate = "WWW-Authenticate"
	hdrRetryAfter      = "Retry-After"
)

// errorResponse is an exact expected error response. Every header in
// header must carry exactly the listed values, in order; an empty list
// means that the header must be absent. Other headers are not checked.
type errorResponse struct {
	status int
	header map[string][]string
	body   string
}

func (want errorResponse) match(got *response) error {
	var errs []error
	if got.status != want.status {
		errs = append(errs, fmt.Errorf("status = %d, want %d", got.status, want.status))
	}
	for _, name := range sortedKeys(want.header) {
		if err := matchHeader(got.header, name, want.header[name]); err != nil {
			errs = append(errs, err)
		}
	}
	if string(got.body) != want.body {
		errs = append(errs, fmt.Errorf("body = %q, want %q", got.body, want.body))
	}
	return errors.Join(errs...)
}

func matchHeader(h http.Header, name string, want []string) error {
	got := h.Values(name)
	if len(want) == 0 && len(got) > 0 {
		return fmt.Errorf("%s = %q, want no such header", name, got)
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("%s = %q, want %q", name, got, want)
	}
	return nil
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// jsonError returns the expected FastAPI-shaped error response:
// {"detail":detail} as application/json with Cache-Control: no-store,
// the given WWW-Authenticate challenges (none when empty) and no
// Retry-After.
func jsonError(status int, detail string, challenges ...string) matcher {
	return errorResponse{
		status: status,
		header: map[string][]string{
			hdrContentType:     {"application/json"},
			hdrCacheControl:    {"no-store"},
			hdrWWWAuthenticate: challenges,
			hdrRetryAfter:      nil,
		},
		body: detailBody(detail),
	}.match
}

func detailBody(detail string) string {
	b, err := json.Marshal(struct {
		Detail string `json:"detail"`
	}{detail})
	if err != nil {
		panic("conformance: marshal detail: " + err.Error())
	}
	return string(b)
}

// missing is the O1 response for a missing credential.
func missing(challenges ...string) matcher {
	return jsonError(http.StatusUnauthorized, "Not authenticated", challenges...)
}

// rejected is the O2 response for a key the validator rejects.
func rejected() matcher {
	return jsonError(http.StatusForbidden, "Could not validate credentials")
}

// badRequest is the O3 response for an ambiguous or malformed credential.
// The detail is the core's text, which names the source and never the
// value.
func badRequest(detail string) matcher {
	return jsonError(http.StatusBadRequest, detail)
}

// internalError is the O4 response for a validator that fails or panics.
func internalError() matcher {
	return jsonError(http.StatusInternalServerError, "Internal Server Error")
}

// unavailable is the O4 response for a key store that is unavailable.
func unavailable(retryAfter string) matcher {
	return errorResponse{
		status: http.StatusServiceUnavailable,
		header: map[string][]string{
			hdrContentType:     {"application/json"},
			hdrCacheControl:    {"no-store"},
			hdrWWWAuthenticate: nil,
			hdrRetryAfter:      {retryAfter},
		},
		body: detailBody("Service Unavailable"),
	}.match
}

// statusAndChallenges checks what must survive a framework's own error
// handler: the status, WWW-Authenticate, Cache-Control: no-store, and
// Retry-After on a 503. The body belongs to the framework's handler.
func statusAndChallenges(status int, challenges ...string) matcher {
	return func(got *response) error {
		var errs []error
		if got.status != status {
			errs = append(errs, fmt.Errorf("status = %d, want %d", got.status, status))
		}
		if err := matchHeader(got.header, hdrWWWAuthenticate, challenges); err != nil {
			errs = append(errs, err)
		}
		if err := matchHeader(got.header, hdrCacheControl, []string{"no-store"}); err != nil {
			errs = append(errs, err)
		}
		if status == http.StatusServiceUnavailable && len(got.header.Values(hdrRetryAfter)) != 1 {
			errs = append(errs, fmt.Errorf("Retry-After = %q, want one value", got.header.Values(hdrRetryAfter)))
		}
		return errors.Join(errs...)
	}
}

// handled expects the handler to run and to see p through both the native
// accessor and context.Context; a nil p expects no principal in either.
func handled(p *Principal) matcher {
	return func(got *response) error {
		if got.status != http.StatusOK {
			return fmt.Errorf("status = %d with body %q, want 200 from the handler",
				got.status, got.body)
		}
		var out HandlerOutput
		if err := json.Unmarshal(got.body, &out); err != nil {
			return fmt.Errorf("body %q is not the handler's output: %v", got.body, err)
		}
		return errors.Join(
			matchPrincipal("native accessor", out.Native, p),
			matchPrincipal("context.Context", out.Context, p),
		)
	}
}

func matchPrincipal(where string, got, want *Principal) error {
	switch {
	case got == nil && want == nil:
		return nil
	case got == nil:
		return fmt.Errorf("principal in %s = none, want %q", where, want.Name)
	case want == nil:
		return fmt.Errorf("principal in %s = %q, want none", where, got.Name)
	case *got != *want:
		return fmt.Errorf("principal in %s = %q, want %q", where, got.Name, want.Name)
	}
	return nil
}

// leakWindow is the length of the parts of a key that the leak check looks
// for. A key shorter than that is only looked for whole.
const leakWindow = 6

// leakedPart reports whether text contains key or any part of it that is
// leakWindow bytes long.
func leakedPart(text, key string) bool {
	if len(key) <= leakWindow {
		return strings.Contains(text, key)
	}
	for i := 0; i+leakWindow <= len(key); i++ {
		if strings.Contains(text, key[i:i+leakWindow]) {
			return true
		}
	}
	return false
}

// leaks returns an error for every secret key that appears, whole or in
// part, in an error response (status line aside: body and header values)
// or in a log line. Each error names the key by its label.
func (s *session) leaks() error {
	var errs []error
	for _, r := range s.recordedResponses() {
		if r.resp.status < 300 {
			continue
		}
		where := fmt.Sprintf("%s: %d response", r.req, r.resp.status)
		for _, k := range secretKeys {
			if leakedPart(string(r.resp.body), k.key) {
				errs = append(errs, fmt.Errorf("%s: body contains %s", where, k.label))
			}
			for name, values := range r.resp.header {
				if leakedPart(strings.Join(values, "\n"), k.key) {
					errs = append(errs, fmt.Errorf("%s: header %s contains %s", where, name, k.label))
				}
			}
		}
	}

	for i, line := range strings.Split(s.logs.String(), "\n") {
		for _, k := range secretKeys {
			if leakedPart(line, k.key) {
				errs = append(errs, fmt.Errorf("log line %d contains %s", i+1, k.label))
			}
		}
	}
	return errors.Join(errs...)
}
