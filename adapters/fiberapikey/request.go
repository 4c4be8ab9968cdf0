package fiberapikey

import (
	"bytes"
	"sync"

	"github.com/valyala/fasthttp"
)

// request is the [core.Request] view of a fasthttp request.
//
// Headers are read from the header block as received
// (RequestHeader.RawHeaders), not from fasthttp's parsed headers, because
// the parsed headers differ from what net/http reports in ways that change
// the outcome:
//   - Once any code has read a cookie, fasthttp moves the Cookie lines into
//     its cookie store, and Peek("Cookie") returns the store re-serialized
//     as one line, with quotes and spaces around values stripped.
//   - Host, Content-Type and User-Agent keep only their last line.
//   - With Fiber's DisableHeaderNormalizing, Peek matches names
//     case-sensitively.
//   - fasthttp strips spaces around a value but not tabs.
//
// Only a request built in code, which fasthttp never parsed, has no header
// block, and its headers come from RequestHeader.PeekAll instead.
//
// The query comes from the request line (RequestHeader.RequestURI) and not
// from URI().QueryString(), because fasthttp's URI cuts the query at '#'
// where net/http keeps it in RawQuery.
//
// Every string that the view returns is a copy, because fasthttp reuses its
// buffers after the handler returns and the core hands the key to the
// validator, which may keep it.
type request struct {
	header *fasthttp.RequestHeader

	// values is reused by every HeaderValues call. The core reads the
	// returned slice before it calls HeaderValues again and never keeps it.
	values []string
}

// requestPool recycles request views, so that building one costs no
// allocation.
type requestPool struct{ pool sync.Pool }

func (p *requestPool) get(h *fasthttp.RequestHeader) *request {
	r, ok := p.pool.Get().(*request)
	if !ok {
		r = &request{values: make([]string, 0, 2)}
	}
	r.header = h
	return r
}

// put clears r, so that the pool keeps no request data alive, and returns
// it to the pool.
func (p *requestPool) put(r *request) {
	clear(r.values)
	r.values = r.values[:0]
	r.header = nil
	p.pool.Put(r)
}

// HeaderValues returns a copy of the value of every line of the header
// called name, matched case-insensitively, in the order received.
func (r *request) HeaderValues(name string) []string {
	clear(r.values)
	r.values = r.values[:0]

	// NOTE: The header block is what the client sent, so changes that earlier
	// handlers make through RequestHeader are not seen here.
	block := r.header.RawHeaders()
	if len(block) == 0 {
		for _, v := range r.header.PeekAll(name) {
			r.values = append(r.values, string(trimSpace(v)))
		}
		return r.values
	}

	for len(block) > 0 {
		var line []byte
		line, block = cutLine(block)
		if len(line) == 0 {
			break // the blank line that ends the header block
		}

		colon := bytes.IndexByte(line, ':')
		if colon < 0 || !equalFoldASCII(line[:colon], name) {
			continue
		}
		var value string
		value, block = unfold(trimSpace(line[colon+1:]), block)
		r.values = append(r.values, value)
	}
	return r.values
}

// RawQuery returns a copy of the request line's query string: everything
// after the first '?', still percent-encoded.
func (r *request) RawQuery() string {
	uri := r.header.RequestURI()
	i := bytes.IndexByte(uri, '?')
	if i < 0 {
		return ""
	}
	return string(uri[i+1:])
}

// cutLine splits the first line off block, without its CRLF or LF ending.
func cutLine(block []byte) (line, rest []byte) {
	line, rest, _ = bytes.Cut(block, []byte{'\n'})
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, rest
}

// unfold returns a copy of value joined with the continuation lines at the
// start of block, which begin with a space or a tab (the obsolete line
// folding of RFC 9112), and the rest of block. Like net/http, it joins the
// trimmed lines with single spaces.
func unfold(value, block []byte) (string, []byte) {
	if len(block) == 0 || (block[0] != ' ' && block[0] != '\t') {
		return string(value), block
	}

	joined := append([]byte(nil), value...)
	for len(block) > 0 && (block[0] == ' ' || block[0] == '\t') {
		var line []byte
		line, block = cutLine(block)
		joined = append(joined, ' ')
		joined = append(joined, trimSpace(line)...)
	}
	return string(trimSpace(joined)), block
}

// trimSpace removes the bytes that net/textproto trims around a header
// value: space, tab, CR and LF.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// equalFoldASCII reports whether b and s are equal under ASCII case
// folding, which is how net/http matches header names.
func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		if lowerASCII(b[i]) != lowerASCII(s[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}
