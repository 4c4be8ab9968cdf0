package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"

	"github.com/go-apikey/apikey/adapters/echoapikey"
	"github.com/go-apikey/apikey/adapters/fiberapikey"
	"github.com/go-apikey/apikey/adapters/ginapikey"
	"github.com/go-apikey/apikey/adapters/httpapikey"
	"github.com/go-apikey/apikey/core"
)

// The routes that every framework serves.
const (
	barePath      = "/bare"
	protectedPath = "/protected"
)

// user is the principal that /protected stores for the accepted key.
type user struct{ Name string }

var okBody = []byte("ok")

// server is the interface through which run starts and stops each
// framework's server.
type server interface {
	// Serve accepts connections on ln until Shutdown, then returns nil.
	Serve(ln net.Listener) error
	Shutdown(ctx context.Context) error
}

// newServer returns the server of framework with both routes. It calls
// onRequest at the start of every request, before routing.
func newServer(framework, key string, onRequest func()) (server, error) {
	if key == "" {
		return nil, errors.New("empty -key: pass the key that /protected accepts")
	}
	scheme, err := core.Header("X-API-Key")
	if err != nil {
		return nil, err
	}
	validator, err := core.FixedKeys(map[string]user{key: {Name: "load"}})
	if err != nil {
		return nil, err
	}
	auth, err := core.New([]*core.Scheme{scheme}, validator)
	if err != nil {
		return nil, err
	}

	switch framework {
	case "nethttp":
		return newNetHTTPServer(auth, onRequest)
	case "gin":
		return newGinServer(auth, onRequest)
	case "echo":
		return newEchoServer(auth, onRequest)
	case "fiber":
		return newFiberServer(auth, onRequest)
	}
	return nil, fmt.Errorf("unknown -framework %q: want gin, echo, fiber or nethttp", framework)
}

// httpServer serves a net/http handler, which Gin and Echo are too.
type httpServer struct{ srv *http.Server }

func newHTTPServer(h http.Handler, onRequest func()) *httpServer {
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		onRequest()
		h.ServeHTTP(w, r)
	})
	return &httpServer{srv: &http.Server{Handler: counted, ReadHeaderTimeout: 10 * time.Second}}
}

func (s *httpServer) Serve(ln net.Listener) error {
	if err := s.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *httpServer) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

func newNetHTTPServer(auth *core.Authenticator[user], onRequest func()) (server, error) {
	requireKey, err := httpapikey.New(auth)
	if err != nil {
		return nil, err
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(okBody)
	})

	mux := http.NewServeMux()
	mux.Handle("GET "+barePath, handler)
	mux.Handle("GET "+protectedPath, requireKey(handler))
	return newHTTPServer(mux, onRequest), nil
}

func newGinServer(auth *core.Authenticator[user], onRequest func()) (server, error) {
	requireKey, err := ginapikey.New(auth)
	if err != nil {
		return nil, err
	}
	handler := func(c *gin.Context) {
		c.Data(http.StatusOK, "text/plain; charset=utf-8", okBody)
	}

	gin.SetMode(gin.ReleaseMode)
	router := gin.New()
	router.GET(barePath, handler)
	router.GET(protectedPath, requireKey, handler)
	return newHTTPServer(router, onRequest), nil
}

func newEchoServer(auth *core.Authenticator[user], onRequest func()) (server, error) {
	requireKey, err := echoapikey.New(auth)
	if err != nil {
		return nil, err
	}
	handler := func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMETextPlainCharsetUTF8, okBody)
	}

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.GET(barePath, handler)
	e.GET(protectedPath, handler, requireKey)
	return newHTTPServer(e, onRequest), nil
}

// fiberServer serves a Fiber app with fasthttp's own server.
type fiberServer struct{ app *fiber.App }

func newFiberServer(auth *core.Authenticator[user], onRequest func()) (server, error) {
	requireKey, err := fiberapikey.New(auth)
	if err != nil {
		return nil, err
	}
	handler := func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.Send(okBody)
	}

	app := fiber.New(fiber.Config{DisableStartupMessage: true, ReadTimeout: 10 * time.Second})
	app.Use(func(c *fiber.Ctx) error {
		onRequest()
		return c.Next()
	})
	app.Get(barePath, handler)
	app.Get(protectedPath, requireKey, handler)
	return &fiberServer{app: app}, nil
}

func (s *fiberServer) Serve(ln net.Listener) error { return s.app.Listener(ln) }

func (s *fiberServer) Shutdown(ctx context.Context) error { return s.app.ShutdownWithContext(ctx) }
