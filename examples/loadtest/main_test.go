package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "test-key-0123456789"

func TestRoutes(t *testing.T) {
	for _, framework := range []string{"nethttp", "gin", "echo", "fiber"} {
		t.Run(framework, func(t *testing.T) {
			base := startServer(t, framework)

			tests := []struct {
				name   string
				path   string
				key    string
				status int
			}{
				{"bare without key", barePath, "", http.StatusOK},
				{"protected with key", protectedPath, testKey, http.StatusOK},
				{"protected without key", protectedPath, "", http.StatusUnauthorized},
				{"protected with wrong key", protectedPath, "wrong-key", http.StatusForbidden},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					status, body := get(t, base+tt.path, tt.key)
					if status != tt.status {
						t.Errorf("status = %d, want %d", status, tt.status)
					}
					if tt.status == http.StatusOK && body != "ok" {
						t.Errorf("body = %q, want %q", body, "ok")
					}
				})
			}
		})
	}
}

func TestNewServerRejectsUnknownFramework(t *testing.T) {
	if _, err := newServer("chi", testKey, func() {}); err == nil || !strings.Contains(err.Error(), `unknown -framework "chi"`) {
		t.Errorf("newServer error = %v, want one that names the unknown framework", err)
	}
}

func TestRunStopsAfterMaxDuration(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))

	done := make(chan error, 1)
	lim := limits{maxDuration: 200 * time.Millisecond, maxRequests: 1000}
	go func() { done <- run("nethttp", "127.0.0.1:0", testKey, lim, logger) }()

	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return 10s after its max duration of 200ms")
	}
	if !strings.Contains(logs.String(), "max duration reached") {
		t.Errorf("log does not report the max duration:\n%s", logs.String())
	}
}

func TestRunStopsAfterMaxRequests(t *testing.T) {
	for _, framework := range []string{"nethttp", "fiber"} {
		t.Run(framework, func(t *testing.T) {
			logs := &syncBuffer{}
			logger := slog.New(slog.NewJSONHandler(logs, nil))

			done := make(chan error, 1)
			lim := limits{maxDuration: time.Minute, maxRequests: 3}
			go func() { done <- run(framework, "127.0.0.1:0", testKey, lim, logger) }()

			base := "http://" + waitForAddr(t, logs)
			for range 3 {
				if status, _ := get(t, base+barePath, ""); status != http.StatusOK {
					t.Fatalf("status = %d, want %d", status, http.StatusOK)
				}
			}

			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("run did not return 10s after its third and last request")
			}
			if !strings.Contains(logs.String(), "max requests reached") {
				t.Errorf("log does not report the max requests:\n%s", logs.String())
			}
		})
	}
}

// waitForAddr returns the address from the server's start log line, waiting
// at most 10s for it.
func waitForAddr(t *testing.T, logs *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for line := range strings.SplitSeq(logs.String(), "\n") {
			var entry struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "server started" {
				return entry.Addr
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no start line within 10s; log:\n%s", logs.String())
	return ""
}

// syncBuffer is a bytes.Buffer that the server's logger and the test can
// use at the same time.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServer serves framework's routes on a free loopback port until the
// test ends, and returns the base URL.
func startServer(t *testing.T, framework string) string {
	t.Helper()
	srv, err := newServer(framework, testKey, func() {})
	if err != nil {
		t.Fatalf("newServer: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shut down: %v", err)
		}
		if err := <-serveErr; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func get(t *testing.T, url, key string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp.StatusCode, string(body)
}
