package reftest

import (
	"bytes"
	"strings"
	"testing"
)

func TestValidateOpenAPIGolden(t *testing.T) {
	for _, err := range ValidateOpenAPI(GoldenDocument) {
		t.Errorf("openapi.golden.json: %v", err)
	}
}

// TestValidateOpenAPIBroken checks that the validator rejects copies of
// the golden document with one deliberate error each, so that a passing
// validation of the examples means something.
func TestValidateOpenAPIBroken(t *testing.T) {
	tests := []struct {
		name string
		old  string // text of the golden document to replace, once
		new  string
		want string // text that some error must contain
	}{
		{
			name: "unknown apiKey location",
			old:  `"in": "cookie"`,
			new:  `"in": "body"`,
			want: "APIKeyCookie.in",
		},
		{
			name: "apiKey without name",
			old:  `"name": "api_key",`,
			new:  ``,
			want: "name",
		},
		{
			name: "info without title",
			old:  `"title": "go-apikey reference application",`,
			new:  ``,
			want: "title",
		},
		{
			name: "security requirement not a list",
			old:  `"APIKeyQuery": []`,
			new:  `"APIKeyQuery": "read"`,
			want: "array",
		},
		{
			name: "path without leading slash",
			old:  `"/data/": {`,
			new:  `"data/": {`,
			want: "$.paths",
		},
		{
			name: "undefined scheme name",
			old:  `"APIKeyCookie": []`,
			new:  `"SessionCookie": []`,
			want: `"SessionCookie"`,
		},
		{
			name: "unsupported OpenAPI version",
			old:  `"openapi": "3.1.0"`,
			new:  `"openapi": "4.0.0"`,
			want: "4.0.0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if bytes.Count(GoldenDocument, []byte(tt.old)) != 1 {
				t.Fatalf("the golden document does not contain %q exactly once", tt.old)
			}
			broken := bytes.Replace(GoldenDocument, []byte(tt.old), []byte(tt.new), 1)

			errs := ValidateOpenAPI(broken)
			if len(errs) == 0 {
				t.Fatalf("ValidateOpenAPI accepted a document with %s", tt.name)
			}
			var messages []string
			for _, err := range errs {
				messages = append(messages, err.Error())
			}
			if all := strings.Join(messages, "\n"); !strings.Contains(all, tt.want) {
				t.Errorf("no error mentions %q; errors:\n%s", tt.want, all)
			}
		})
	}
}
