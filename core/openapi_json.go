package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// jsonNode is a JSON value that keeps its object members in document order.
// encoding/json decodes objects into maps, which lose that order, so merging
// into a user's document goes through this tree instead.
type jsonNode struct {
	kind    jsonKind
	members []jsonMember // for jsonObject, in document order
	items   []*jsonNode  // for jsonArray
	scalar  []byte       // for jsonScalar: the encoded string, number, bool or null
}

type jsonKind int

const (
	jsonScalar jsonKind = iota
	jsonObject
	jsonArray
)

type jsonMember struct {
	key   string
	value *jsonNode
}

// parseJSON reads exactly one JSON value from data. Numbers keep their text,
// so 1.0 stays 1.0.
func parseJSON(data []byte) (*jsonNode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	node, err := decodeNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the top-level value")
	}
	return node, nil
}

func decodeNode(dec *json.Decoder) (*jsonNode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}

	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			node := &jsonNode{kind: jsonArray, items: []*jsonNode{}}
			for dec.More() {
				item, err := decodeNode(dec)
				if err != nil {
					return nil, err
				}
				node.items = append(node.items, item)
			}
			_, err := dec.Token() // the closing ']'
			return node, err
		}
		node := &jsonNode{kind: jsonObject}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			value, err := decodeNode(dec)
			if err != nil {
				return nil, err
			}
			node.members = append(node.members, jsonMember{key: keyTok.(string), value: value})
		}
		_, err := dec.Token() // the closing '}'
		return node, err
	case json.Number:
		return &jsonNode{scalar: []byte(t)}, nil
	case nil:
		return &jsonNode{scalar: []byte("null")}, nil
	}
	return &jsonNode{scalar: encodeScalar(tok)}, nil
}

// encodeScalar encodes a string or bool without escaping <, > and &, which
// encoding/json does by default but which a JSON document does not need.
func encodeScalar(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Encoding a string or a bool cannot fail: invalid UTF-8 is
		// replaced, not rejected.
		panic("apikey: encode JSON scalar: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// nodeOf converts v, such as a struct whose fields are in the wanted order,
// into a tree.
func nodeOf(v any) *jsonNode {
	data, err := json.Marshal(v)
	if err == nil {
		var node *jsonNode
		if node, err = parseJSON(data); err == nil {
			return node
		}
	}
	// Callers pass only this package's own structs, maps and slices of
	// strings and bools, which always marshal to valid JSON.
	panic("apikey: build JSON node: " + err.Error())
}

func newObject() *jsonNode { return &jsonNode{kind: jsonObject} }

// get returns the value of the first member called key, or nil.
func (n *jsonNode) get(key string) *jsonNode {
	for _, m := range n.members {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

// set replaces the value of the member called key in place, or appends the
// member when there is none.
func (n *jsonNode) set(key string, value *jsonNode) {
	for i, m := range n.members {
		if m.key == key {
			n.members[i].value = value
			return
		}
	}
	n.members = append(n.members, jsonMember{key: key, value: value})
}

// object returns the object member called key, adding an empty one at the
// end when there is none. where names the member in the error for a value
// that is not an object.
func (n *jsonNode) object(key, where string) (*jsonNode, error) {
	child := n.get(key)
	if child == nil {
		child = newObject()
		n.set(key, child)
	}
	if child.kind != jsonObject {
		return nil, fmt.Errorf("%s is not a JSON object", where)
	}
	return child, nil
}

// text returns the value of a string member, or "" when the member is
// missing or not a string.
func (n *jsonNode) text(key string) string {
	child := n.get(key)
	if child == nil || child.kind != jsonScalar {
		return ""
	}
	var s string
	if json.Unmarshal(child.scalar, &s) != nil {
		return ""
	}
	return s
}

// encode writes n as indented JSON ending in a newline.
func (n *jsonNode) encode() []byte {
	var compact bytes.Buffer
	n.writeCompact(&compact)

	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		// writeCompact writes only valid JSON.
		panic("apikey: indent JSON: " + err.Error())
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func (n *jsonNode) writeCompact(buf *bytes.Buffer) {
	switch n.kind {
	case jsonObject:
		buf.WriteByte('{')
		for i, m := range n.members {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(encodeScalar(m.key))
			buf.WriteByte(':')
			m.value.writeCompact(buf)
		}
		buf.WriteByte('}')
	case jsonArray:
		buf.WriteByte('[')
		for i, item := range n.items {
			if i > 0 {
				buf.WriteByte(',')
			}
			item.writeCompact(buf)
		}
		buf.WriteByte(']')
	default:
		buf.Write(n.scalar)
	}
}
