package core

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Merge adds the security part for ops to doc, an existing OpenAPI 3
// document in JSON such as swaggo, kin-openapi or a hand-written file
// produce, and returns the result as indented JSON.
//
// Everything doc contains is kept in its order, including fields this
// package does not know. Merge adds each missing components.securitySchemes
// entry and sets each operation's security list in place. A security list
// already there is replaced, because the middleware decides what the route
// needs. A path item or operation that doc lacks is added at the end. A
// path in doc matches an operation's path when they differ only in
// parameter names, and doc's spelling is kept. With [WithErrorResponses],
// missing 401 and 403 responses are added too. Operations that ops does
// not name are left unchanged, and so is a top-level security list, which
// applies to them.
//
// Merge returns an error for a doc that is not a JSON object with an
// "openapi" string of version 3, and for a Swagger 2.0 document. It returns
// an error for a securitySchemes entry that describes another scheme under
// the same name, and for the same errors as [OpenAPI.Build]. An entry that
// differs only in its description or in fields this package does not write
// is kept as it is.
//
// Merge rejects a malformed doc instead of repairing it. That covers a doc
// that is not valid UTF-8, has a \u escape of a lone UTF-16 surrogate,
// uses a key twice in one object, or nests objects and arrays more than
// 1000 levels deep. It also returns an error for a nil o.
func (o *OpenAPI) Merge(doc []byte, ops []Operation) ([]byte, error) {
	if o == nil {
		return nil, errNilOpenAPI
	}
	root, err := parseJSON(doc)
	if err != nil {
		return nil, fmt.Errorf("apikey: invalid OpenAPI document: %w", err)
	}
	if root.kind != jsonObject {
		return nil, fmt.Errorf("apikey: invalid OpenAPI document: want a JSON object")
	}
	// NOTE: swag v1 writes Swagger 2.0, whose securityDefinitions have no
	// cookie or bearer type, so its output must be converted to OpenAPI 3
	// before merging.
	if root.get("swagger") != nil {
		return nil, fmt.Errorf("apikey: the document is Swagger 2.0, whose security definitions differ: convert it to OpenAPI 3 first")
	}
	if err := checkOpenAPIField(root.get("openapi")); err != nil {
		return nil, err
	}

	if err := o.mergeInto(root, ops); err != nil {
		return nil, err
	}
	return root.encode()
}

// checkOpenAPIField returns an error unless version, the value of the
// document's "openapi" field, is a string that starts with "3.".
func checkOpenAPIField(version *jsonNode) error {
	const want = `want a string with a 3.x version, such as "3.1.0"`
	if version == nil {
		return fmt.Errorf(`apikey: invalid OpenAPI document: the "openapi" field is missing: %s`, want)
	}
	if version.kind != jsonScalar || version.scalar[0] != '"' {
		return fmt.Errorf(`apikey: invalid OpenAPI document: "openapi" is %s, %s`, version.describe(), want)
	}

	var v string
	if err := json.Unmarshal(version.scalar, &v); err != nil {
		return fmt.Errorf(`apikey: invalid OpenAPI document: "openapi": %w`, err)
	}
	if !strings.HasPrefix(v, "3.") {
		return fmt.Errorf(`apikey: invalid OpenAPI document: "openapi" is %q, want a 3.x version, such as "3.1.0"`, v)
	}
	return nil
}

// mergeInto adds the security schemes and operations of ops to doc.
func (o *OpenAPI) mergeInto(doc *jsonNode, ops []Operation) error {
	var table Recorder
	for _, op := range ops {
		if err := table.Record(op); err != nil {
			return err
		}
	}
	ops = table.ops
	slices.SortStableFunc(ops, func(a, b Operation) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), methodRank(a.Method)-methodRank(b.Method))
	})

	schemes, err := collectSchemes(ops)
	if err != nil {
		return err
	}
	if err := mergeSchemes(doc, schemes); err != nil {
		return err
	}

	paths, err := doc.object("paths", "paths")
	if err != nil {
		return fmt.Errorf("apikey: invalid OpenAPI document: %w", err)
	}
	for _, op := range ops {
		if err := o.mergeOperation(paths, op); err != nil {
			return err
		}
	}
	return nil
}

