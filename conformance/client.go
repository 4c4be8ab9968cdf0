package conformance

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// requestTimeout bounds each request, so that a server that hangs fails
// its own case and no other.
const requestTimeout = 10 * time.Second

// maxBody is the largest response body that the suite reads.
const maxBody = 1 << 20

// request is one request without a body, written byte for byte as given.
// Go's http.Client would canonicalize header names, merge duplicate lines
// and refuse malformed values; writing raw bytes sends exactly what a case
// needs.
type request struct {
	method string   // GET when empty
	target string   // request-target: path and query
	lines  []string // header lines without CRLF, in order
}

// call returns a request for ProtectedPath with the given query string
// (including the '?', or empty) and header lines.
func call(query string, lines ...string) request {
	return request{target: ProtectedPath + query, lines: lines}
}

// get returns a GET request for target with the given header lines.
func get(target string, lines ...string) request {
	return request{target: target, lines: lines}
}

// methodOrGet returns the request's method, GET when none is set.
func (r request) methodOrGet() string {
	if r.method == "" {
		return http.MethodGet
	}
	return r.method
}

// String describes the request for failure messages.
func (r request) String() string {
	if len(r.lines) == 0 {
		return r.methodOrGet() + " " + r.target
	}
	return fmt.Sprintf("%s %s with %q", r.methodOrGet(), r.target, r.lines)
}

// response is the status, header and body that the server sent back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// session is one case's connection to its server.
type session struct {
	addr    string
	timeout time.Duration
	logs    *logBuffer
	// serveErr is the error that Adapter.ServeDocumented returned, for an
	// OpenAPI case that expects one.
	serveErr error

	mu        sync.Mutex
	responses []recorded
}

// recorded is a response kept for the leak check, with its request.
type recorded struct {
	req  string
	resp *response
}

// send writes req on a new connection and reads the response. The request
// has its own deadline of s.timeout.
func (s *session) send(ctx context.Context, req request) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()

	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return nil, fmt.Errorf("%s: dial: %w", req, err)
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		if err := conn.SetDeadline(deadline); err != nil {
			return nil, fmt.Errorf("%s: set deadline: %w", req, err)
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", req.methodOrGet(), req.target, s.addr)
	for _, line := range req.lines {
		b.WriteString(line)
		b.WriteString("\r\n")
	}
	b.WriteString("Connection: close\r\n\r\n")
	if _, err := io.WriteString(conn, b.String()); err != nil {
		return nil, fmt.Errorf("%s: write request: %w", req, err)
	}

	// ReadResponse reads no body for a response to HEAD only when it is
	// given the request's method.
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: req.methodOrGet()})
	if err != nil {
		return nil, fmt.Errorf("%s: read response: %w", req, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("%s: read body: %w", req, err)
	}

	out := &response{status: resp.StatusCode, header: resp.Header, body: body}
	s.record(req.String(), out)
	return out, nil
}

// expect sends req and matches the response against want.
func (s *session) expect(ctx context.Context, req request, want matcher) error {
	resp, err := s.send(ctx, req)
	if err != nil {
		return err
	}
	if err := want(resp); err != nil {
		return fmt.Errorf("%s: %w", req, err)
	}
	return nil
}

func (s *session) record(req string, resp *response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.responses = append(s.responses, recorded{req: req, resp: resp})
}

// recordedResponses returns a copy of every response received so far.
func (s *session) recordedResponses() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.responses...)
}

// newClient returns an http.Client for the session's server that opens at
// most maxConns connections. Close its idle connections when done.
func (s *session) newClient(maxConns int) (*http.Client, *http.Transport) {
	transport := &http.Transport{
		MaxConnsPerHost:     maxConns,
		MaxIdleConnsPerHost: maxConns,
		DisableCompression:  true,
	}
	return &http.Client{Transport: transport, Timeout: s.timeout}, transport
}
