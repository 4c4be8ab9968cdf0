// Command nethttp serves the reference application with net/http: four routes that
// read an API key from a header, a query parameter, a cookie and an optional
// header, as in FastAPI's API key documentation.
//
// Usage:
//
//	go run ./examples/nethttp [-addr 127.0.0.1:8000]
//
// The server logs one JSON line on stderr once it accepts connections, and
// shuts down gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/go-apikey/apikey/adapters/httpapikey"
	"github.com/go-apikey/apikey/core"
	"github.com/go-apikey/apikey/examples/internal/refapp"
)

// shutdownTimeout bounds the wait for in-flight requests after a signal.
const shutdownTimeout = 5 * time.Second

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "`address` to listen on, as host:port")
	flag.Parse()

	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(*addr, logger); err != nil {
		logger.Error("server failed", "error", err)
		os.Exit(1)
	}
}

// run serves the application on addr until SIGINT or SIGTERM, then shuts
// the server down gracefully.
func run(addr string, logger *slog.Logger) error {
	router, err := newRouter()
	if err != nil {
		return fmt.Errorf("build router: %w", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("%w (choose another address with -addr)", err)
	}
	srv := &http.Server{Handler: router, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	logger.Info(refapp.StartMessage, "framework", "nethttp", "addr", ln.Addr().String())

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	stop() // A second signal now ends the process at once.

	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("server stopped")
	return nil
}

// newRouter builds the application's routes, each behind its own
// authentication middleware.
func newRouter() (*http.ServeMux, error) {
	apiKeyHeader, err := core.Header("X-API-Key")
	if err != nil {
		return nil, err
	}
	apiKeyQuery, err := core.Query("api_key")
	if err != nil {
		return nil, err
	}
	apiKeyCookie, err := core.Cookie("session_id")
	if err != nil {
		return nil, err
	}
	optionalAPIKeyHeader, err := core.Header("X-API-Key", core.Optional())
	if err != nil {
		return nil, err
	}
	users, err := core.FixedKeys(refapp.Keys())
	if err != nil {
		return nil, err
	}

	requireUser, err := newMiddleware(apiKeyHeader, users)
	if err != nil {
		return nil, err
	}
	requireQueryKey, err := newMiddleware(apiKeyQuery, core.KeyOnly())
	if err != nil {
		return nil, err
	}
	requireCookieKey, err := newMiddleware(apiKeyCookie, core.KeyOnly())
	if err != nil {
		return nil, err
	}
	acceptOptionalKey, err := newMiddleware(optionalAPIKeyHeader, core.KeyOnly())
	if err != nil {
		return nil, err
	}

	// The {$} patterns match /items/ and /data/ exactly, not every path
	// below them.
	router := http.NewServeMux()
	router.Handle("GET /users/me", requireUser(http.HandlerFunc(readCurrentUser)))
	router.Handle("GET /items/{$}", requireQueryKey(http.HandlerFunc(readItems)))
	router.Handle("GET /data/{$}", requireCookieKey(http.HandlerFunc(readData)))
	router.Handle("GET /public-data", acceptOptionalKey(http.HandlerFunc(readPublicData)))
	return router, nil
}

// newMiddleware returns net/http middleware that authenticates requests
// with scheme and validator, and stores the principal in the request's
// context.
func newMiddleware[P any](scheme *core.Scheme, validator core.Validator[P]) (func(http.Handler) http.Handler, error) {
	auth, err := core.New([]*core.Scheme{scheme}, validator)
	if err != nil {
		return nil, err
	}
	return httpapikey.New(auth)
}

func readCurrentUser(w http.ResponseWriter, r *http.Request) {
	user, ok := httpapikey.Principal[refapp.User](r)
	if !ok {
		// Unreachable: requireUser has already responded with 401 or 403.
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	writeJSON(w, refapp.UserBody(user))
}

func readItems(w http.ResponseWriter, r *http.Request) {
	key, ok := httpapikey.Principal[string](r)
	if !ok {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	writeJSON(w, refapp.ItemsBody(key))
}

func readData(w http.ResponseWriter, r *http.Request) {
	sessionToken, ok := httpapikey.Principal[string](r)
	if !ok {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	writeJSON(w, refapp.DataBody(sessionToken))
}

func readPublicData(w http.ResponseWriter, r *http.Request) {
	// ok is false for a request without a key.
	key, ok := httpapikey.Principal[string](r)
	writeJSON(w, refapp.PublicDataBody(key, ok))
}

// writeJSON writes body with status 200 and Content-Type application/json.
// A write error is ignored because it means that the client has gone.
func writeJSON(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", refapp.ContentType)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}
