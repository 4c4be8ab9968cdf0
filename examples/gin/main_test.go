package main

import (
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/go-apikey/apikey/core"
	"github.com/go-apikey/apikey/examples/internal/reftest"
)

func TestReferenceApplication(t *testing.T) {
	router, err := newRouter(core.DefaultSwaggerUIURL)
	if err != nil {
		t.Fatalf("newRouter: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}

	srv := &http.Server{Handler: router}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close server: %v", err)
		}
		if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})

	reftest.Check(t, "http://"+ln.Addr().String())
}

func TestShutdownOnSIGTERM(t *testing.T) {
	reftest.CheckShutdown(t)
}
