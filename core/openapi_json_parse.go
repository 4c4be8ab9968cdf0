package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth is the maximum nesting of objects and arrays that parseJSON
// accepts, counting the top-level value as 1. It is far above what an
// OpenAPI document needs and below the limit of 10000 in encoding/json's
// scanner, where json.Indent would fail. It also bounds the recursion of
// parseJSON and of the tree's encoder.
const maxJSONDepth = 1000

// jsonParser builds a jsonNode tree from the tokens of a json.Decoder and
// adds the checks that the decoder does not make.
type jsonParser struct {
	data []byte
	dec  *json.Decoder
	path []string // keys and [i] indexes from the top-level value, for errors
}

// parseJSON reads exactly one JSON value from data. Numbers keep their text,
// so 1.0 stays 1.0. It returns an error for invalid JSON, invalid UTF-8, a
// \u escape of a lone UTF-16 surrogate, an object with a key used twice and
// nesting deeper than maxJSONDepth. encoding/json accepts the first three
// and would replace the bad characters with U+FFFD.
func parseJSON(data []byte) (*jsonNode, error) {
	if err := checkUTF8(data); err != nil {
		return nil, err
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &jsonParser{data: data, dec: dec}
	node, err := p.value(1)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the top-level value")
	}
	return node, nil
}

// value reads the next value, which is nested depth levels deep when it is
// an object or an array.
func (p *jsonParser) value(depth int) (*jsonNode, error) {
	start := p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}

	switch t := tok.(type) {
	case json.Delim:
		if depth > maxJSONDepth {
			return nil, fmt.Errorf("JSON nesting exceeds the maximum depth of %d at byte offset %d", maxJSONDepth, p.dec.InputOffset()-1)
		}
		if t == '[' {
			return p.array(depth)
		}
		return p.object(depth)
	case string:
		if err := p.checkSurrogates(start); err != nil {
			return nil, err
		}
		return scalarNode(t)
	case json.Number:
		return &jsonNode{scalar: []byte(t)}, nil
	case nil:
		return &jsonNode{scalar: []byte("null")}, nil
	}
	return scalarNode(tok)
}

func (p *jsonParser) array(depth int) (*jsonNode, error) {
	node := &jsonNode{kind: jsonArray, items: []*jsonNode{}}
	for i := 0; p.dec.More(); i++ {
		p.path = append(p.path, "["+strconv.Itoa(i)+"]")
		item, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.path = p.path[:len(p.path)-1]
		node.items = append(node.items, item)
	}
	_, err := p.dec.Token() // the closing ']'
	return node, err
}

func (p *jsonParser) object(depth int) (*jsonNode, error) {
	node := &jsonNode{kind: jsonObject}
	seen := make(map[string]bool)
	for p.dec.More() {
		start := p.dec.InputOffset()
		keyTok, err := p.dec.Token()
		if err != nil {
			return nil, err
		}
		if err := p.checkSurrogates(start); err != nil {
			return nil, err
		}
		key := keyTok.(string) // the decoder returns only string keys
		if seen[key] {
			return nil, fmt.Errorf("duplicate key %q in %s: remove one of them", key, p.objectLocation())
		}
		seen[key] = true

		p.path = append(p.path, key)
		value, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.path = p.path[:len(p.path)-1]
		node.members = append(node.members, jsonMember{key: key, value: value})
	}
	_, err := p.dec.Token() // the closing '}'
	return node, err
}

// objectLocation describes the object at the current path for an error, in
// the paths./a.get[0] form that Merge uses for its own errors.
func (p *jsonParser) objectLocation() string {
	if len(p.path) == 0 {
		return "the top-level object"
	}
	var b strings.Builder
	for i, part := range p.path {
		if i > 0 && !strings.HasPrefix(part, "[") {
			b.WriteByte('.')
		}
		b.WriteString(part)
	}
	return "the object at " + b.String()
}

// checkSurrogates returns an error for a \u escape of a UTF-16 surrogate
// that is not part of a high-low pair in the string token that the decoder
// read after byte offset start. The decoder has checked the token's syntax,
// and the bytes before its opening quote are whitespace, ':' or ','.
func (p *jsonParser) checkSurrogates(start int64) error {
	raw := p.data[start:p.dec.InputOffset()]
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if raw[i+1] != 'u' {
			i++ // skip the escaped character, which may be a backslash
			continue
		}

		r := hexRune(raw[i+2 : i+6])
		if !utf16.IsSurrogate(r) {
			i += 5
			continue
		}
		if r < 0xdc00 && i+12 <= len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' {
			if low := hexRune(raw[i+8 : i+12]); low >= 0xdc00 && low <= 0xdfff {
				i += 11
				continue
			}
		}
		return fmt.Errorf("invalid JSON string: lone UTF-16 surrogate %s at byte offset %d", raw[i:i+6], start+int64(i))
	}
	return nil
}

// hexRune decodes four hexadecimal digits that the decoder has checked.
func hexRune(digits []byte) rune {
	n, _ := strconv.ParseUint(string(digits), 16, 32)
	return rune(n)
}

// checkUTF8 returns an error naming the byte offset of the first invalid
// UTF-8 sequence in data.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return fmt.Errorf("invalid UTF-8 at byte offset %d: the document must be UTF-8", i)
		}
		i += size
	}
	return nil
}
