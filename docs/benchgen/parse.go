package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// stat is one benchstat summary: the median of a benchmark's runs and the
// 95% confidence interval around it, as benchstat prints it ("± 2%", or
// "∞" with fewer than 6 runs).
type stat struct {
	Median float64
	CI     string
	Valid  bool
}

// result contains the summaries of the three units that go test -benchmem
// reports.
type result struct {
	NsPerOp, BytesPerOp, AllocsPerOp stat
}

// results maps a package import path and a benchmark name, without the
// Benchmark prefix and the -GOMAXPROCS suffix, to its summary.
type results map[string]map[string]*result

func (rs results) get(pkg, name string) (*result, bool) {
	r, ok := rs[pkg][name]
	return r, ok
}

// goprocsSuffix is the -N that go test appends to a benchmark name when
// GOMAXPROCS is not 1.
var goprocsSuffix = regexp.MustCompile(`-\d+$`)

// parseBenchstat reads benchstat's -format csv output for a single input
// file: configuration lines such as "pkg: example.com/x", then one table
// per unit, each with two header rows and a row per benchmark.
func parseBenchstat(r io.Reader) (results, error) {
	reader := csv.NewReader(r)
	reader.FieldsPerRecord = -1
	out := results{}
	pkg, unit := "", ""

	for {
		record, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}

		if len(record) == 1 {
			if value, ok := strings.CutPrefix(record[0], "pkg: "); ok {
				pkg = value
			}
			continue
		}
		if len(record) < 2 {
			continue
		}
		if record[0] == "" {
			// A header row: the second one names the unit.
			if strings.HasSuffix(record[1], "/op") {
				unit = record[1]
			}
			continue
		}
		if record[0] == "geomean" || pkg == "" {
			continue
		}

		value, err := strconv.ParseFloat(record[1], 64)
		if err != nil {
			return nil, fmt.Errorf("benchmark %s: invalid %s value %q", record[0], unit, record[1])
		}
		s := stat{Median: value, Valid: true}
		if len(record) > 2 {
			s.CI = record[2]
		}

		name := goprocsSuffix.ReplaceAllString(record[0], "")
		if out[pkg] == nil {
			out[pkg] = map[string]*result{}
		}
		res := out[pkg][name]
		if res == nil {
			res = &result{}
			out[pkg][name] = res
		}
		switch unit {
		case "sec/op":
			s.Median *= 1e9
			res.NsPerOp = s
		case "B/op":
			res.BytesPerOp = s
		case "allocs/op":
			res.AllocsPerOp = s
		}
	}

	if len(out) == 0 {
		return nil, errors.New("no benchmark results: is it benchstat's CSV output?")
	}
	return out, nil
}

// loadResult is one measured interval of the load run.
type loadResult struct {
	Framework      string
	Route          string
	RequestsPerSec float64
	P99Micros      float64
}

// parseLoad reads the tab-separated load results that .ci/bench writes:
// a header row, then framework, route, round, requests per second and the
// 99th-percentile latency in microseconds.
func parseLoad(data []byte) ([]loadResult, error) {
	var out []loadResult
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if i == 0 || line == "" {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 5 {
			return nil, fmt.Errorf("line %d: %d fields, want 5", i+1, len(fields))
		}
		rps, err := strconv.ParseFloat(fields[3], 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: invalid requests per second %q", i+1, fields[3])
		}
		p99, err := strconv.ParseFloat(fields[4], 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: invalid p99 latency %q", i+1, fields[4])
		}
		out = append(out, loadResult{Framework: fields[0], Route: fields[1], RequestsPerSec: rps, P99Micros: p99})
	}
	return out, nil
}

// median returns the median of values, which must not be empty.
func median(values []float64) float64 {
	sorted := slices.Sorted(slices.Values(values))
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}
