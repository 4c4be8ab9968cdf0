package reftest

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/go-apikey/apikey/examples/internal/refapp"
)

// Bounds for the steps of CheckShutdown and StartExample. Building is the
// slow step: it may compile the framework when the build cache is cold.
const (
	buildTimeout = 3 * time.Minute
	startTimeout = 10 * time.Second
	exitTimeout  = 10 * time.Second
)

// logLine is the part of a JSON log record that CheckShutdown and
// StartExample read.
type logLine struct {
	Msg  string `json:"msg"`
	Addr string `json:"addr"`
}

// CheckShutdown builds the example in the current directory, starts it on a
// free loopback port, waits for its start line, sends one request, and then
// sends SIGTERM. It fails t unless the server responds to the request, logs
// exactly one start line that names the address and exits with code 0.
func CheckShutdown(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGTERM cannot be sent to a process on Windows")
	}

	bin := BuildExample(t, ".")
	addr := freeAddr(t)
	cmd := exec.Command(bin, "-addr", addr)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatalf("open stderr pipe: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}

	started := make(chan logLine, 1)
	done := make(chan struct{})
	var (
		records []logLine
		waitErr error
	)
	go func() {
		defer close(done)
		records = readLog(t, stderr, started)
		waitErr = cmd.Wait()
	}()
	t.Cleanup(func() {
		// Kill the server in case the test failed before it exited.
		_ = cmd.Process.Kill()
		<-done
	})

	select {
	case line := <-started:
		if line.Addr != addr {
			t.Errorf("start line addr %q, want %q", line.Addr, addr)
		}
	case <-time.After(startTimeout):
		t.Fatalf("no %q log line within %v", refapp.StartMessage, startTimeout)
	}

	client := &http.Client{Timeout: requestTimeout}
	resp, err := client.Get("http://" + addr + "/public-data")
	if err != nil {
		t.Fatalf("GET /public-data: %v", err)
	}
	resp.Body.Close()
	// The idle keep-alive connection stays open until the server exits, so
	// that the graceful shutdown has to close it.
	defer client.CloseIdleConnections()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /public-data: status %d, want %d", resp.StatusCode, http.StatusOK)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("send SIGTERM: %v", err)
	}
	select {
	case <-done:
	case <-time.After(exitTimeout):
		t.Fatalf("server still running %v after SIGTERM", exitTimeout)
	}
	if waitErr != nil {
		t.Errorf("server exit after SIGTERM: %v, want exit code 0", waitErr)
	}

	startLines := 0
	for _, line := range records {
		if line.Msg == refapp.StartMessage {
			startLines++
		}
	}
	if startLines != 1 {
		t.Errorf("got %d %q log lines, want 1", startLines, refapp.StartMessage)
	}
}

// freeAddr returns a loopback address with a port that was free a moment
// ago.
func freeAddr(t *testing.T) string {
	t.Helper()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatalf("release port: %v", err)
	}
	return addr
}

// readLog decodes the server's JSON log records until stderr closes. It
// sends the first start line to started and returns every record. A line
// that is not JSON is reported as an error but does not stop the reading.
func readLog(t *testing.T, stderr io.Reader, started chan<- logLine) []logLine {
	var lines []logLine
	scanner := bufio.NewScanner(stderr)
	for scanner.Scan() {
		var line logLine
		if err := json.Unmarshal(scanner.Bytes(), &line); err != nil {
			t.Errorf("log line %q is not JSON: %v", scanner.Text(), err)
			continue
		}
		lines = append(lines, line)
		if line.Msg == refapp.StartMessage {
			select {
			case started <- line:
			default:
			}
		}
	}
	if err := scanner.Err(); err != nil {
		t.Errorf("read server log: %v", err)
	}
	return lines
}
