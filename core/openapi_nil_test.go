package core_test

import (
	"strings"
	"testing"

	"github.com/go-apikey/apikey/core"
)

func TestOpenAPINilArguments(t *testing.T) {
	s := newOpenAPISchemes(t)
	ops := []core.Operation{{Method: "GET", Path: "/a", Schemes: []*core.Scheme{s.header}}}
	base := []byte(`{"openapi":"3.1.0"}`)
	o, err := core.NewOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var nilOpenAPI *core.OpenAPI
	var r core.Recorder

	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"Build on nil OpenAPI", func() error {
			_, err := nilOpenAPI.Build(ops)
			return err
		}, "nil *OpenAPI"},
		{"Merge on nil OpenAPI", func() error {
			_, err := nilOpenAPI.Merge(base, ops)
			return err
		}, "nil *OpenAPI"},
		{"BuildFrom on nil OpenAPI", func() error {
			_, err := nilOpenAPI.BuildFrom(&r)()
			return err
		}, "nil *OpenAPI"},
		{"MergeFrom on nil OpenAPI", func() error {
			_, err := nilOpenAPI.MergeFrom(base, &r)()
			return err
		}, "nil *OpenAPI"},
		{"BuildFrom nil Recorder", func() error {
			_, err := o.BuildFrom(nil)()
			return err
		}, "nil *Recorder"},
		{"MergeFrom nil Recorder", func() error {
			_, err := o.MergeFrom(base, nil)()
			return err
		}, "nil *Recorder"},
		{"Record on nil Recorder", func() error {
			var nilRecorder *core.Recorder
			return nilRecorder.Record(ops[0])
		}, "nil *Recorder"},
		{"RecordRoute on nil Recorder", func() error {
			var nilRecorder *core.Recorder
			return nilRecorder.RecordRoute(core.SyntaxServeMux, "GET", "/a", ops[0].Schemes, false)
		}, "nil *Recorder"},
		{"NewDocs nil DocumentFunc", func() error {
			_, err := core.NewDocs(nil)
			return err
		}, "nil DocumentFunc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer failOnPanic(t)
			err := tt.call()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestRecorderNilOperations(t *testing.T) {
	defer failOnPanic(t)
	var r *core.Recorder
	if ops := r.Operations(); len(ops) != 0 {
		t.Errorf("Operations on a nil Recorder = %v, want none", ops)
	}
}