func mergeSchemes(doc *jsonNode, schemes []*Scheme) error {
	if len(schemes) == 0 {
		return nil
	}
	components, err := doc.object("components", "components")
	if err == nil {
		var entries *jsonNode
		entries, err = components.object("securitySchemes", "components.securitySchemes")
		if err == nil {
			return mergeSchemeEntries(entries, schemes)
		}
	}
	return fmt.Errorf("apikey: invalid OpenAPI document: %w", err)
}

func mergeSchemeEntries(entries *jsonNode, schemes []*Scheme) error {
	for _, s := range schemes {
		want := s.SecurityScheme()
		existing := entries.get(s.schemeName)
		if existing == nil {
			entry, err := nodeOf(want)
			if err != nil {
				return err
			}
			entries.set(s.schemeName, entry)
			continue
		}
		if existing.kind != jsonObject || !sameSchemeEntry(existing, want) {
			return fmt.Errorf("apikey: components.securitySchemes already has %q with another definition than %s: remove it or give the scheme another name with WithSchemeName", s.schemeName, s)
		}
	}
	return nil
}

// sameSchemeEntry reports whether an existing securitySchemes entry
// describes the scheme want. HTTP authentication schemes and header names
// are compared case-insensitively, as HTTP treats them.
func sameSchemeEntry(entry *jsonNode, want SecurityScheme) bool {
	if entry.text("type") != want.Type || !strings.EqualFold(entry.text("scheme"), want.Scheme) {
		return false
	}
	if entry.text("in") != want.In {
		return false
	}
	if want.In == "header" {
		return strings.EqualFold(entry.text("name"), want.Name)
	}
	return entry.text("name") == want.Name
}

func (o *OpenAPI) mergeOperation(paths *jsonNode, op Operation) error {
	item, err := pathItem(paths, op.Path)
	if err != nil {
		return err
	}

	where := "paths." + op.Path + "." + op.Method
	node := item.get(op.Method)
	if node == nil {
		if node, err = newOperation(op); err != nil {
			return err
		}
		item.set(op.Method, node)
	}
	if node.kind != jsonObject {
		return fmt.Errorf("apikey: invalid OpenAPI document: %s is not a JSON object", where)
	}

	security, err := nodeOf(SecurityRequirements(op.Schemes, op.Optional))
	if err != nil {
		return err
	}
	node.set("security", security)
	if !o.errorResponses {
		return nil
	}
	responses, err := node.object("responses", where+".responses")
	if err != nil {
		return fmt.Errorf("apikey: invalid OpenAPI document: %w", err)
	}
	if !op.Optional && responses.get("401") == nil {
		if err := setErrorResponse(responses, http.StatusUnauthorized, op.Schemes); err != nil {
			return err
		}
	}
	if responses.get("403") == nil {
		if err := setErrorResponse(responses, http.StatusForbidden, op.Schemes); err != nil {
			return err
		}
	}
	return nil
}

func setErrorResponse(responses *jsonNode, status int, schemes []*Scheme) error {
	node, err := nodeOf(errorResponse(status, schemes))
	if err != nil {
		return err
	}
	responses.set(strconv.Itoa(status), node)
	return nil
}

// pathItem returns the path item for path, matching existing paths with
// parameter names ignored, and adds an empty one at the end when there is
// none.
func pathItem(paths *jsonNode, path string) (*jsonNode, error) {
	key := templateKey(path)
	for _, m := range paths.members {
		if templateKey(m.key) == key {
			if m.value.kind != jsonObject {
				return nil, fmt.Errorf("apikey: invalid OpenAPI document: paths.%s is not a JSON object", m.key)
			}
			return m.value, nil
		}
	}
	item := newObject()
	paths.set(path, item)
	return item, nil
}
