package conformance

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/go-apikey/apikey/core"
)

// Source names that every case uses.
const (
	headerName = "X-API-Key"
	queryName  = "api_key"
	cookieName = "session_id"
)

// Keys that the suite's validator accepts or fails on. The long keys
// contain mixed case and a dash, so no six-character part of them can occur
// by chance in a response or a log line. A leak is then detected even when
// only part of a key is copied.
const (
	keyAlice       = "gk-alice-7Hq2Zp"
	keyBob         = "gk-bob-3Wm9Xr"
	keyWrong       = "bad-4Tn8Lq2V"
	keyFail        = "err-9Pz3Kd7Q"
	keyUnavailable = "unav-6Rf2Jm8C"
	keyHinted      = "hint-3Dk5Wq9B"
	keyDeadline    = "dead-5Vb7Nw1Y"
	keySlow        = "slow-8Gh4Qs6T"
	keyPanic       = "boom-2Xc9Lp5E"

	// concurrentPrefix starts the keys of the concurrency case. The
	// validator accepts every such key as the principal "p-" + key.
	concurrentPrefix = "conc-"
)

// secretKeys names every long key the suite sends, for the leak check.
var secretKeys = []struct{ label, key string }{
	{"alice's key", keyAlice},
	{"bob's key", keyBob},
	{"the wrong key", keyWrong},
	{"the failing key", keyFail},
	{"the unavailable key", keyUnavailable},
	{"the key with a Retry-After hint", keyHinted},
	{"the deadline key", keyDeadline},
	{"the slow key", keySlow},
	{"the panicking key", keyPanic},
}

// Principals that the suite's validator returns.
var (
	alice      = &Principal{Name: "alice"}
	bob        = &Principal{Name: "bob"}
	kay        = &Principal{Name: "kay"}
	space      = &Principal{Name: "space"}
	innerSpace = &Principal{Name: "a-space-b"}
	plusSign   = &Principal{Name: "a-plus-b"}
	unquoted   = &Principal{Name: "abc-unquoted"}
)

// failCause starts the error that the validator returns for keyFail. The
// core logs it, with the key removed.
const failCause = "key store query failed"

// hintedRetryAfter is the Retry-After that keyHinted's error carries.
const hintedRetryAfter = 30 * time.Second

// retryHintError is an unavailable error that suggests when to retry.
type retryHintError struct{}

func (retryHintError) Error() string             { return "key store overloaded" }
func (retryHintError) Unwrap() error             { return core.ErrUnavailable }
func (retryHintError) RetryAfter() time.Duration { return hintedRetryAfter }

// newValidator returns the validator of every fixture. Good keys are looked
// up with core.FixedKeys. Each special key fails in one of the ways that a
// key store can fail. Their errors contain the key, so that the core's
// redaction is tested too.
func newValidator() (core.Validator[Principal], error) {
	fixed, err := core.FixedKeys(map[string]Principal{
		keyAlice: *alice,
		keyBob:   *bob,
		"k":      *kay,
		" ":      *space,
		"a b":    *innerSpace,
		"a+b":    *plusSign,
		"abc":    *unquoted,
	})
	if err != nil {
		return nil, err
	}

	validate := func(ctx context.Context, key string, s *core.Scheme) (Principal, error) {
		switch key {
		case keyFail:
			return Principal{}, fmt.Errorf("%s for %s", failCause, key)
		case keyUnavailable:
			return Principal{}, fmt.Errorf("dial key store for %s: %w", key, core.ErrUnavailable)
		case keyHinted:
			return Principal{}, retryHintError{}
		case keyDeadline:
			return Principal{}, context.DeadlineExceeded
		case keySlow:
			<-ctx.Done()
			return Principal{}, ctx.Err()
		case keyPanic:
			panic("validator exploded on " + key)
		}
		if strings.HasPrefix(key, concurrentPrefix) {
			return Principal{Name: "p-" + key}, nil
		}
		return fixed.Validate(ctx, key, s)
	}
	return core.ValidatorFunc[Principal](validate), nil
}

// setup describes the authenticator that a case needs. Each case builds its
// own, with its own log buffer.
type setup struct {
	schemes         []schemeFunc
	options         []core.Option
	frameworkErrors bool
}

type schemeFunc func() (*core.Scheme, error)

func headerScheme(opts ...core.SchemeOption) schemeFunc {
	return func() (*core.Scheme, error) { return core.Header(headerName, opts...) }
}

func namedHeaderScheme(name string) schemeFunc {
	return func() (*core.Scheme, error) { return core.Header(name) }
}

func queryScheme(opts ...core.SchemeOption) schemeFunc {
	return func() (*core.Scheme, error) { return core.Query(queryName, opts...) }
}

func cookieScheme(opts ...core.SchemeOption) schemeFunc {
	return func() (*core.Scheme, error) { return core.Cookie(cookieName, opts...) }
}

func authorizationScheme(prefix string, opts ...core.SchemeOption) schemeFunc {
	return func() (*core.Scheme, error) { return core.Authorization(prefix, opts...) }
}

// schemes returns a setup that tries the given schemes in order.
func schemes(list ...schemeFunc) setup {
	return setup{schemes: list}
}

// with returns a copy of st with more authenticator options.
func (st setup) with(opts ...core.Option) setup {
	st.options = append(append([]core.Option(nil), st.options...), opts...)
	return st
}

// framework returns a copy of st that sets [Fixture.FrameworkErrors], so
// that the adapter hands errors to the framework's own error handler.
func (st setup) framework() setup {
	st.frameworkErrors = true
	return st
}

// build returns the authenticator for st, logging to logs.
func (st setup) build(logs *logBuffer) (*core.Authenticator[Principal], error) {
	list := make([]*core.Scheme, 0, len(st.schemes))
	for _, f := range st.schemes {
		s, err := f()
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}

	v, err := newValidator()
	if err != nil {
		return nil, err
	}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts := append([]core.Option{core.WithLogger(logger)}, st.options...)
	return core.New(list, v, opts...)
}

// logBuffer collects the authenticator's log output. The server writes to
// it while the case reads it, so access is locked.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
