package core

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestRenderPresets(t *testing.T) {
	header := schemeBuilder(t)(Header("X-API-Key"))
	missing := view{}
	wrong := view{header: headerLines("X-API-Key", "nope")}

	tests := []struct {
		name        string
		renderer    Renderer
		req         view
		status      int
		contentType string
		challenge   string
		body        string
	}{
		{"fastapi missing", RenderFastAPI, missing, 401, "application/json", "APIKey", `{"detail":"Not authenticated"}`},
		{"fastapi rejected", RenderFastAPI, wrong, 403, "application/json", "", `{"detail":"Could not validate credentials"}`},
		{"problem missing", RenderProblem, missing, 401, "application/problem+json", "APIKey",
			`{"type":"about:blank","title":"Unauthorized","status":401,"detail":"Not authenticated","code":"missing_credential"}`},
		{"problem rejected", RenderProblem, wrong, 403, "application/problem+json", "",
			`{"type":"about:blank","title":"Forbidden","status":403,"detail":"Could not validate credentials","code":"invalid_key"}`},
		{"unauthorized rejected", RenderUnauthorized, wrong, 401, "application/json", "APIKey", `{"detail":"Could not validate credentials"}`},
		{"unauthorized missing", RenderUnauthorized, missing, 401, "application/json", "APIKey", `{"detail":"Not authenticated"}`},
		{"legacy missing", RenderLegacyFastAPI, missing, 403, "application/json", "", `{"detail":"Not authenticated"}`},
		{"legacy rejected", RenderLegacyFastAPI, wrong, 403, "application/json", "", `{"detail":"Could not validate credentials"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newTestAuthenticator(t, []*Scheme{header}, WithRenderer(tt.renderer))
			_, err := a.Authenticate(context.Background(), tt.req)
			resp := a.Render(err)

			if resp.Status != tt.status {
				t.Errorf("status = %d, want %d", resp.Status, tt.status)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}
			if got := resp.Header.Get("WWW-Authenticate"); got != tt.challenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.challenge)
			}
			if got := resp.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			if string(resp.Body) != tt.body {
				t.Errorf("body = %s, want %s", resp.Body, tt.body)
			}
		})
	}
}

func TestRenderForeignError(t *testing.T) {
	a := newTestAuthenticator(t, []*Scheme{schemeBuilder(t)(Header("X-API-Key"))})
	resp := a.Render(context.Canceled)
	if resp.Status != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", resp.Status)
	}
	if string(resp.Body) != `{"detail":"Internal Server Error"}` {
		t.Errorf("body = %s", resp.Body)
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	for in, want := range map[time.Duration]string{
		0:                             "1",
		time.Nanosecond:               "1",
		time.Second:                   "1",
		time.Second + time.Nanosecond: "2",
		5 * time.Second:               "5",
	} {
		if got := retryAfterSeconds(in); got != want {
			t.Errorf("retryAfterSeconds(%v) = %q, want %q", in, got, want)
		}
	}
}
