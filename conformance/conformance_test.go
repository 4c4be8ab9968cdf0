package conformance

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-apikey/apikey/core"
)

// reference is a minimal net/http adapter written directly on the core,
// with optional faults that make it break one rule each. The suite must
// pass against the faultless reference and fail against each fault.
type reference struct {
	// view replaces core.FromHTTP as the request view given to the core.
	view func(r *http.Request) core.Request
	// mutate changes an error response before it is written.
	mutate func(r *http.Request, resp core.Response) core.Response
	// dropPrincipal runs the handler without the principal in the context.
	dropPrincipal bool
	// noSkipper authenticates the skipped path too.
	noSkipper bool
	// hang leaves every request unanswered until the client gives up.
	hang bool
	// nextAfterError runs the handler after writing an error response.
	nextAfterError bool
	// doc breaks the documented server.
	doc docFaults
}

// docFaults make the reference's documented server break one OpenAPI rule
// each.
type docFaults struct {
	// dropGroupRoutes guards routes inside a group but leaves them out of
	// the document, as if their security were lost.
	dropGroupRoutes bool
	// unguardedGroups documents routes inside a group but serves them
	// without the middleware.
	unguardedGroups bool
	// noEmptyRequirement records an optional route as required, so its
	// security lacks {}.
	noEmptyRequirement bool
	// sortedAlternatives records a route's schemes sorted by scheme name
	// instead of in declared order.
	sortedAlternatives bool
	// colonPaths records path parameters in Gin's :name form.
	colonPaths bool
	// ignoreRecordErrors serves the routes even when recording fails.
	ignoreRecordErrors bool
	// serveOnError returns the recording error but serves the routes
	// anyway.
	serveOnError bool
	// noDocsPage serves the document but not the docs page.
	noDocsPage bool
}

// adapter returns the reference as an Adapter under test.
func (ref reference) adapter() Adapter {
	return Adapter{
		Name:            "reference",
		Serve:           ref.serve,
		ServeDocumented: ref.serveDocumented,
		FrameworkErrors: true,
	}
}

// handler writes the body from HandlerBody. net/http has no native
// store besides the context, so both principals come from the context.
var handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	p, ok := core.PrincipalFrom[Principal](r.Context())
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(HandlerBody(p, ok, r.Context()))
})

func (ref reference) serve(t *testing.T, ln net.Listener, f Fixture) {
	startServer(t, ln, ref.middleware(f, handler))
}

// serveDocumented registers f's routes on a ServeMux, records the guarded
// ones in a core.Recorder and serves the document and the docs page with
// core.Docs, as an adapter does with its own router.
func (ref reference) serveDocumented(t *testing.T, ln net.Listener, f DocFixture) error {
	var (
		rec       core.Recorder
		recordErr error
	)
	mux := http.NewServeMux()
	for _, r := range f.Routes {
		pattern := r.Method + " " + r.Group + r.Path
		if r.Auth == nil {
			mux.Handle(pattern, handler)
			continue
		}
		err := ref.record(&rec, r)
		switch {
		case err != nil && ref.doc.serveOnError:
			recordErr = err
		case err != nil && !ref.doc.ignoreRecordErrors:
			return err
		}
		if r.Group != "" && ref.doc.unguardedGroups {
			mux.Handle(pattern, handler)
			continue
		}
		mux.Handle(pattern, ref.middleware(Fixture{Auth: r.Auth}, handler))
	}

	docs, err := core.NewDocs(f.OpenAPI.BuildFrom(&rec))
	if err != nil {
		return err
	}
	mux.Handle("GET "+docs.DocumentPath(), docs.DocumentHandler())
	if !ref.doc.noDocsPage {
		mux.Handle("GET "+docs.PagePath(), docs.PageHandler())
	}
	startServer(t, ln, mux)
	return recordErr
}

// colonParam matches an OpenAPI path parameter such as {id}.
var colonParam = regexp.MustCompile(`\{(\w+)\}`)

