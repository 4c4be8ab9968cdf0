// Package reftest checks a running example server against the reference
// application, so that every framework is held to the same status, headers
// and body for each request.
package reftest

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// requestTimeout bounds each request, so that one hung case fails alone.
const requestTimeout = 5 * time.Second

// Bodies of the error responses, as the default renderer writes them.
const (
	notAuthenticated = `{"detail":"Not authenticated"}`
	notValidated     = `{"detail":"Could not validate credentials"}`
)

type testCase struct {
	name    string
	rule    string // rule that the case checks, printed with every failure
	path    string // path and query string
	headers map[string]string
	status  int
	body    string // exact body, not checked for 404
}

var cases = []testCase{
	{
		name:    "users me valid key",
		rule:    "a valid X-API-Key reaches the handler with its user",
		path:    "/users/me",
		headers: map[string]string{"X-API-Key": "secret-token-123"},
		status:  http.StatusOK,
		body:    `{"username":"api_admin"}`,
	},
	{
		name:    "users me lowercase header",
		rule:    "header names match case-insensitively",
		path:    "/users/me",
		headers: map[string]string{"x-api-key": "secret-token-123"},
		status:  http.StatusOK,
		body:    `{"username":"api_admin"}`,
	},
	{
		name:   "users me no key",
		rule:   "a missing required key gives 401 with a challenge",
		path:   "/users/me",
		status: http.StatusUnauthorized,
		body:   notAuthenticated,
	},
	{
		name:    "users me wrong key",
		rule:    "a key the validator rejects gives 403 without a challenge",
		path:    "/users/me",
		headers: map[string]string{"X-API-Key": "wrong-token"},
		status:  http.StatusForbidden,
		body:    notValidated,
	},
	{
		name:   "items query key",
		rule:   "the api_key query parameter reaches the handler unvalidated",
		path:   "/items/?api_key=my-query-key",
		status: http.StatusOK,
		body:   `{"extracted_key":"my-query-key"}`,
	},
	{
		name:   "items plus decodes",
		rule:   "query values are URL-decoded, so '+' is a space",
		path:   "/items/?api_key=a+b",
		status: http.StatusOK,
		body:   `{"extracted_key":"a b"}`,
	},
	{
		name:   "items no key",
		rule:   "a missing required query parameter gives 401 with a challenge",
		path:   "/items/",
		status: http.StatusUnauthorized,
		body:   notAuthenticated,
	},
	{
		name:    "data cookie",
		rule:    "the session_id cookie reaches the handler unvalidated",
		path:    "/data/",
		headers: map[string]string{"Cookie": "session_id=my-session-token"},
		status:  http.StatusOK,
		body:    `{"session_token":"my-session-token"}`,
	},
	{
		name:   "data no cookie",
		rule:   "a missing required cookie gives 401 with a challenge",
		path:   "/data/",
		status: http.StatusUnauthorized,
		body:   notAuthenticated,
	},
	{
		name:   "public data anonymous",
		rule:   "an optional scheme lets a request without a key through",
		path:   "/public-data",
		status: http.StatusOK,
		body:   `{"message":"Hello, anonymous user"}`,
	},
	{
		name:    "public data with key",
		rule:    "an optional scheme hands a present key to the handler",
		path:    "/public-data",
		headers: map[string]string{"X-API-Key": "my-key"},
		status:  http.StatusOK,
		body:    `{"message":"Hello, user with key my-key"}`,
	},
	{
		name:   "unknown route",
		rule:   "a route that the application does not define gives 404",
		path:   "/unknown",
		status: http.StatusNotFound,
	},
	{
		name:   "items without slash",
		rule:   "/items is not redirected to /items/, because the Location would repeat the query key",
		path:   "/items?api_key=sk_redirect_probe",
		status: http.StatusNotFound,
	},
	{
		name:   "items with doubled slash",
		rule:   "an unclean path is not redirected to the clean one, because the Location would repeat the query key",
		path:   "//items/?api_key=sk_redirect_probe",
		status: http.StatusNotFound,
	},
	{
		name:   "items with dot segment",
		rule:   "an unclean path is not redirected to the clean one, because the Location would repeat the query key",
		path:   "/./items/?api_key=sk_redirect_probe",
		status: http.StatusNotFound,
	},
	{
		name:   "unknown route below items",
		rule:   "/items/ matches only itself, and no authentication runs first",
		path:   "/items/unknown",
		status: http.StatusNotFound,
	},
}

// Check sends every request of the reference application to the server at
// baseURL, such as "http://127.0.0.1:41234", and fails t for each response
// whose status, body or headers differ from the expected ones. It also
// checks that /openapi.json serves [GoldenDocument], valid against the
// OpenAPI schema, and that /docs serves an HTML page. The cases run as
// parallel subtests.
func Check(t *testing.T, baseURL string) {
	t.Helper()

	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	client := &http.Client{
		Transport: transport,
		Timeout:   requestTimeout,
		// A redirect is returned instead of followed, so that a route
		// that redirects fails its case.
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkCase(t, client, baseURL, tc)
		})
	}
	t.Run("openapi document", func(t *testing.T) {
		t.Parallel()
		checkDocument(t, client, baseURL)
	})
	t.Run("docs page", func(t *testing.T) {
		t.Parallel()
		checkDocsPage(t, client, baseURL)
	})
}

func checkCase(t *testing.T, client *http.Client, baseURL string, tc testCase) {
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, baseURL+tc.path, nil)
	if err != nil {
		t.Fatalf("build request: %v", err)
	}
	for name, value := range tc.headers {
		// Set the map directly, so that a lowercase name is sent as it is.
		req.Header[name] = []string{value}
	}

	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", tc.path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", tc.path, err)
	}

	if resp.StatusCode != tc.status {
		t.Errorf("GET %s: status %d, want %d (%s)", tc.path, resp.StatusCode, tc.status, tc.rule)
	}
	if tc.status == http.StatusNotFound {
		// Each framework writes its own 404 body, but none may repeat
		// the query.
		if strings.Contains(string(body), "sk_redirect_probe") {
			t.Errorf("GET %s: 404 body %q repeats the query key (%s)", tc.path, body, tc.rule)
		}
		return
	}
	if string(body) != tc.body {
		t.Errorf("GET %s: body %q, want %q (%s)", tc.path, body, tc.body, tc.rule)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("GET %s: Content-Type %q, want %q", tc.path, got, "application/json")
	}

	challenges := resp.Header.Values("WWW-Authenticate")
	switch tc.status {
	case http.StatusUnauthorized:
		if !slices.Equal(challenges, []string{"APIKey"}) {
			t.Errorf("GET %s: WWW-Authenticate %q, want [\"APIKey\"] (%s)", tc.path, challenges, tc.rule)
		}
		checkNoStore(t, tc, resp.Header)
	case http.StatusForbidden:
		if len(challenges) != 0 {
			t.Errorf("GET %s: WWW-Authenticate %q, want none (%s)", tc.path, challenges, tc.rule)
		}
		checkNoStore(t, tc, resp.Header)
	}
}

func checkNoStore(t *testing.T, tc testCase, header http.Header) {
	t.Helper()
	if got := strings.Join(header.Values("Cache-Control"), ", "); got != "no-store" {
		t.Errorf("GET %s: Cache-Control %q, want %q (%s)", tc.path, got, "no-store", tc.rule)
	}
}
