package conformance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"testing"
	"time"
)

// Case is one conformance check: the authenticator it needs and the
// requests that pin one rule of the behaviour contract.
type Case struct {
	// Rule is the behaviour rule that the case pins: an Extraction row
	// such as "E7", an Outcomes row such as "O1" or an OpenAPI row such as
	// "A3". Other rules are "render" (renderer presets),
	// "framework-errors" (errors handed to the framework's error handler),
	// "skipper" (the skipped path) and "openapi" (route registration and
	// the docs page).
	Rule string
	// Name identifies the case within its rule, such as
	// "header-duplicates-differ".
	Name string
	// Doc states the expected behaviour in one sentence.
	Doc string

	setup setup
	// doc, when not nil, makes this an OpenAPI case, served with
	// Adapter.ServeDocumented instead of Adapter.Serve.
	doc   *docSetup
	check func(ctx context.Context, s *session) error
}

// ID returns "Rule/Name", which is the subtest name and the key to use in
// [Adapter.Skip].
func (c Case) ID() string { return c.Rule + "/" + c.Name }

// Cases returns every case that [Run] runs, in order.
func Cases() []Case {
	var all []Case
	all = append(all, extractionCases()...)
	all = append(all, duplicateCases()...)
	all = append(all, outcomeCases()...)
	all = append(all, responseCases()...)
	all = append(all, openAPICases()...)
	return all
}

// Run runs every case against adapter a, each as a parallel subtest named
// by its [Case.ID] with a fresh listener on 127.0.0.1 and a fresh server
// from a.Serve, or from a.ServeDocumented for the OpenAPI cases. A case
// listed in a.Skip is skipped with the reason, and so are the
// framework-errors cases when a.FrameworkErrors is false. A Skip entry
// that names no case fails the test, so stale entries are noticed. A nil
// a.ServeDocumented fails every OpenAPI case, because every adapter must
// register documented routes.
func Run(t *testing.T, a Adapter) {
	t.Helper()
	if a.Serve == nil {
		t.Fatal("conformance: Adapter.Serve is nil")
	}

	cases := Cases()
	for id := range a.Skip {
		if !slices.ContainsFunc(cases, func(c Case) bool { return c.ID() == id }) {
			t.Errorf("conformance: Adapter.Skip names %q, which is not a case", id)
		}
	}

	for _, c := range cases {
		t.Run(c.ID(), func(t *testing.T) {
			if reason, ok := a.Skip[c.ID()]; ok {
				t.Skipf("%s declares a known gap: %s", a.Name, reason)
			}
			if c.setup.frameworkErrors && !a.FrameworkErrors {
				t.Skipf("%s does not hand errors to a framework error handler", a.Name)
			}
			t.Parallel()

			if err := c.run(t, a, requestTimeout); err != nil {
				t.Errorf("%s: %s\n%v", a.Name, c.Doc, err)
			}
		})
	}
}

// run serves c's fixture with a and runs c's check followed by the leak
// check. Each request has its own deadline of timeout. The server is shut
// down by the cleanups that a.Serve or a.ServeDocumented registers on t.
func (c Case) run(t *testing.T, a Adapter, timeout time.Duration) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen on 127.0.0.1: %w", err)
	}
	// Closing a listener twice is harmless, and this close only matters
	// when the adapter never took ownership of it.
	t.Cleanup(func() { ln.Close() })

	s := &session{addr: ln.Addr().String(), timeout: timeout, logs: &logBuffer{}}
	if c.doc != nil {
		err = c.serveDocumented(t, a, ln, s)
	} else {
		err = c.serve(t, a, ln, s.logs)
	}
	if err != nil {
		return err
	}

	checkErr := c.check(t.Context(), s)
	return errors.Join(checkErr, s.leaks())
}

// serve builds c's authenticator and starts a.Serve on ln.
func (c Case) serve(t *testing.T, a Adapter, ln net.Listener, logs *logBuffer) error {
	auth, err := c.setup.build(logs)
	if err != nil {
		return fmt.Errorf("build authenticator: %w", err)
	}
	a.Serve(t, ln, Fixture{Auth: auth, FrameworkErrors: c.setup.frameworkErrors})
	return nil
}

// single returns a case that sends one request and matches the response.
func single(rule, name, doc string, st setup, req request, want matcher) Case {
	return Case{
		Rule:  rule,
		Name:  name,
		Doc:   doc,
		setup: st,
		check: func(ctx context.Context, s *session) error {
			return s.expect(ctx, req, want)
		},
	}
}
