package core_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-apikey/apikey/core"
)

// FuzzMerge checks that Merge returns an error instead of panicking for any
// input, that what it returns is valid JSON, and that merging the same
// operations into its own output changes nothing.
func FuzzMerge(f *testing.F) {
	for _, seed := range []string{
		userDocument,
		`{"openapi":"3.1.0"}`,
		`{"openapi":"3.0.3","paths":{"/a":{"get":{"security":[]}}},"components":{}}`,
		`{"openapi":"3.1.0","x":"\ud83d\ude00 \u00e9 \\u <>&"}`,
		`{"openapi":"3.1.0","x":"\ud800"}`,
		`{"openapi":"3.1.0","openapi":"3.1.0"}`,
		nestedArrays(999),
		nestedArrays(1000),
		"{\"openapi\":\"3.1.0\",\"x\":\"\xff\"}",
		`{"openapi":3.1}`,
		`[]`,
	} {
		f.Add([]byte(seed))
	}

	header, err := core.Header("X-API-Key")
	if err != nil {
		f.Fatal(err)
	}
	bearer, err := core.Authorization("Bearer")
	if err != nil {
		f.Fatal(err)
	}
	ops := []core.Operation{
		{Method: "GET", Path: "/a", Schemes: []*core.Scheme{header}},
		{Method: "POST", Path: "/users/{id}", Schemes: []*core.Scheme{bearer, header}, Optional: true},
	}
	o, err := core.NewOpenAPI(core.WithErrorResponses())
	if err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, doc []byte) {
		out, err := o.Merge(doc, ops)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "apikey: ") {
				t.Errorf("error %q lacks the apikey: prefix", err)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("Merge returned invalid JSON:\n%s", out)
		}

		again, err := o.Merge(out, ops)
		if err != nil {
			t.Fatalf("Merge of its own output failed: %v\n%s", err, out)
		}
		if !bytes.Equal(again, out) {
			t.Errorf("Merge of its own output changed it:\nfirst\n%s\nsecond\n%s", out, again)
		}
	})
}
