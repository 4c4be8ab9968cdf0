// Command gin serves the reference application with Gin: four routes that
// read an API key from a header, a query parameter, a cookie and an optional
// header, as in FastAPI's API key documentation. It also serves the routes'
// OpenAPI document at /openapi.json and a Swagger UI page at /docs, where
// Authorize takes a key and "Try it out" sends it.
//
// Usage:
//
//	go run ./examples/gin [-addr 127.0.0.1:8000] [-swagger-ui URL]
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

	"github.com/gin-gonic/gin"

	"github.com/go-apikey/apikey/adapters/ginapikey"
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
// authentication middleware, and the public /openapi.json and /docs. The
// docs page loads Swagger UI from swaggerUIURL.
func newRouter(swaggerUIURL string) (*gin.Engine, error) {
	auth, err := refapp.NewAuthenticators()
	if err != nil {
		return nil, err
	}

	// Release mode, and gin.New instead of gin.Default, keep Gin from
	// writing its own debug and access logs.
	gin.SetMode(gin.ReleaseMode)
	router := gin.New()
	// Gin would redirect /items to /items/ with the query string, and so
	// the key, in the Location header. The other examples answer 404.
	router.RedirectTrailingSlash = false

	// Each Router guards its routes with one authenticator and records
	// them in routes, from which the OpenAPI document is built.
	var routes core.Recorder
	users, err := ginapikey.NewRouter(router, auth.Users, &routes)
	if err != nil {
		return nil, err
	}
	items, err := ginapikey.NewRouter(router, auth.Items, &routes)
	if err != nil {
		return nil, err
	}
	data, err := ginapikey.NewRouter(router, auth.Data, &routes)
	if err != nil {
		return nil, err
	}
	public, err := ginapikey.NewRouter(router, auth.PublicData, &routes)
	if err != nil {
		return nil, err
	}
	err = errors.Join(
		users.GET("/users/me", readCurrentUser),
		items.GET("/items/", readItems),
		data.GET("/data/", readData),
		public.GET("/public-data", readPublicData),
	)
	if err != nil {
		return nil, err
	}

	docs, err := refapp.NewDocs(&routes, swaggerUIURL)
	if err != nil {
		return nil, err
	}
	// No middleware guards the document or the docs page.
	if err := ginapikey.MountDocs(router, docs); err != nil {
		return nil, err
	}
	return router, nil
}

func readCurrentUser(c *gin.Context) {
	user, ok := ginapikey.Principal[refapp.User](c)
	if !ok {
		// Unreachable: the users Router has already responded with 401 or 403.
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
