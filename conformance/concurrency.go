package conformance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
)

// Size of the concurrency case: concurrentRequests requests, at most
// concurrentConns at a time over kept-alive connections.
const (
	concurrentRequests = 200
	concurrentConns    = 16
	maxReportedErrors  = 5
)

// concurrentCase sends many requests at once, each with its own key, and
// checks that every handler gets the principal of its own key. Keys rotate
// over the header, the query and the cookie. It goes through Go's
// http.Client, so that keep-alive connections are reused across requests.
func concurrentCase() Case {
	return Case{
		Rule:  "O7",
		Name:  "concurrent-distinct-keys",
		Doc:   "concurrent requests with distinct keys each get their own principal",
		setup: schemes(headerScheme(), queryScheme(), cookieScheme()),
		check: checkConcurrent,
	}
}

func checkConcurrent(ctx context.Context, s *session) error {
	client, transport := s.newClient(concurrentConns)
	defer transport.CloseIdleConnections()

	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		errs   []error
		failed int
	)
	slots := make(chan struct{}, concurrentConns)
	for i := range concurrentRequests {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()

			err := sendConcurrent(ctx, s, client, i)
			if err == nil {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			failed++
			if len(errs) < maxReportedErrors {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()

	if failed > len(errs) {
		more := failed - len(errs)
		errs = append(errs, fmt.Errorf("and %d more of %d requests failed", more, concurrentRequests))
	}
	return errors.Join(errs...)
}

// sendConcurrent sends request i with its own key in one of the three
// sources and matches the response.
func sendConcurrent(ctx context.Context, s *session, client *http.Client, i int) error {
	key := fmt.Sprintf("%s%03d", concurrentPrefix, i)
	target := "http://" + s.addr + ProtectedPath

	var source string
	switch i % 3 {
	case 0:
		source = "header"
	case 1:
		source = "query"
		target += "?" + queryName + "=" + url.QueryEscape(key)
	case 2:
		source = "cookie"
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("request %d: %w", i, err)
	}
	switch source {
	case "header":
		req.Header.Set(headerName, key)
	case "cookie":
		req.AddCookie(&http.Cookie{Name: cookieName, Value: key})
	}

	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("request %d with key in %s: %w", i, source, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return fmt.Errorf("request %d with key in %s: read body: %w", i, source, err)
	}

	got := &response{status: resp.StatusCode, header: resp.Header, body: body}
	if err := handled(&Principal{Name: "p-" + key})(got); err != nil {
		return fmt.Errorf("request %d with key in %s: %w", i, source, err)
	}
	return nil
}
