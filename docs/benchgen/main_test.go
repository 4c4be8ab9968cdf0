package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleCSV is benchstat -format csv output in the shape that .ci/bench
// produces, cut down to one framework and the core.
const sampleCSV = `goos: linux
goarch: amd64
pkg: github.com/go-apikey/apikey/adapters/echoapikey
cpu: AMD EPYC
,bench.txt,
,sec/op,CI
Auth/impl=bare/case=header-valid-2,2e-07,1%
Auth/impl=apikey/case=header-valid-2,5e-07,2%
Auth/impl=echo-keyauth/case=header-valid-2,6e-07,2%
Auth/impl=floor/case=header-valid-2,3e-07,1%
Auth/impl=apikey/case=missing-2,4e-07,1%
geomean,3e-07,

,bench.txt,
,B/op,CI
Auth/impl=apikey/case=header-valid-2,832,0%
Auth/impl=echo-keyauth/case=header-valid-2,496,0%
geomean,600,

,bench.txt,
,allocs/op,CI
Auth/impl=apikey/case=header-valid-2,8,0%
Auth/impl=echo-keyauth/case=header-valid-2,6,0%
geomean,7,

pkg: github.com/go-apikey/apikey/core
,bench.txt,
,allocs/op,CI
AuthenticateFixedKeys/keys=1/valid-2,0,0%
`

func TestParseBenchstat(t *testing.T) {
	rs, err := parseBenchstat(strings.NewReader(sampleCSV))
	if err != nil {
		t.Fatal(err)
	}
	echo := modulePath + "/adapters/echoapikey"

	r, ok := rs.get(echo, "Auth/impl=apikey/case=header-valid")
	if !ok {
		t.Fatal("no result for Auth/impl=apikey/case=header-valid")
	}
	if r.NsPerOp.Median != 500 {
		t.Errorf("ns/op = %v, want 500", r.NsPerOp.Median)
	}
	if r.NsPerOp.CI != "2%" {
		t.Errorf("CI = %q, want %q", r.NsPerOp.CI, "2%")
	}
	if r.BytesPerOp.Median != 832 {
		t.Errorf("B/op = %v, want 832", r.BytesPerOp.Median)
	}
	if r.AllocsPerOp.Median != 8 {
		t.Errorf("allocs/op = %v, want 8", r.AllocsPerOp.Median)
	}
	if _, ok := rs.get(echo, "geomean"); ok {
		t.Error("geomean row was read as a benchmark")
	}
	if r, ok := rs.get(corePkg, "AuthenticateFixedKeys/keys=1/valid"); !ok || !r.AllocsPerOp.Valid {
		t.Error("no allocs/op for the core's FixedKeys benchmark")
	}
}

func TestParseBenchstatRejectsOtherInput(t *testing.T) {
	if _, err := parseBenchstat(strings.NewReader("PASS\nok\n")); err == nil {
		t.Error("parseBenchstat accepted input with no results")
	}
}

func TestEvaluateVerdicts(t *testing.T) {
	rs, err := parseBenchstat(strings.NewReader(sampleCSV))
	if err != nil {
		t.Fatal(err)
	}
	byTarget := map[string]check{}
	for _, ch := range evaluate(rs) {
		byTarget[ch.Target+" | "+ch.Where] = ch
	}

	tests := []struct {
		key     string
		met     bool
		verdict string
	}{
		// apikey adds 300 ns, echo-keyauth 400 ns: 0.75×.
		{"Success overhead no more than the framework's key-auth | Echo v4, header-valid", true, "met"},
		// The floor adds 100 ns, so the limit is 125 ns: 175 ns over.
		{"Success overhead within 1.25× the hand-written floor | Echo v4, header-valid", false, "missed by 175 ns"},
		{"Adapter allocates no more than the framework's key-auth | Echo v4, header-valid", false, "missed by 2 allocs"},
		{"Rejection costs no more than success | Echo v4, missing", true, "met"},
		{"Core success path with FixedKeys makes 0 allocations | core, 1 key", true, "met"},
	}
	for _, tt := range tests {
		ch, ok := byTarget[tt.key]
		if !ok {
			t.Errorf("no check %q", tt.key)
			continue
		}
		if ch.Met != tt.met {
			t.Errorf("%s: met = %v, want %v (%s)", tt.key, ch.Met, tt.met, ch.Verdict)
		}
		if !strings.HasPrefix(ch.Verdict, tt.verdict) {
			t.Errorf("%s: verdict %q does not start with %q", tt.key, ch.Verdict, tt.verdict)
		}
	}
}

func TestParseLoad(t *testing.T) {
	data := "framework\troute\tround\trequests_per_sec\tp99_us\n" +
		"gin\tbare\t1\t50000.5\t812\n" +
		"gin\tprotected\t1\t45000\t1930\n"
	load, err := parseLoad([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(load) != 2 {
		t.Fatalf("got %d results, want 2", len(load))
	}
	if load[1].RequestsPerSec != 45000 || load[1].P99Micros != 1930 {
		t.Errorf("second result = %+v, want 45000 req/s and 1930 µs", load[1])
	}
	if _, err := parseLoad([]byte("header\ngin\tbare\n")); err == nil {
		t.Error("parseLoad accepted a line with 2 fields")
	}
}

func TestGenerateRequiresEveryModule(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "benchstat.csv")
	if err := os.WriteFile(csvPath, []byte(sampleCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	err := generate(run{}, csvPath, "", "", filepath.Join(dir, "BENCHMARKS.md"))
	if err == nil || !strings.Contains(err.Error(), "every adapter") {
		t.Errorf("generate error = %v, want one about a missing adapter", err)
	}
}

func TestWriteLoadTable(t *testing.T) {
	load := []loadResult{
		{Framework: "fiber", Route: "bare", RequestsPerSec: 100000, P99Micros: 900},
		{Framework: "fiber", Route: "protected", RequestsPerSec: 90000, P99Micros: 1200},
	}
	var page bytes.Buffer
	writeLoad(&page, run{LoadSettings: "wrk -t1"}, load)
	if want := "| Fiber v2 | 100000 | 90000 | 0.90 | 900 µs | 1.20 ms |"; !strings.Contains(page.String(), want) {
		t.Errorf("load table lacks the row %q:\n%s", want, page.String())
	}
}