// record records r in rec, with the faults of ref.doc.
func (ref reference) record(rec *core.Recorder, r DocRoute) error {
	if r.Group != "" && ref.doc.dropGroupRoutes {
		return nil
	}
	schemes := r.Auth.Schemes()
	if ref.doc.sortedAlternatives {
		slices.SortFunc(schemes, func(a, b *core.Scheme) int {
			return strings.Compare(a.SchemeName(), b.SchemeName())
		})
	}
	path := r.Group + r.Path
	if ref.doc.colonPaths {
		path = colonParam.ReplaceAllString(path, ":$1")
	}
	return rec.Record(core.Operation{
		Method:   r.Method,
		Path:     path,
		Schemes:  schemes,
		Optional: r.Auth.Optional() && !ref.doc.noEmptyRequirement,
	})
}

// startServer serves h on ln until the test ends.
func startServer(t *testing.T, ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()

	t.Cleanup(func() {
		// A hanging handler holds its connection until the client closes
		// it, so Close is used instead of a graceful Shutdown.
		if err := srv.Close(); err != nil {
			t.Errorf("close reference server: %v", err)
		}
	})
}

func (ref reference) middleware(f Fixture, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ref.hang {
			<-r.Context().Done()
			return
		}
		if r.URL.Path == SkippedPath && !ref.noSkipper {
			next.ServeHTTP(w, r)
			return
		}

		view := core.FromHTTP(r)
		if ref.view != nil {
			view = ref.view(r)
		}
		res, err := f.Auth.Authenticate(r.Context(), view)
		if err != nil {
			resp := f.Auth.Render(err)
			if f.FrameworkErrors {
				resp = plainTextResponse(resp)
			}
			if ref.mutate != nil {
				resp = ref.mutate(r, resp)
			}
			for name, values := range resp.Header {
				for _, v := range values {
					w.Header().Add(name, v)
				}
			}
			w.WriteHeader(resp.Status)
			_, _ = w.Write(resp.Body)
			if !ref.nextAfterError {
				return
			}
		}

		if !res.Anonymous() && !ref.dropPrincipal {
			r = r.WithContext(core.NewContext(r.Context(), res))
		}
		next.ServeHTTP(w, r)
	})
}

// plainTextResponse imitates a framework's error handler. It keeps the
// status, the challenge, Cache-Control and Retry-After, and replaces the
// body.
func plainTextResponse(resp core.Response) core.Response {
	h := http.Header{"Content-Type": {"text/plain; charset=utf-8"}}
	for _, name := range []string{"WWW-Authenticate", "Cache-Control", "Retry-After"} {
		if v := resp.Header.Values(name); len(v) > 0 {
			h[http.CanonicalHeaderKey(name)] = v
		}
	}
	return core.Response{Status: resp.Status, Header: h, Body: []byte(http.StatusText(resp.Status) + "\n")}
}

func TestReferencePasses(t *testing.T) {
	Run(t, reference{}.adapter())
}

func TestCaseIDsUnique(t *testing.T) {
	seen := make(map[string]bool)
	for _, c := range Cases() {
		if seen[c.ID()] {
			t.Errorf("case %s is listed twice", c.ID())
		}
		seen[c.ID()] = true
		if c.Doc == "" {
			t.Errorf("case %s has no Doc", c.ID())
		}
	}
}

func TestCasesCoverEveryRow(t *testing.T) {
	rows := []string{
		"E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9",
		"O1", "O2", "O4", "O5", "O6", "O7",
		"A1", "A2", "A3", "A4", "A5", "A6",
		"render", "framework-errors", "skipper", "openapi",
	}
	for _, row := range rows {
		if !slices.ContainsFunc(Cases(), func(c Case) bool { return c.Rule == row }) {
			t.Errorf("no case pins rule %s", row)
		}
	}
}

// caseByID returns the case with the given ID, or fails the test.
func caseByID(t *testing.T, id string) Case {
	t.Helper()
	for _, c := range Cases() {
		if c.ID() == id {
			return c
		}
	}
	t.Fatalf("no case %s", id)
	return Case{}
}

// echoKey appends the request's X-API-Key or api_key to the body of every
// error response.
func echoKey(r *http.Request, resp core.Response) core.Response {
	key := r.Header.Get("X-API-Key") + r.URL.Query().Get("api_key")
	resp.Body = append(append([]byte(nil), resp.Body...), key...)
	return resp
}

