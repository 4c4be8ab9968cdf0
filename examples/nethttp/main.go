// Command nethttp serves the reference application with net/http: four routes that
// read an API key from a header, a query parameter, a cookie and an optional
// header, as in FastAPI's API key documentation. It also serves the routes'
// OpenAPI document at /openapi.json and a Swagger UI page at /docs, where
// Authorize takes a key and "Try it out" sends it.
//
// Usage:
//
//	go run ./examples/nethttp [-addr 127.0.0.1:8000] [-swagger-ui URL]
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
	"path"
	"strings"
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
// authentication middleware, and the public /openapi.json and /docs. The
// docs page loads Swagger UI from swaggerUIURL.
func newRouter(swaggerUIURL string) (http.Handler, error) {
	auth, err := refapp.NewAuthenticators()
	if err != nil {
		return nil, err
	}

	// The {$} patterns match /items/ and /data/ exactly, not every path
	// below them.
	router := http.NewServeMux()

	// Each Router guards its routes with one authenticator and records
	// them in routes, from which the OpenAPI document is built.
	var routes core.Recorder
	users, err := httpapikey.NewRouter(router, auth.Users, &routes)
	if err != nil {
		return nil, err
	}
	items, err := httpapikey.NewRouter(router, auth.Items, &routes)
	if err != nil {
		return nil, err
	}
	data, err := httpapikey.NewRouter(router, auth.Data, &routes)
	if err != nil {
		return nil, err
	}
	public, err := httpapikey.NewRouter(router, auth.PublicData, &routes)
	if err != nil {
		return nil, err
	}
	err = errors.Join(
		users.HandleFunc("GET /users/me", readCurrentUser),
		items.HandleFunc("GET /items/{$}", readItems),
		data.HandleFunc("GET /data/{$}", readData),
		public.HandleFunc("GET /public-data", readPublicData),
	)
	// ServeMux would redirect /items and /data to the paths with a slash,
	// with the query string, and so the key, in the Location header. The
	// other examples answer 404.
	router.Handle("GET /items", http.NotFoundHandler())
	router.Handle("GET /data", http.NotFoundHandler())
	if err != nil {
		return nil, err
	}

	docs, err := refapp.NewDocs(&routes, swaggerUIURL)
	if err != nil {
		return nil, err
	}
	// No middleware guards the document or the docs page.
	if err := httpapikey.MountDocs(router, docs, nil); err != nil {
		return nil, err
	}
	return rejectUncleanPaths(router), nil
}

// rejectUncleanPaths responds with 404 to a path that ServeMux would clean,
// such as //items/ or /./items/. ServeMux would redirect it to the clean
// path with the query string, and so the key, in the Location header. The
// other examples respond with 404 too.
func rejectUncleanPaths(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p != cleanPath(p) {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// cleanPath returns p as ServeMux cleans it: path.Clean, keeping a trailing
// slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	return clean
}

func readCurrentUser(w http.ResponseWriter, r *http.Request) {
	user, ok := httpapikey.Principal[refapp.User](r)
	if !ok {
		// Unreachable: the users Router has already responded with 401 or 403.
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
