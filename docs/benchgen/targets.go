package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

const (
	modulePath = "github.com/go-apikey/apikey"
	corePkg    = modulePath + "/core"

	// floorLimit is how many times the hand-written floor's overhead this
	// library's overhead may be.
	floorLimit = 1.25
)

// framework is one adapter module and the benchmarks that it runs.
type framework struct {
	Name   string
	Pkg    string
	Native string // sub-benchmark impl name of the framework's own key-auth, or ""
	Load   string // -framework name of examples/loadtest
}

var frameworks = []framework{
	{Name: "net/http", Pkg: modulePath + "/adapters/httpapikey", Load: "nethttp"},
	{Name: "Gin", Pkg: modulePath + "/adapters/ginapikey", Load: "gin"},
	{Name: "Echo v4", Pkg: modulePath + "/adapters/echoapikey", Native: "echo-keyauth", Load: "echo"},
	{Name: "Fiber v2", Pkg: modulePath + "/adapters/fiberapikey", Native: "fiber-keyauth", Load: "fiber"},
}

var (
	allCases     = []string{"header-valid", "query-valid", "cookie-valid", "missing", "wrong"}
	successCases = allCases[:3]
	coreKeyCount = []int{1, 10, 1000}
)

// impls returns the implementations that f benchmarks, bare first.
func (f framework) impls() []string {
	impls := []string{"bare", "apikey", "apikey-compare"}
	if f.Native != "" {
		impls = append(impls, f.Native)
	}
	return append(impls, "floor")
}

func authName(impl, c string) string { return "Auth/impl=" + impl + "/case=" + c }

// check is one comparison that a target requires.
type check struct {
	Target   string
	Where    string
	Measured string
	Met      bool
	Verdict  string
}

// ciFraction returns benchstat's confidence interval as a fraction of the
// median: 0.03 for "± 3%", 0 for "± 0%" and +Inf when benchstat gave none.
func ciFraction(s stat) float64 {
	text := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s.CI), "±"))
	text = strings.TrimSpace(strings.TrimSuffix(text, "%"))
	pct, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return math.Inf(1)
	}
	return pct / 100
}

// spread returns the half-width of s's confidence interval in its unit.
func spread(s stat) float64 { return s.Median * ciFraction(s) }

// noiseNote returns a note for a comparison whose margin is smaller than
// the confidence intervals of the medians it was computed from.
func noiseNote(margin, noise float64) string {
	if math.Abs(margin) <= noise {
		return " (within the confidence intervals)"
	}
	return ""
}

// overheadChecks compares this library's added time over the bare route
// with that of impl, which may add at most limit times as much.
func overheadChecks(rs results, f framework, impl string, limit float64, target string) []check {
	var out []check
	for _, c := range successCases {
		bare, ok1 := rs.get(f.Pkg, authName("bare", c))
		lib, ok2 := rs.get(f.Pkg, authName("apikey", c))
		other, ok3 := rs.get(f.Pkg, authName(impl, c))
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		libOver := lib.NsPerOp.Median - bare.NsPerOp.Median
		otherOver := other.NsPerOp.Median - bare.NsPerOp.Median
		ch := check{
			Target:   target,
			Where:    f.Name + ", " + c,
			Measured: fmt.Sprintf("apikey %s, %s %s", formatDelta(libOver), impl, formatDelta(otherOver)),
		}
		if otherOver <= 0 {
			ch.Verdict = impl + " adds no measurable time, so there is no ratio"
			out = append(out, ch)
			continue
		}

		ratio := libOver / otherOver
		margin := libOver - limit*otherOver
		noise := spread(lib.NsPerOp) + limit*spread(other.NsPerOp) + math.Abs(limit-1)*spread(bare.NsPerOp)
		ch.Measured += fmt.Sprintf(": %.2f×", ratio)
		ch.Met = margin <= 0
		if ch.Met {
			ch.Verdict = "met" + noiseNote(margin, noise)
		} else {
			ch.Verdict = fmt.Sprintf("missed by %s (%.0f%% over the limit of %.2f×)%s",
				formatNs(margin), (ratio/limit-1)*100, limit, noiseNote(margin, noise))
		}
		out = append(out, ch)
	}
	return out
}

