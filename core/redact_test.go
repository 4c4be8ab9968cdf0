package core

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestScrubRemovesTracesOfKey(t *testing.T) {
	const key = "sk_live_ABCDEF123456"
	tests := []struct {
		name string
		msg  string
	}{
		{"whole key", "lookup of " + key + " failed"},
		{"prefix", "key starting " + key[:8] + "... failed"},
		{"suffix", "key ending ..." + key[len(key)-6:]},
		{"upper case", "key " + strings.ToUpper(key)},
		{"lower case", "key " + strings.ToLower(key)},
		{"quoted", fmt.Sprintf("key %q", `sk"live\ABCDEF123456`)},
		{"hex", "key " + hex.EncodeToString([]byte(key))},
		{"hex upper", "key " + strings.ToUpper(hex.EncodeToString([]byte(key)))},
		{"base64", "key " + base64.StdEncoding.EncodeToString([]byte(key))},
		{"base64 url", "key " + base64.RawURLEncoding.EncodeToString([]byte(key))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scrub(tt.msg, key)
			for _, part := range []string{"ABCD", "123456", "sk_l", "live", hex.EncodeToString([]byte(key))[:8]} {
				if strings.Contains(strings.ToLower(got), strings.ToLower(part)) {
					t.Errorf("scrub(%q) = %q, still contains %q", tt.msg, got, part)
				}
			}
			if !strings.Contains(got, redactedText) {
				t.Errorf("scrub(%q) = %q, want a %s marker", tt.msg, got, redactedText)
			}
		})
	}
}

func TestScrubKeepsUnrelatedText(t *testing.T) {
	got := scrub("connection refused by db-01", "xq7Zr9Vw")
	if got != "connection refused by db-01" {
		t.Errorf("scrub changed unrelated text: %q", got)
	}
}

func TestScrubShortKey(t *testing.T) {
	if got := scrub("bad key abc here", "abc"); strings.Contains(got, "abc") {
		t.Errorf("scrub kept a short key: %q", got)
	}
}

type keyHolder struct{ key string }

func (e *keyHolder) Error() string { return "lookup failed for " + e.key }

func TestRedactHidesOriginalError(t *testing.T) {
	const key = "secret-key-xyz789"
	original := fmt.Errorf("store: %w", &keyHolder{key: key})
	wrapped := fmt.Errorf("%w: %w", ErrUnavailable, original)

	err := redact(wrapped, key)

	if strings.Contains(err.Error(), "xyz789") {
		t.Errorf("Error() = %q contains the key", err.Error())
	}
	if !errors.Is(err, ErrUnavailable) {
		t.Error("errors.Is no longer matches ErrUnavailable")
	}
	var holder *keyHolder
	if errors.As(err, &holder) {
		t.Error("errors.As reached the validator's error, which holds the key")
	}
	if errors.Unwrap(err) != nil {
		t.Error("errors.Unwrap exposes the validator's error")
	}
}

func TestErrorChainHidesKey(t *testing.T) {
	const key = "sk_live_ABCDEF123456"
	v := ValidatorFunc[user](func(context.Context, string, *Scheme) (user, error) {
		return user{}, &keyHolder{key: key[:10] + "..."}
	})
	a, err := New([]*Scheme{schemeBuilder(t)(Header("X-API-Key"))}, Validator[user](v))
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Authenticate(context.Background(), view{header: headerLines("X-API-Key", key)})

	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), key[:8]) {
			t.Errorf("error in chain %T: %q contains part of the key", e, e.Error())
		}
	}
	var holder *keyHolder
	if errors.As(err, &holder) {
		t.Error("errors.As reached the validator's error")
	}
}

func FuzzScrub(f *testing.F) {
	f.Add("sk_live_ABCDEF", "error for sk_live_ABCDEF: boom")
	f.Add("abcd", "ABCD abc bcd")
	f.Fuzz(func(t *testing.T, key, msg string) {
		if len(key) < redactWindow || strings.Contains(redactedText, key) {
			return
		}
		got := asciiLower(scrub(msg+key+msg, key))
		lowerKey := asciiLower(key)
		for i := 0; i+redactWindow <= len(lowerKey); i++ {
			window := lowerKey[i : i+redactWindow]
			if strings.Contains(asciiLower(redactedText), window) {
				continue
			}
			if strings.Contains(got, window) {
				t.Fatalf("scrub output %q contains %q from key %q", got, window, key)
			}
		}
	})
}

func TestLogOmitsPartOfKey(t *testing.T) {
	const key = "sk_live_ABCDEF123456"
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	v := ValidatorFunc[user](func(_ context.Context, k string, _ *Scheme) (user, error) {
		return user{}, fmt.Errorf("db lookup failed for key starting %s... and ending %s", k[:8], strings.ToUpper(k[14:]))
	})
	a, err := New([]*Scheme{schemeBuilder(t)(Header("X-API-Key"))}, Validator[user](v), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}

	_, err = a.Authenticate(context.Background(), view{header: headerLines("X-API-Key", key)})
	if !errors.Is(err, ErrVerification) {
		t.Fatalf("error = %v, want ErrVerification", err)
	}
	for _, part := range []string{"sk_live_", "123456"} {
		if strings.Contains(buf.String(), part) {
			t.Errorf("log contains %q:\n%s", part, buf.String())
		}
	}
	if !strings.Contains(buf.String(), "db lookup failed") {
		t.Errorf("log lost the cause:\n%s", buf.String())
	}
}
