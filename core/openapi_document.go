package core

import (
	"errors"
	"fmt"
	"regexp"
	"sync"
)

// DefaultOpenAPIVersion is the OpenAPI version of a document built by
// [OpenAPI.Build] unless [WithOpenAPIVersion] sets another.
const DefaultOpenAPIVersion = "3.1.0"

// OpenAPI builds the security part of an OpenAPI document from the guarded
// operations: a complete minimal document with [OpenAPI.Build], or the
// security merged into an existing document with [OpenAPI.Merge]. It is
// immutable and safe for concurrent use; build one with [NewOpenAPI].
type OpenAPI struct {
	version        string
	title          string
	apiVersion     string
	description    string
	errorResponses bool
}

// OpenAPIOption configures an [OpenAPI].
type OpenAPIOption func(*OpenAPI) error

// openAPIVersion matches the versions whose security objects this package
// writes: 3.0.x and 3.1.x.
var openAPIVersion = regexp.MustCompile(`^3\.[01]\.[0-9]+$`)

// WithOpenAPIVersion sets the "openapi" field of a built document, such as
// "3.0.3" for tools that do not read 3.1 yet. It must be a 3.0.x or 3.1.x
// version; the default is [DefaultOpenAPIVersion]. A merged document keeps
// its own version.
func WithOpenAPIVersion(version string) OpenAPIOption {
	return func(o *OpenAPI) error {
		if !openAPIVersion.MatchString(version) {
			return fmt.Errorf("apikey: invalid OpenAPI version %q: want 3.0.x or 3.1.x, such as 3.1.0 or 3.0.3", version)
		}
		o.version = version
		return nil
	}
}

// WithInfo sets the title and the API version in a built document's info
// object. Both must be non-empty; the defaults are "API" and "0.1.0". A
// merged document keeps its own info.
func WithInfo(title, apiVersion string) OpenAPIOption {
	return func(o *OpenAPI) error {
		if title == "" {
			return errors.New("apikey: empty OpenAPI title: want a name for the API")
		}
		if apiVersion == "" {
			return errors.New("apikey: empty API version: want a version such as 1.0.0")
		}
		o.title, o.apiVersion = title, apiVersion
		return nil
	}
}

// WithInfoDescription sets the description in a built document's info
// object.
func WithInfoDescription(description string) OpenAPIOption {
	return func(o *OpenAPI) error {
		o.description = description
		return nil
	}
}

// WithErrorResponses adds the authentication errors to every guarded
// operation's responses: 401 for a missing key, except on an optional
// operation, and 403 for a rejected key, each with the {"detail": ...} body
// that [RenderFastAPI] writes. A response code that an operation already
// lists is kept as it is. The default is to add neither.
func WithErrorResponses() OpenAPIOption {
	return func(o *OpenAPI) error {
		o.errorResponses = true
		return nil
	}
}

// NewOpenAPI returns an OpenAPI with the given options, or an error for an
// invalid or nil option.
func NewOpenAPI(opts ...OpenAPIOption) (*OpenAPI, error) {
	o := &OpenAPI{version: DefaultOpenAPIVersion, title: "API", apiVersion: "0.1.0"}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("apikey: nil OpenAPIOption")
		}
		if err := opt(o); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// Build returns a complete minimal OpenAPI document as indented JSON: the
// openapi version, info, one path item per path with each operation's
// security, path parameters and a default response, and
// components.securitySchemes. Paths are sorted, and the operations of a
// path follow the spec's method order, so the output does not depend on the
// order in which routes were recorded.
//
// Build returns an error for an invalid operation, a route listed twice with
// other schemes, two different schemes under one scheme name, and a nil o.
func (o *OpenAPI) Build(ops []Operation) ([]byte, error) {
	if o == nil {
		return nil, errNilOpenAPI
	}
	info := struct {
		Title       string `json:"title"`
		Description string `json:"description,omitempty"`
		Version     string `json:"version"`
	}{o.title, o.description, o.apiVersion}

	version, err := nodeOf(o.version)
	if err != nil {
		return nil, err
	}
	infoNode, err := nodeOf(info)
	if err != nil {
		return nil, err
	}

	doc := newObject()
	doc.set("openapi", version)
	doc.set("info", infoNode)
	doc.set("paths", newObject())
	if err := o.mergeInto(doc, ops); err != nil {
		return nil, err
	}
	return doc.encode()
}

var (
	errNilOpenAPI  = errors.New("apikey: nil *OpenAPI: build one with NewOpenAPI")
	errNilRecorder = errors.New("apikey: nil *Recorder: pass the Recorder that the adapters fill")
)

// DocumentFunc returns the current OpenAPI document as JSON. A [Docs]
// handler calls it for every request for the document or an embedding page,
// and responds 500 when it returns an error or panics.
type DocumentFunc func() ([]byte, error)

// StaticDocument returns a DocumentFunc that always returns doc.
func StaticDocument(doc []byte) DocumentFunc {
	return func() ([]byte, error) { return doc, nil }
}

// BuildFrom returns a DocumentFunc that builds the document from the
// operations in r with [OpenAPI.Build], again only after r changes. The
// DocumentFunc returns an error when o or r is nil.
func (o *OpenAPI) BuildFrom(r *Recorder) DocumentFunc {
	if o == nil {
		return failedDocument(errNilOpenAPI)
	}
	return cachedDocument(r, o.Build)
}

// MergeFrom returns a DocumentFunc that merges the operations in r into
// base with [OpenAPI.Merge], again only after r changes. base is copied.
// The DocumentFunc returns an error when o or r is nil.
func (o *OpenAPI) MergeFrom(base []byte, r *Recorder) DocumentFunc {
	if o == nil {
		return failedDocument(errNilOpenAPI)
	}
	base = append([]byte(nil), base...)
	return cachedDocument(r, func(ops []Operation) ([]byte, error) {
		return o.Merge(base, ops)
	})
}

func failedDocument(err error) DocumentFunc {
	return func() ([]byte, error) { return nil, err }
}

func cachedDocument(r *Recorder, build func([]Operation) ([]byte, error)) DocumentFunc {
	if r == nil {
		return failedDocument(errNilRecorder)
	}

	var (
		mu      sync.Mutex
		built   bool
		version uint64
		doc     []byte
	)
	return func() ([]byte, error) {
		ops, v := r.snapshot()

		mu.Lock()
		defer mu.Unlock()
		if built && v == version {
			return doc, nil
		}
		d, err := build(ops)
		if err != nil {
			return nil, err
		}
		built, version, doc = true, v, d
		return doc, nil
	}
}
