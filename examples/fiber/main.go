// Command fiber serves the reference application with Fiber: four routes that
// read an API key from a header, a query parameter, a cookie and an optional
// header, as in FastAPI's API key documentation.
//
// Usage:
//
//	go run ./examples/fiber [-addr 127.0.0.1:8000]
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

	"github.com/gofiber/fiber/v2"

	"github.com/go-apikey/apikey/adapters/fiberapikey"
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
	serveErr := make(chan error, 1)
	go func() { serveErr <- router.Listener(ln) }()
	logger.Info(refapp.StartMessage, "framework", "fiber", "addr", ln.Addr().String())

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	stop() // A second signal now ends the process at once.

	if err := router.ShutdownWithTimeout(shutdownTimeout); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	logger.Info("server stopped")
	return nil
}

// newRouter builds the application's routes, each behind its own
// authentication middleware.
func newRouter() (*fiber.App, error) {
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

	router := fiber.New(fiber.Config{
		// The start line replaces Fiber's banner.
		DisableStartupMessage: true,
		// Without these, Fiber would serve /USERS/me and /users/me/ with
		// the /users/me handler. The other examples respond to such paths
		// with 404 or a redirect.
		StrictRouting: true,
		CaseSensitive: true,
		// Bound the time a client may take to send its request, as
		// ReadHeaderTimeout does in the other examples.
		ReadTimeout: 10 * time.Second,
		// Fiber's default error handler sends the error text as the body.
		// For a request that fasthttp cannot parse, that text quotes the
		// request, including any key in it, so this one sends only the
		// status text.
		ErrorHandler: func(c *fiber.Ctx, err error) error {
			code := fiber.StatusInternalServerError
			var fe *fiber.Error
			if errors.As(err, &fe) {
				code = fe.Code
			}
			return c.Status(code).SendString(http.StatusText(code))
		},
	})
	router.Get("/users/me", requireUser, readCurrentUser)
	router.Get("/items/", requireQueryKey, readItems)
	router.Get("/data/", requireCookieKey, readData)
	router.Get("/public-data", acceptOptionalKey, readPublicData)
	return router, nil
}

// newMiddleware returns Fiber middleware that authenticates requests with
// scheme and validator, and stores the principal in the Fiber context.
func newMiddleware[P any](scheme *core.Scheme, validator core.Validator[P]) (fiber.Handler, error) {
	auth, err := core.New([]*core.Scheme{scheme}, validator)
	if err != nil {
		return nil, err
	}
	return fiberapikey.New(auth)
}

func readCurrentUser(c *fiber.Ctx) error {
	user, ok := fiberapikey.Principal[refapp.User](c)
	if !ok {
		// Unreachable: requireUser has already responded with 401 or 403.
		return fiber.ErrInternalServerError
	}
	return sendJSON(c, refapp.UserBody(user))
}

func readItems(c *fiber.Ctx) error {
	key, ok := fiberapikey.Principal[string](c)
	if !ok {
		return fiber.ErrInternalServerError
	}
	return sendJSON(c, refapp.ItemsBody(key))
}

func readData(c *fiber.Ctx) error {
	sessionToken, ok := fiberapikey.Principal[string](c)
	if !ok {
		return fiber.ErrInternalServerError
	}
	return sendJSON(c, refapp.DataBody(sessionToken))
}

func readPublicData(c *fiber.Ctx) error {
	// ok is false for a request without a key.
	key, ok := fiberapikey.Principal[string](c)
	return sendJSON(c, refapp.PublicDataBody(key, ok))
}

// sendJSON sends body with status 200 and Content-Type application/json.
func sendJSON(c *fiber.Ctx, body []byte) error {
	c.Set(fiber.HeaderContentType, refapp.ContentType)
	return c.Status(http.StatusOK).Send(body)
}
