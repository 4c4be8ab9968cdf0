package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// DocumentPath returns the path that serves the document.
func (d *Docs) DocumentPath() string { return d.documentPath }

// PagePath returns the path of the docs page.
func (d *Docs) PagePath() string { return d.pagePath }

// ServeHTTP serves the document at the document path and the page at the
// page path, compared with the request's decoded URL.Path. It responds 404
// to any other path, and 405 to a method other than GET and HEAD.
func (d *Docs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case d.documentRoute:
		d.serveDocument(w, r)
	case d.pageRoute:
		d.servePage(w, r)
	default:
		http.NotFound(w, r)
	}
}

// DocumentHandler returns a handler that serves the document at any path,
// for routers that match the path themselves.
func (d *Docs) DocumentHandler() http.Handler { return http.HandlerFunc(d.serveDocument) }

// PageHandler returns a handler that serves the docs page at any path, for
// routers that match the path themselves. The page still loads the
// document from the document path.
func (d *Docs) PageHandler() http.Handler { return http.HandlerFunc(d.servePage) }

func (d *Docs) serveDocument(w http.ResponseWriter, r *http.Request) {
	if !allowRead(w, r) {
		return
	}
	doc, ok := d.load(w, r)
	if !ok {
		return
	}
	writeDocsResponse(w, "application/json", doc)
}

func (d *Docs) servePage(w http.ResponseWriter, r *http.Request) {
	if !allowRead(w, r) {
		return
	}

	data := pageData{
		Title:                d.title,
		AssetsURL:            d.assetsURL,
		DocumentURL:          d.documentPath,
		Loading:              loadingNames[d.loading],
		PersistAuthorization: d.persistAuth,
	}
	if d.loading != LoadFromURL {
		doc, ok := d.load(w, r)
		if !ok {
			return
		}
		if d.loading == LoadAfterAuthorize {
			var err error
			if doc, err = securityOnly(doc); err != nil {
				d.fail(w, r, err)
				return
			}
		}
		data.Spec = doc
	}

	var page bytes.Buffer
	if err := docsPage.Execute(&page, data); err != nil {
		d.fail(w, r, err)
		return
	}
	writeDocsResponse(w, "text/html; charset=utf-8", page.Bytes())
}

// load returns the document, or writes 500 when the DocumentFunc fails,
// panics or returns something other than a JSON object.
func (d *Docs) load(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	doc, err := d.callDocument()
	if err == nil && !isJSONObject(doc) {
		err = errors.New("apikey: the DocumentFunc returned something other than a JSON object")
	}
	if err != nil {
		d.fail(w, r, err)
		return nil, false
	}
	return doc, true
}

// callDocument calls the DocumentFunc and returns a panic in it as a
// *documentPanic error, so that a bug in a user's DocumentFunc costs one
// 500 response. It panics again with http.ErrAbortHandler, which net/http
// uses to abort a response.
func (d *Docs) callDocument() (doc []byte, err error) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		err = &documentPanic{value: v, stack: debug.Stack()}
	}()
	return d.document()
}

// documentPanic is a panic in a DocumentFunc, with the stack where it
// happened.
type documentPanic struct {
	value any
	stack []byte
}

func (p *documentPanic) Error() string {
	return fmt.Sprintf("apikey: the DocumentFunc panicked: %v", p.value)
}

// fail logs err, when a logger is set, and writes a 500 response whose body
// does not contain err.
func (d *Docs) fail(w http.ResponseWriter, r *http.Request, err error) {
	if d.logger != nil {
		attrs := []slog.Attr{slog.String("path", r.URL.Path), slog.String("error", err.Error())}
		var p *documentPanic
		if errors.As(err, &p) {
			attrs = append(attrs, slog.String("stack", string(p.stack)))
		}
		d.logger.LogAttrs(r.Context(), slog.LevelError, "apikey: serve OpenAPI docs", attrs...)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte(`{"detail":"Internal Server Error"}`))
}

func allowRead(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusMethodNotAllowed)
	w.Write([]byte(`{"detail":"Method Not Allowed"}`))
	return false
}

// writeDocsResponse writes body with no-store, because the document may be
// guarded and a page may embed it.
func writeDocsResponse(w http.ResponseWriter, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

func isJSONObject(doc []byte) bool {
	trimmed := bytes.TrimLeft(doc, " \t\r\n")
	return len(trimmed) > 0 && trimmed[0] == '{' && json.Valid(doc)
}

// securityOnly returns a document with only the version field, the info
// object and the security schemes of doc (components.securitySchemes, or
// securityDefinitions in Swagger 2.0), and no paths, which is enough for
// Swagger UI to offer Authorize. It returns an error for a doc that
// parseJSON rejects, such as one with a key used twice.
func securityOnly(doc []byte) ([]byte, error) {
	root, err := parseJSON(doc)
	if err != nil {
		return nil, fmt.Errorf("apikey: invalid OpenAPI document for the docs page: %w", err)
	}
	if root.kind != jsonObject {
		return nil, errors.New("apikey: invalid OpenAPI document for the docs page: want a JSON object")
	}

	out := newObject()
	for _, key := range []string{"openapi", "swagger", "info", "securityDefinitions"} {
		if v := root.get(key); v != nil {
			out.set(key, v)
		}
	}
	out.set("paths", newObject())
	if components := root.get("components"); components != nil && components.kind == jsonObject {
		if schemes := components.get("securitySchemes"); schemes != nil {
			c := newObject()
			c.set("securitySchemes", schemes)
			out.set("components", c)
		}
	}
	return out.encode()
}