// withoutHeader returns a mutation that deletes the header called name.
func withoutHeader(name string) func(*http.Request, core.Response) core.Response {
	return func(_ *http.Request, resp core.Response) core.Response {
		resp.Header = resp.Header.Clone()
		resp.Header.Del(name)
		return resp
	}
}

// firstHeaderOnly is a request view that keeps only the first line of each
// header, as framework helpers such as Header.Get do.
type firstHeaderOnly struct{ r *http.Request }

func (v firstHeaderOnly) HeaderValues(name string) []string {
	if first := v.r.Header.Get(name); first != "" {
		return []string{first}
	}
	return nil
}

func (v firstHeaderOnly) RawQuery() string { return v.r.URL.RawQuery }

// reencodedQuery is a request view whose query went through url.ParseQuery
// and back, which drops malformed pairs and collapses encodings.
type reencodedQuery struct{ core.Request }

func (v reencodedQuery) RawQuery() string {
	values, _ := url.ParseQuery(v.Request.RawQuery())
	return values.Encode()
}

func TestChecksFailAgainstFaults(t *testing.T) {
	tests := []struct {
		fault string
		ref   reference
		cases []string
	}{
		{
			fault: "missing key answered with 400",
			ref: reference{mutate: func(_ *http.Request, resp core.Response) core.Response {
				if resp.Status == http.StatusUnauthorized {
					resp.Status = http.StatusBadRequest
				}
				return resp
			}},
			cases: []string{"O1/header-missing", "E3/query-empty", "E8/bearer-without-space"},
		},
		{
			fault: "WWW-Authenticate dropped",
			ref:   reference{mutate: withoutHeader("WWW-Authenticate")},
			cases: []string{"O1/header-missing", "O1/header-and-bearer-challenges", "framework-errors/missing"},
		},
		{
			fault: "challenges joined on one line",
			ref: reference{mutate: func(_ *http.Request, resp core.Response) core.Response {
				resp.Header = resp.Header.Clone()
				if v := resp.Header.Values("WWW-Authenticate"); len(v) > 1 {
					resp.Header.Set("WWW-Authenticate", strings.Join(v, ", "))
				}
				return resp
			}},
			cases: []string{"O1/header-and-bearer-challenges", "framework-errors/two-challenges"},
		},
		{
			fault: "Cache-Control dropped",
			ref:   reference{mutate: withoutHeader("Cache-Control")},
			cases: []string{"O2/header-wrong-key", "O4/unavailable", "render/problem-missing"},
		},
		{
			fault: "key echoed in the body",
			ref:   reference{mutate: echoKey},
			cases: []string{"O2/header-wrong-key", "O2/query-wrong-key", "E7/header-duplicates-differ"},
		},
		{
			fault: "validator failure reported as a bad key",
			ref: reference{mutate: func(_ *http.Request, resp core.Response) core.Response {
				if resp.Status >= 500 {
					resp.Status = http.StatusForbidden
				}
				return resp
			}},
			cases: []string{"O4/validator-error", "O4/unavailable", "framework-errors/validator-error"},
		},
		{
			fault: "principal not stored in the context",
			ref:   reference{dropPrincipal: true},
			cases: []string{"O7/header-good-key", "O7/concurrent-distinct-keys", "E8/bearer-lowercase"},
		},
		{
			fault: "handler runs after an error",
			ref:   reference{nextAfterError: true},
			cases: []string{"O2/header-wrong-key", "O1/header-missing"},
		},
		{
			fault: "skipper ignored",
			ref:   reference{noSkipper: true},
			cases: []string{"skipper/no-key", "skipper/wrong-key"},
		},
		{
			fault: "only the first header line read",
			ref:   reference{view: func(r *http.Request) core.Request { return firstHeaderOnly{r} }},
			cases: []string{
				"E7/header-duplicates-differ",
				"E6/cookie-two-lines",
				"E7/authorization-duplicates-differ",
			},
		},
		{
			fault: "group routes left out of the document",
			ref:   reference{doc: docFaults{dropGroupRoutes: true}},
			cases: []string{"openapi/group-route"},
		},
		{
			fault: "optional route without the empty requirement",
			ref:   reference{doc: docFaults{noEmptyRequirement: true}},
			cases: []string{"A5/optional-empty-requirement"},
		},
		{
			fault: "alternatives sorted by scheme name",
			ref:   reference{doc: docFaults{sortedAlternatives: true}},
			cases: []string{"A3/alternatives-in-order"},
		},
		{
			fault: "path parameters in the router's own syntax",
			ref:   reference{doc: docFaults{colonPaths: true}},
			cases: []string{"openapi/path-parameter", "openapi/group-route"},
		},
		{
			fault: "scheme name clash ignored",
			ref:   reference{doc: docFaults{ignoreRecordErrors: true}},
			cases: []string{"A4/scheme-name-clash"},
		},
		{
			fault: "routes served after a scheme name clash",
			ref:   reference{doc: docFaults{serveOnError: true}},
			cases: []string{"A4/scheme-name-clash"},
		},
		{
			fault: "docs page not mounted",
			ref:   reference{doc: docFaults{noDocsPage: true}},
			cases: []string{"openapi/docs-page"},
		},
		{
			fault: "group routes documented but not guarded",
			ref:   reference{doc: docFaults{unguardedGroups: true}},
			cases: []string{"openapi/group-route"},
		},
		{
			fault: "query re-encoded by the framework",
			ref: reference{view: func(r *http.Request) core.Request {
				return reencodedQuery{core.FromHTTP(r)}
			}},
			cases: []string{"E5/query-malformed-escape", "E5/query-truncated-escape"},
		},
	}
	for _, tt := range tests {
		for _, id := range tt.cases {
			t.Run(tt.fault+"/"+id, func(t *testing.T) {
				t.Parallel()
				err := caseByID(t, id).run(t, tt.ref.adapter(), requestTimeout)
				if err == nil {
					t.Fatalf("case %s passed against a server with the fault %q", id, tt.fault)
				}
				t.Logf("case %s failed as it should:\n%v", id, err)
			})
		}
	}
}

