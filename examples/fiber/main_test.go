package main

import (
	"net"
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

	serveErr := make(chan error, 1)
	go func() { serveErr <- router.Listener(ln) }()
	t.Cleanup(func() {
		if err := router.Shutdown(); err != nil {
			t.Errorf("shut down server: %v", err)
		}
		// Shutdown closes only the listeners that Serve has registered, so
		// close ln too in case Serve has not started yet. The error for a
		// listener that is already closed is expected.
		_ = ln.Close()
		if err := <-serveErr; err != nil {
			t.Errorf("serve: %v", err)
		}
	})

	reftest.Check(t, "http://"+ln.Addr().String())
}

func TestShutdownOnSIGTERM(t *testing.T) {
	reftest.CheckShutdown(t)
}
