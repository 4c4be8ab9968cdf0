package core

import (
	"fmt"
	"strings"
)

// SecurityScheme is an OpenAPI Security Scheme Object, the value of one
// entry in components.securitySchemes. Fields that do not apply to Type are
// empty and left out of the JSON.
type SecurityScheme struct {
	// Type is "apiKey", or "http" for an Authorization scheme with the
	// Bearer prefix.
	Type string `json:"type"`
	// Name is the header, query parameter or cookie name of an apiKey
	// scheme.
	Name string `json:"name,omitempty"`
	// In is "header", "query" or "cookie" for an apiKey scheme.
	In string `json:"in,omitempty"`
	// Scheme is the HTTP authentication scheme of an http scheme: "bearer".
	Scheme string `json:"scheme,omitempty"`
	// Description is the scheme's description.
	Description string `json:"description,omitempty"`
}

// SecurityScheme returns the components.securitySchemes entry for s.
//
// Header, query and cookie schemes are {"type":"apiKey"} with the scheme's
// name and source. An Authorization scheme with the Bearer prefix, matched
// case-insensitively, is {"type":"http","scheme":"bearer"}, so Swagger UI
// prompts for the token alone and sends "Bearer <token>".
//
// OpenAPI has no type for any other prefix, such as Token, so such a scheme
// is an apiKey in header Authorization. Swagger UI sends an apiKey value
// unchanged, so the user must type the prefix too. When s has no
// description of its own, the description tells the user so, for example
// `Send the key as "Token <key>" in the Authorization header.`
func (s *Scheme) SecurityScheme() SecurityScheme {
	if s.prefix != "" && strings.EqualFold(s.prefix, "Bearer") {
		return SecurityScheme{Type: "http", Scheme: "bearer", Description: s.description}
	}

	obj := SecurityScheme{Type: "apiKey", Name: s.name, In: s.source.String(), Description: s.description}
	if s.prefix != "" && obj.Description == "" {
		obj.Description = fmt.Sprintf("Send the key as %q in the Authorization header.", s.prefix+" <key>")
	}
	return obj
}

// SecurityRequirement is an OpenAPI Security Requirement Object. Every
// scheme that this package renders needs no scopes, so each value is an
// empty list.
type SecurityRequirement map[string][]string

// SecurityRequirements returns an operation's security list for schemes
// tried in order. Each scheme is an alternative, so each gets its own
// requirement, in declared order; a scheme name that appears again is
// listed once. When optional is true, which is the case when every scheme
// is optional, the list ends with the empty requirement {} to say that
// anonymous requests are allowed too. Nil schemes are skipped.
func SecurityRequirements(schemes []*Scheme, optional bool) []SecurityRequirement {
	reqs := make([]SecurityRequirement, 0, len(schemes)+1)
	seen := make(map[string]bool, len(schemes))
	for _, s := range schemes {
		if s == nil || seen[s.schemeName] {
			continue
		}
		seen[s.schemeName] = true
		reqs = append(reqs, SecurityRequirement{s.schemeName: {}})
	}

	if optional {
		reqs = append(reqs, SecurityRequirement{})
	}
	return reqs
}

// collectSchemes returns the distinct security schemes of ops by scheme
// name, in order of first use. Two schemes under one name that are not
// [Scheme.SameSecurityScheme] are an error, because one would silently
// overwrite the other in the document.
func collectSchemes(ops []Operation) ([]*Scheme, error) {
	var list []*Scheme
	byName := make(map[string]*Scheme)
	for _, op := range ops {
		for _, s := range op.Schemes {
			prev, ok := byName[s.schemeName]
			if !ok {
				byName[s.schemeName] = s
				list = append(list, s)
				continue
			}
			if !prev.SameSecurityScheme(s) {
				return nil, fmt.Errorf("apikey: OpenAPI scheme name %q is used by both %s and %s: give one a different name with WithSchemeName", s.schemeName, prev, s)
			}
		}
	}
	return list, nil
}
