package reftest

import (
	"bufio"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-apikey/apikey/examples/internal/refapp"
)

// BuildExample compiles the main package in dir, such as "." or
// "../gin", into a temporary directory and returns the path of the binary.
func BuildExample(t *testing.T, dir string) string {
	t.Helper()

	ctx, cancel := context.WithTimeout(t.Context(), buildTimeout)
	defer cancel()

	bin := filepath.Join(t.TempDir(), "server")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build in %s (time limit %v): %v\n%s", dir, buildTimeout, err, out)
	}
	return bin
}

// StartExample starts the example binary bin with args on a port of
// 127.0.0.1 that the kernel picks, waits for its start line and returns
// the address from that line, such as "127.0.0.1:41234". When the test
// ends, the server gets SIGTERM, and is killed if it has not exited
// within exitTimeout. Its log is printed with the test's output when the
// test has failed.
func StartExample(t *testing.T, bin string, args ...string) string {
	t.Helper()

	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatalf("open stderr pipe: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}

	var (
		mu  sync.Mutex
		log []string
	)
	started := make(chan string, 1)
	exited := make(chan error, 1)
	go func() {
		scanner := bufio.NewScanner(stderr)
		for scanner.Scan() {
			mu.Lock()
			log = append(log, scanner.Text())
			mu.Unlock()

			var line logLine
			if json.Unmarshal(scanner.Bytes(), &line) == nil && line.Msg == refapp.StartMessage {
				select {
				case started <- line.Addr:
				default:
				}
			}
		}
		exited <- cmd.Wait()
	}()
	serverLog := func() string {
		mu.Lock()
		defer mu.Unlock()
		return strings.Join(log, "\n")
	}

	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("server exit after SIGTERM: %v, want exit code 0", err)
			}
		case <-time.After(exitTimeout):
			_ = cmd.Process.Kill()
			<-exited
			t.Errorf("server still running %v after SIGTERM, so it was killed", exitTimeout)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", serverLog())
		}
	})

	select {
	case addr := <-started:
		return addr
	case err := <-exited:
		// Put the result back for the cleanup, which waits for it.
		exited <- err
		t.Fatalf("server exited before its %q line: %v\n%s", refapp.StartMessage, err, serverLog())
	case <-time.After(startTimeout):
		t.Fatalf("no %q log line within %v:\n%s", refapp.StartMessage, startTimeout, serverLog())
	}
	return ""
}
