package core

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// scalarNode returns the node of a string or bool.
func scalarNode(v any) (*jsonNode, error) {
	scalar, err := encodeScalar(v)
	if err != nil {
		return nil, err
	}
	return &jsonNode{scalar: scalar}, nil
}

// encodeScalar encodes a string or bool without escaping <, > and &, which
// encoding/json does by default but which a JSON document does not need.
func encodeScalar(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode JSON value: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// nodeOf converts v, such as a struct whose fields are in the wanted order,
// into a tree. Callers pass only this package's own structs, maps and
// slices of strings and bools, so an error means a bug in this package.
func nodeOf(v any) (*jsonNode, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("apikey: build JSON value: %w", err)
	}
	node, err := parseJSON(data)
	if err != nil {
		return nil, fmt.Errorf("apikey: build JSON value: %w", err)
	}
	return node, nil
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

// describe names the JSON type of n for an error message, with the value of
// a number or boolean: "an object", "a number (3.1)".
func (n *jsonNode) describe() string {
	switch {
	case n.kind == jsonObject:
		return "an object"
	case n.kind == jsonArray:
		return "an array"
	case string(n.scalar) == "null":
		return "null"
	case n.scalar[0] == '"':
		return "a string"
	case string(n.scalar) == "true" || string(n.scalar) == "false":
		return "a boolean (" + string(n.scalar) + ")"
	}

	number := string(n.scalar)
	if len(number) > 40 {
		number = number[:40] + "..."
	}
	return "a number (" + number + ")"
}

// encode writes n as indented JSON ending in a newline.
func (n *jsonNode) encode() ([]byte, error) {
	var compact bytes.Buffer
	if err := n.writeCompact(&compact); err != nil {
		return nil, err
	}

	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, fmt.Errorf("apikey: indent JSON: %w", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

func (n *jsonNode) writeCompact(buf *bytes.Buffer) error {
	switch n.kind {
	case jsonObject:
		buf.WriteByte('{')
		for i, m := range n.members {
			if i > 0 {
				buf.WriteByte(',')
			}
			key, err := encodeScalar(m.key)
			if err != nil {
				return err
			}
			buf.Write(key)
			buf.WriteByte(':')
			if err := m.value.writeCompact(buf); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case jsonArray:
		buf.WriteByte('[')
		for i, item := range n.items {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := item.writeCompact(buf); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	default:
		buf.Write(n.scalar)
	}
	return nil
}
