package core

import (
	"net/http"
	"strings"
)

// pathParameter is an OpenAPI Parameter Object for a path parameter.
type pathParameter struct {
	Name     string     `json:"name"`
	In       string     `json:"in"`
	Required bool       `json:"required"`
	Schema   jsonSchema `json:"schema"`
}

// jsonSchema is the small part of a Schema Object that this package writes.
type jsonSchema struct {
	Type       string                `json:"type"`
	Properties map[string]jsonSchema `json:"properties,omitempty"`
	Required   []string              `json:"required,omitempty"`
}

// response is an OpenAPI Response Object.
type response struct {
	Description string               `json:"description"`
	Headers     map[string]header    `json:"headers,omitempty"`
	Content     map[string]mediaType `json:"content,omitempty"`
}

type header struct {
	Description string     `json:"description"`
	Schema      jsonSchema `json:"schema"`
}

type mediaType struct {
	Schema  jsonSchema        `json:"schema"`
	Example map[string]string `json:"example"`
}

// newOperation returns the Operation Object for an operation that the
// document lacks: its path parameters, each required as OpenAPI demands,
// and a default response for whatever the handler returns. The
// caller adds the security list.
func newOperation(op Operation) (*jsonNode, error) {
	node := newObject()

	names, _ := pathParams(op.Path) // the path was checked when op was recorded
	if len(names) > 0 {
		params := make([]pathParameter, len(names))
		for i, name := range names {
			params[i] = pathParameter{Name: name, In: "path", Required: true, Schema: jsonSchema{Type: "string"}}
		}
		paramsNode, err := nodeOf(params)
		if err != nil {
			return nil, err
		}
		node.set("parameters", paramsNode)
	}

	responses, err := nodeOf(map[string]response{
		"default": {Description: "Response from the handler"},
	})
	if err != nil {
		return nil, err
	}
	node.set("responses", responses)
	return node, nil
}

// errorResponse returns the response for a missing key (401) or a rejected
// key (403) with the body that [RenderFastAPI] writes.
func errorResponse(status int, schemes []*Scheme) response {
	detail := "Could not validate credentials"
	description := "The API key was rejected."
	if status == http.StatusUnauthorized {
		detail = "Not authenticated"
		description = "No API key was sent."
	}

	r := response{
		Description: description,
		Content: map[string]mediaType{"application/json": {
			Schema: jsonSchema{
				Type:       "object",
				Properties: map[string]jsonSchema{"detail": {Type: "string"}},
				Required:   []string{"detail"},
			},
			Example: map[string]string{"detail": detail},
		}},
	}
	if status == http.StatusUnauthorized {
		r.Headers = map[string]header{"WWW-Authenticate": {
			Description: "One challenge per scheme: " + challengeList(schemes) + ".",
			Schema:      jsonSchema{Type: "string"},
		}}
	}
	return r
}

func challengeList(schemes []*Scheme) string {
	var list []string
	for _, s := range schemes {
		if !contains(list, s.Challenge()) {
			list = append(list, s.Challenge())
		}
	}
	return strings.Join(list, ", ")
}
