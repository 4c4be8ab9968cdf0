package core

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

// DefaultSwaggerUIURL is the base URL of the Swagger UI files that the docs
// page loads unless [WithSwaggerUIURL] sets another: the swagger-ui-dist
// package, pinned to one version, on the jsDelivr CDN.
const DefaultSwaggerUIURL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0"

// DocumentLoading is the way the docs page gets the OpenAPI document.
type DocumentLoading int

const (
	// LoadFromURL lets Swagger UI fetch the document path when the page
	// opens. It is the default. It works when the document is public, or
	// protected by something the browser sends by itself, such as a
	// session cookie. Behind API-key middleware the fetch fails, because
	// the user can enter a key only after the document is loaded.
	LoadFromURL DocumentLoading = iota
	// EmbedDocument writes the whole document into the page, so the page
	// needs no second request and works whatever guards the document
	// path. Anyone who can open the page can read the document, so guard
	// the page at least as strictly as the document.
	EmbedDocument
	// LoadAfterAuthorize writes only the document's info and
	// components.securitySchemes into the page. When the user enters keys
	// with Authorize, the page fetches the document path with them. A
	// header or bearer key goes in its header and a query key in the query
	// string. A cookie key is not sent, because a page cannot set a Cookie
	// header, but the browser's own cookies are. The page also fetches the
	// document once when it opens, so an unguarded document shows at once.
	// This works when the document path is guarded by the same schemes,
	// and it shows anonymous visitors only the info, the scheme names and
	// the header, query parameter and cookie names. The page must parse
	// the document, so it responds 500 when the document is not valid
	// UTF-8, uses a key twice in one object, has a \u escape of a lone
	// UTF-16 surrogate or nests more than 1000 levels deep.
	LoadAfterAuthorize
)

// Docs serves an OpenAPI document and a Swagger UI page for it. It is a
// plain net/http handler that serves GET and HEAD on its two paths, so it
// can be mounted on any router or wrapped by an adapter. Build one with
// [NewDocs].
type Docs struct {
	document      DocumentFunc
	documentPath  string
	pagePath      string
	documentRoute string // documentPath with percent-escapes decoded, as in URL.Path
	pageRoute     string // pagePath with percent-escapes decoded
	assetsURL     string
	title         string
	loading       DocumentLoading
	persistAuth   bool
	logger        *slog.Logger
}

// DocsOption configures a [Docs].
type DocsOption func(*Docs) error

// WithDocumentPath sets the path that serves the document, which is also
// the URL the page loads it from. The default is /openapi.json.
//
// The path must start with '/' and contain only letters, digits,
// percent-escapes and the characters - . _ ~ ! $ & ' ( ) , ; = @ /. It may
// not contain an empty, "." or ".." segment, because browsers would request
// another path, and it may not contain ':', '*', '+', '{' or '}', which
// routers read as parameters or wildcards. [Docs.ServeHTTP] matches the
// path after decoding its percent-escapes.
func WithDocumentPath(path string) DocsOption {
	return func(d *Docs) error {
		if err := checkServePath("document", path); err != nil {
			return err
		}
		d.documentPath = path
		return nil
	}
}

// WithPagePath sets the path of the docs page. The default is /docs. The
// path must follow the rules of [WithDocumentPath].
func WithPagePath(path string) DocsOption {
	return func(d *Docs) error {
		if err := checkServePath("docs page", path); err != nil {
			return err
		}
		d.pagePath = path
		return nil
	}
}

// WithSwaggerUIURL sets the base URL that holds the files of the
// swagger-ui-dist package: swagger-ui.css and swagger-ui-bundle.js. It is
// an absolute http or https URL without user info, query or fragment, or a
// path on the same server such as /assets/swagger-ui that follows the rules
// of [WithDocumentPath] except that ':', '*' and '+' are allowed. It may
// contain only RFC 3986 characters, so whitespace, control characters and
// a backslash are rejected. The default is [DefaultSwaggerUIURL].
func WithSwaggerUIURL(base string) DocsOption {
	return func(d *Docs) error {
		if err := checkSwaggerUIURL(base); err != nil {
			return fmt.Errorf("apikey: invalid Swagger UI URL %q: %w", base, err)
		}
		d.assetsURL = strings.TrimRight(base, "/")
		return nil
	}
}

// WithPageTitle sets the title of the docs page. The default is
// "API documentation".
func WithPageTitle(title string) DocsOption {
	return func(d *Docs) error {
		if title == "" {
			return errors.New("apikey: empty docs page title")
		}
		d.title = title
		return nil
	}
}

// WithDocumentLoading sets how the page gets the document. The default is
// [LoadFromURL].
func WithDocumentLoading(loading DocumentLoading) DocsOption {
	return func(d *Docs) error {
		if loading < LoadFromURL || loading > LoadAfterAuthorize {
			return fmt.Errorf("apikey: unknown DocumentLoading %d", int(loading))
		}
		d.loading = loading
		return nil
	}
}

// WithPersistAuthorization makes Swagger UI keep the keys entered with
// Authorize in the browser's local storage, so they survive a reload. It
// is off by default, because any script on the page's origin can read
// local storage.
func WithPersistAuthorization() DocsOption {
	return func(d *Docs) error {
		d.persistAuth = true
		return nil
	}
}

// WithDocsLogger sets the logger for the errors and panics of the
// [DocumentFunc] and for a document that the page cannot use, which the
// client sees only as a 500. A panic is logged with its stack. The default
// is no logging.
func WithDocsLogger(l *slog.Logger) DocsOption {
	return func(d *Docs) error {
		d.logger = l
		return nil
	}
}

// NewDocs returns a Docs that serves the document that document returns.
// It returns an error for a nil document, a nil or invalid option, and a
// page path equal to the document path after percent-decoding.
func NewDocs(document DocumentFunc, opts ...DocsOption) (*Docs, error) {
	if document == nil {
		return nil, errors.New("apikey: nil DocumentFunc: pass one such as OpenAPI.BuildFrom(recorder)")
	}

	d := &Docs{
		document:     document,
		documentPath: "/openapi.json",
		pagePath:     "/docs",
		assetsURL:    DefaultSwaggerUIURL,
		title:        "API documentation",
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("apikey: nil DocsOption")
		}
		if err := opt(d); err != nil {
			return nil, err
		}
	}

	// The paths were checked, so their percent-escapes are valid.
	d.documentRoute, _ = url.PathUnescape(d.documentPath)
	d.pageRoute, _ = url.PathUnescape(d.pagePath)
	if d.documentRoute == d.pageRoute {
		return nil, fmt.Errorf("apikey: the docs page and the document are both at %q: give them different paths", d.pageRoute)
	}
	return d, nil
}