func TestServeDocumentedRequired(t *testing.T) {
	a := reference{}.adapter()
	a.ServeDocumented = nil
	for _, c := range Cases() {
		if c.doc == nil {
			continue
		}
		t.Run(c.ID(), func(t *testing.T) {
			err := c.run(t, a, requestTimeout)
			if !errors.Is(err, errNoServeDocumented) {
				t.Errorf("case %s with a nil ServeDocumented returned %v, want errNoServeDocumented", c.ID(), err)
			}
		})
	}
}

func TestHangFailsAlone(t *testing.T) {
	hang := reference{hang: true}.adapter()
	err := caseByID(t, "O1/header-missing").run(t, hang, 200*time.Millisecond)
	if err == nil {
		t.Fatal("case passed against a server that never answers")
	}
	// A timeout error shows that the per-request deadline ended the case,
	// rather than the server or the test's own limit.
	var netErr net.Error
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Errorf("error = %v, want a timeout", err)
	}
}

func TestLeakCheck(t *testing.T) {
	tests := []struct {
		name string
		text string
		want bool
	}{
		{"whole key", "detail " + keyWrong, true},
		{"part of key", `{"detail":"` + keyWrong[2:9] + `"}`, true},
		{"fingerprint only", `"key_fingerprint":"sha256:0123456789ab"`, false},
		{"unrelated text", `{"detail":"Could not validate credentials"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := leakedPart(tt.text, keyWrong); got != tt.want {
				t.Errorf("leakedPart(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestLeaksFindsKeyInLog(t *testing.T) {
	s := &session{logs: &logBuffer{}}
	if _, err := s.logs.Write([]byte(`{"msg":"lookup ` + keyFail + `"}` + "\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.leaks(); err == nil {
		t.Error("leaks found nothing in a log line that contains a key")
	}
}

func TestHandlerBodyWithoutPrincipal(t *testing.T) {
	body := string(HandlerBody(Principal{}, false, context.Background()))
	if want := `{"native":null,"context":null}`; body != want {
		t.Errorf("HandlerBody = %s, want %s", body, want)
	}
}
