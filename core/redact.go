package core

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
)

// redactedText replaces a part of a message that may come from the key.
const redactedText = "[REDACTED]"

// redactWindow is the length of the shortest run of the key's characters
// that redaction removes from a message. Shorter runs occur by chance in
// ordinary words; a key shorter than this is removed only whole.
const redactWindow = 4

// scrub returns msg with every trace of key that it can recognise replaced
// by [REDACTED]. The traces are the key itself, any run of at least four
// characters that also occurs in the key, and the key's hex and base64
// encodings. Matching ignores ASCII case, and the runs also cover prefixes,
// suffixes and quoted forms. It runs in time linear in len(msg)+len(key),
// so a long key cannot slow it down. Over-redaction of a message is accepted, because a leaked part of a
// key is worse than a garbled log line.
//
// NOTE: a key transformed in another way, such as hashed, reversed or
// split with separators, is not recognised.
func scrub(msg, key string) string {
	if key == "" || msg == "" {
		return msg
	}

	mask := make([]bool, len(msg))
	for _, form := range encodedForms(key) {
		markAll(mask, msg, form)
	}
	markShared(mask, msg, key)
	return applyMask(msg, mask)
}

// encodedForms returns the key and the encodings of it that a validator may
// print.
func encodedForms(key string) []string {
	b := []byte(key)
	return []string{
		key,
		hex.EncodeToString(b),
		strings.ToUpper(hex.EncodeToString(b)),
		base64.StdEncoding.EncodeToString(b),
		base64.RawStdEncoding.EncodeToString(b),
		base64.URLEncoding.EncodeToString(b),
		base64.RawURLEncoding.EncodeToString(b),
	}
}

// markAll marks every occurrence of form in msg, ignoring ASCII case.
func markAll(mask []bool, msg, form string) {
	lowerMsg, lowerForm := asciiLower(msg), asciiLower(form)
	for start := 0; ; {
		i := strings.Index(lowerMsg[start:], lowerForm)
		if i < 0 {
			return
		}
		for j := start + i; j < start+i+len(form); j++ {
			mask[j] = true
		}
		start += i + 1
	}
}

// markShared marks every window of redactWindow bytes in msg that also
// occurs in key, ignoring ASCII case.
func markShared(mask []bool, msg, key string) {
	if len(key) < redactWindow || len(msg) < redactWindow {
		return
	}
	windows := make(map[string]struct{}, len(key))
	lowerKey := asciiLower(key)
	for i := 0; i+redactWindow <= len(lowerKey); i++ {
		windows[lowerKey[i:i+redactWindow]] = struct{}{}
	}

	lowerMsg := asciiLower(msg)
	for i := 0; i+redactWindow <= len(lowerMsg); i++ {
		if _, ok := windows[lowerMsg[i:i+redactWindow]]; ok {
			for j := i; j < i+redactWindow; j++ {
				mask[j] = true
			}
		}
	}
}

// asciiLower lowers ASCII letters only, so byte offsets stay the same.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// applyMask replaces each run of marked bytes with one [REDACTED].
func applyMask(msg string, mask []bool) string {
	var b strings.Builder
	for i := 0; i < len(msg); {
		if !mask[i] {
			b.WriteByte(msg[i])
			i++
			continue
		}
		b.WriteString(redactedText)
		for i < len(msg) && mask[i] {
			i++
		}
	}
	return b.String()
}

// redact returns a stand-in for a validator's error: its message is
// scrubbed of the key, errors.Is still matches whatever the original
// matched, and errors.As cannot reach the original, which may hold the key
// in a field.
func redact(err error, key string) error {
	return &redactedError{msg: scrub(err.Error(), key), cause: err}
}

// redactedError is a validator's error with the key removed from its text.
// It has no Unwrap method on purpose, so the original error stays hidden.
type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }

// Is reports whether the original error matches target, so that sentinel
// checks such as errors.Is(err, sql.ErrNoRows) keep working.
func (e *redactedError) Is(target error) bool { return errors.Is(e.cause, target) }
