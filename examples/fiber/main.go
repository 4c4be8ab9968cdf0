// Command fiber serves the reference application with Fiber: four routes that
// read an API key from a header, a query parameter, a cookie and an optional
// header, as in FastAPI's API key documentation. It also serves the routes'
// OpenAPI document at /openapi.json and a Swagger UI page at /docs, where
// Authorize takes a key and "Try it out" sends it.
//
// Usage:
//
//	go run ./examples/fiber [-addr 127.0.0.1:8000] [-swagger-ui URL]
//
// The docs page loads Swagger UI's files from a CDN unless -swagger-ui
// names another copy of the swagger-ui-dist package, such as a local one
// for offline use.
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
	swaggerUIURL := flag.String("swagger-ui", core.DefaultSwaggerUIURL, refapp.SwaggerUIUsage)
	flag.Parse()

	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(*addr, *swaggerUIURL, logger); err != nil {
		logger.Error("server failed", "error", err)
		os.Exit(1)
	}
}

// run serves the application on addr until SIGINT or SIGTERM, then shuts
// the server down gracefully.
func run(addr, swaggerUIURL string, logger *slog.Logger) error {
	router, err := newRouter(swaggerUIURL)
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
// authentication middleware, and the public /openapi.json and /docs. The
// docs page loads Swagger UI from swaggerUIURL.
func newRouter(swaggerUIURL string) (*fiber.App, error) {
	auth, err := refapp.NewAuthenticators()
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

	// Each Router guards its routes with one authenticator and records
	// them in routes, from which the OpenAPI document is built.
	var routes core.Recorder
	users, err := fiberapikey.NewRouter(router, auth.Users, &routes)
	if err != nil {
		return nil, err
	}
	items, err := fiberapikey.NewRouter(router, auth.Items, &routes)
	if err != nil {
		return nil, err
	}
	data, err := fiberapikey.NewRouter(router, auth.Data, &routes)
	if err != nil {
		return nil, err
	}
	public, err := fiberapikey.NewRouter(router, auth.PublicData, &routes)
	if err != nil {
		return nil, err
	}
	err = errors.Join(
		users.Get("/users/me", readCurrentUser),
		items.Get("/items/", readItems),
		data.Get("/data/", readData),
		public.Get("/public-data", readPublicData),
	)
	if err != nil {
		return nil, err
	}

	docs, err := refapp.NewDocs(&routes, swaggerUIURL)
	if err != nil {
		return nil, err
	}
	// No middleware guards the document or the docs page.
	if err := fiberapikey.MountDocs(router, docs); err != nil {
		return nil, err
	}
	return router, nil
}

func readCurrentUser(c *fiber.Ctx) error {
	user, ok := fiberapikey.Principal[refapp.User](c)
	if !ok {
		// Unreachable: the users Router has already responded with 401 or 403.
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