// allocChecks compares this library's allocations per request with the
// framework's own key-auth middleware, case by case.
func allocChecks(rs results, f framework) []check {
	var out []check
	for _, c := range allCases {
		lib, ok1 := rs.get(f.Pkg, authName("apikey", c))
		native, ok2 := rs.get(f.Pkg, authName(f.Native, c))
		if !ok1 || !ok2 {
			continue
		}
		libAllocs, nativeAllocs := lib.AllocsPerOp.Median, native.AllocsPerOp.Median
		ch := check{
			Target: "Adapter allocates no more than the framework's key-auth",
			Where:  f.Name + ", " + c,
			Measured: fmt.Sprintf("apikey %s (%g B), %s %s (%g B)", formatAllocs(libAllocs),
				lib.BytesPerOp.Median, f.Native, formatAllocs(nativeAllocs), native.BytesPerOp.Median),
			Met: libAllocs <= nativeAllocs,
		}
		ch.Verdict = "met"
		if !ch.Met {
			ch.Verdict = "missed by " + formatAllocs(libAllocs-nativeAllocs)
		}
		out = append(out, ch)
	}
	return out
}

// rejectionChecks compares the time of each rejection with the time of
// the accepted request that reads the same source, for the benchmark names
// that name returns.
func rejectionChecks(rs results, pkg, where string, name func(c string) string, success string, rejections []string) []check {
	var out []check
	ok, found := rs.get(pkg, name(success))
	if !found {
		return nil
	}
	for _, c := range rejections {
		rejected, found := rs.get(pkg, name(c))
		if !found {
			continue
		}
		margin := rejected.NsPerOp.Median - ok.NsPerOp.Median
		ch := check{
			Target:   "Rejection costs no more than success",
			Where:    where + ", " + c,
			Measured: fmt.Sprintf("%s %s, %s %s", c, formatNs(rejected.NsPerOp.Median), success, formatNs(ok.NsPerOp.Median)),
			Met:      margin <= 0,
		}
		noise := noiseNote(margin, spread(rejected.NsPerOp)+spread(ok.NsPerOp))
		if ch.Met {
			ch.Verdict = "met" + noise
		} else {
			ch.Verdict = fmt.Sprintf("missed by %s (%.0f%%)%s", formatNs(margin), margin/ok.NsPerOp.Median*100, noise)
		}
		out = append(out, ch)
	}
	return out
}

// evaluate returns every check that the targets require, in the order of
// the page.
func evaluate(rs results) []check {
	var out []check
	for _, f := range frameworks {
		if f.Native != "" {
			out = append(out, overheadChecks(rs, f, f.Native, 1,
				"Success overhead no more than the framework's key-auth")...)
		}
	}
	for _, f := range frameworks {
		out = append(out, overheadChecks(rs, f, "floor", floorLimit,
			fmt.Sprintf("Success overhead within %.2f× the hand-written floor", floorLimit))...)
	}

	for _, n := range coreKeyCount {
		name := fmt.Sprintf("AuthenticateFixedKeys/keys=%d/valid", n)
		if r, ok := rs.get(corePkg, name); ok {
			ch := check{
				Target:   "Core success path with FixedKeys makes 0 allocations",
				Where:    coreWhere(n),
				Measured: fmt.Sprintf("%s, %g B", formatAllocs(r.AllocsPerOp.Median), r.BytesPerOp.Median),
				Met:      r.AllocsPerOp.Median == 0,
			}
			ch.Verdict = "met"
			if !ch.Met {
				ch.Verdict = "missed by " + formatAllocs(r.AllocsPerOp.Median)
			}
			out = append(out, ch)
		}
	}
	for _, f := range frameworks {
		if f.Native != "" {
			out = append(out, allocChecks(rs, f)...)
		}
	}

	for _, f := range frameworks {
		name := func(c string) string { return authName("apikey", c) }
		out = append(out, rejectionChecks(rs, f.Pkg, f.Name, name, "header-valid", []string{"missing", "wrong"})...)
	}
	for _, n := range coreKeyCount {
		name := func(c string) string { return fmt.Sprintf("AuthenticateFixedKeys/keys=%d/%s", n, c) }
		out = append(out, rejectionChecks(rs, corePkg, coreWhere(n), name, "valid", []string{"missing", "wrong"})...)
	}
	return out
}

// coreWhere names the core benchmark whose FixedKeys validator holds n keys.
func coreWhere(n int) string {
	if n == 1 {
		return "core, 1 key"
	}
	return fmt.Sprintf("core, %d keys", n)
}

// formatAllocs formats a number of allocations per request.
func formatAllocs(n float64) string {
	if n == 1 {
		return "1 alloc"
	}
	return fmt.Sprintf("%g allocs", n)
}

// formatNs formats a duration in nanoseconds: whole nanoseconds from 100
// up, one decimal below.
func formatNs(ns float64) string {
	if math.Abs(ns) >= 100 {
		return fmt.Sprintf("%.0f ns", ns)
	}
	return fmt.Sprintf("%.1f ns", ns)
}

// formatDelta formats a difference in nanoseconds with its sign.
func formatDelta(ns float64) string {
	if ns < 0 {
		return "−" + formatNs(-ns)
	}
	return "+" + formatNs(ns)
}
