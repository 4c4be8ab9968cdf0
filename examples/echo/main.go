// Command echo serves the reference application with Echo: four routes that
// read an API key from a header, a query parameter, a cookie and an optional
// header, as in FastAPI's API key documentation.
//
// Usage:
//
//	go run ./examples/echo [-addr 127.0.0.1:8000]
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

	"github.com/labstack/echo/v4"

	"github.com/go-apikey/apikey/adapters/echoapikey"
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
	router.Listener = ln
	router.Server.ReadHeaderTimeout = 10 * time.Second
	serveErr := make(chan error, 1)
	go func() { serveErr <- router.Start(ln.Addr().String()) }()
	logger.Info(refapp.StartMessage, "framework", "echo", "addr", ln.Addr().String())

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	stop() // A second signal now ends the process at once.

	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := router.Shutdown(shutdownCtx); err != nil {
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
func newRouter() (*echo.Echo, error) {
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

	// The banner and port lines would duplicate the start line in the log.
	router := echo.New()
	router.HideBanner = true
	router.HidePort = true
	router.GET("/users/me", readCurrentUser, requireUser)
	router.GET("/items/", readItems, requireQueryKey)
	router.GET("/data/", readData, requireCookieKey)
	router.GET("/public-data", readPublicData, acceptOptionalKey)
	return router, nil
}

// newMiddleware returns Echo middleware that authenticates requests with
// scheme and validator, and stores the principal in the Echo context.
func newMiddleware[P any](scheme *core.Scheme, validator core.Validator[P]) (echo.MiddlewareFunc, error) {
	auth, err := core.New([]*core.Scheme{scheme}, validator)
	if err != nil {
		return nil, err
	}
	return echoapikey.New(auth)
}

func readCurrentUser(c echo.Context) error {
	user, ok := echoapikey.Principal[refapp.User](c)
	if !ok {
		// Unreachable: requireUser has already responded with 401 or 403.
		return echo.ErrInternalServerError
	}
	return c.Blob(http.StatusOK, refapp.ContentType, refapp.UserBody(user))
}

func readItems(c echo.Context) error {
	key, ok := echoapikey.Principal[string](c)
	if !ok {
		return echo.ErrInternalServerError
	}
	return c.Blob(http.StatusOK, refapp.ContentType, refapp.ItemsBody(key))
}

func readData(c echo.Context) error {
	sessionToken, ok := echoapikey.Principal[string](c)
	if !ok {
		return echo.ErrInternalServerError
	}
	return c.Blob(http.StatusOK, refapp.ContentType, refapp.DataBody(sessionToken))
}

func readPublicData(c echo.Context) error {
	// ok is false for a request without a key.
	key, ok := echoapikey.Principal[string](c)
	return c.Blob(http.StatusOK, refapp.ContentType, refapp.PublicDataBody(key, ok))
}
