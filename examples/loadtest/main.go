// Command loadtest serves two routes with one framework for the load run in
// .ci/bench: GET /bare with no authentication, and GET /protected behind
// this library's middleware, which reads the key from the X-API-Key header
// and checks it with core.FixedKeys. Both routes respond with 200 and the
// body "ok", so the difference between them is the middleware's cost.
//
// Usage:
//
//	go run ./examples/loadtest -framework gin|echo|fiber|nethttp [-addr 127.0.0.1:0]
//	    [-key KEY] [-max-duration 2m] [-max-requests 5000000]
//
// The server logs one JSON line with its address on stderr once it accepts
// connections. It shuts down gracefully on SIGINT or SIGTERM, and by itself
// once -max-duration has passed or -max-requests requests have arrived, so
// a load run that loses track of it cannot leave it running.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// shutdownTimeout bounds the wait for in-flight requests at shutdown.
const shutdownTimeout = 5 * time.Second

func main() {
	framework := flag.String("framework", "", "framework that serves the routes: gin, echo, fiber or nethttp")
	addr := flag.String("addr", "127.0.0.1:0", "`address` to listen on, as host:port; port 0 picks a free port")
	key := flag.String("key", "loadtest-key-0123456789", "the one API `key` that /protected accepts")
	maxDuration := flag.Duration("max-duration", 2*time.Minute, "shut down after this `duration` even without a signal")
	maxRequests := flag.Int64("max-requests", 5_000_000, "shut down once this `number` of requests has arrived")
	flag.Parse()

	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	limits := limits{maxDuration: *maxDuration, maxRequests: *maxRequests}
	if err := run(*framework, *addr, *key, limits, logger); err != nil {
		logger.Error("server failed", "framework", *framework, "error", err)
		os.Exit(1)
	}
}

// limits bound how long the server runs and how many requests it serves.
type limits struct {
	maxDuration time.Duration
	maxRequests int64
}

// requestCounter closes reached when the max-th request arrives.
type requestCounter struct {
	max     int64
	count   atomic.Int64
	reached chan struct{}
}

func (c *requestCounter) add() {
	if c.count.Add(1) == c.max {
		close(c.reached)
	}
}

// run serves the routes on addr until SIGINT or SIGTERM or until a limit
// is reached, then shuts the server down gracefully.
func run(framework, addr, key string, lim limits, logger *slog.Logger) error {
	if lim.maxDuration <= 0 {
		return fmt.Errorf("invalid -max-duration %v: want a positive duration", lim.maxDuration)
	}
	if lim.maxRequests <= 0 {
		return fmt.Errorf("invalid -max-requests %d: want a positive number", lim.maxRequests)
	}
	counter := &requestCounter{max: lim.maxRequests, reached: make(chan struct{})}
	srv, err := newServer(framework, key, counter.add)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, lim.maxDuration)
	defer cancel()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("%w (choose another address with -addr)", err)
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	logger.Info("server started", "framework", framework, "addr", ln.Addr().String())

	select {
	case err := <-serveErr:
		return err
	case <-counter.reached:
		logger.Info("max requests reached, shutting down", "max_requests", lim.maxRequests)
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			logger.Info("max duration reached, shutting down", "max_duration", lim.maxDuration.String())
		}
	}
	stop() // A second signal now ends the process at once.

	shutdownCtx, cancelShutdown := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancelShutdown()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-serveErr; err != nil {
		return err
	}
	logger.Info("server stopped", "framework", framework)
	return nil
}
