// Command gin serves the reference application with Gin: four routes that
// read an API key from a header, a query parameter, a cookie and an optional
// header, as in FastAPI's API key documentation.
//
// Usage:
//
//	go run ./examples/gin [-addr 127.0.0.1:8000]
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

	"github.com/gin-gonic/gin"

	"github.com/go-apikey/apikey/adapters/ginapikey"
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
	logger.Info(refapp.StartMessage, "framework", "gin", "addr", ln.Addr().String())

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
func newRouter() (*gin.Engine, error) {
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

	// Release mode, and gin.New instead of gin.Default, keep Gin from
	// writing its own debug and access logs.
	gin.SetMode(gin.ReleaseMode)
	router := gin.New()
	router.GET("/users/me", requireUser, readCurrentUser)
	router.GET("/items/", requireQueryKey, readItems)
	router.GET("/data/", requireCookieKey, readData)
	router.GET("/public-data", acceptOptionalKey, readPublicData)
	return router, nil
}

// newMiddleware returns Gin middleware that authenticates requests with
// scheme and validator, and stores the principal in the Gin context.
func newMiddleware[P any](scheme *core.Scheme, validator core.Validator[P]) (gin.HandlerFunc, error) {
	auth, err := core.New([]*core.Scheme{scheme}, validator)
	if err != nil {
		return nil, err
	}
	return ginapikey.New(auth)
}

func readCurrentUser(c *gin.Context) {
	user, ok := ginapikey.Principal[refapp.User](c)
	if !ok {
		// Unreachable: requireUser has already responded with 401 or 403.
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Data(http.StatusOK, refapp.ContentType, refapp.UserBody(user))
}

func readItems(c *gin.Context) {
	key, ok := ginapikey.Principal[string](c)
	if !ok {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Data(http.StatusOK, refapp.ContentType, refapp.ItemsBody(key))
}

func readData(c *gin.Context) {
	sessionToken, ok := ginapikey.Principal[string](c)
	if !ok {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Data(http.StatusOK, refapp.ContentType, refapp.DataBody(sessionToken))
}

func readPublicData(c *gin.Context) {
	// ok is false for a request without a key.
	key, ok := ginapikey.Principal[string](c)
	c.Data(http.StatusOK, refapp.ContentType, refapp.PublicDataBody(key, ok))
}
