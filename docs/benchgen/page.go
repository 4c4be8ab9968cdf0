package main

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// writePage writes the whole Markdown page.
func writePage(w *bytes.Buffer, r run, rs results, load []loadResult, appendix []string) error {
	if _, ok := rs[corePkg]; !ok {
		return fmt.Errorf("no results for %s: the run must include the core's benchmarks", corePkg)
	}
	for _, f := range frameworks {
		if _, ok := rs[f.Pkg]; !ok {
			return fmt.Errorf("no results for %s: the run must include every adapter's benchmarks", f.Pkg)
		}
	}

	writeIntro(w, r)
	checks := evaluate(rs)
	writeTargets(w, checks)
	writeCauses(w, rs)
	for _, f := range frameworks {
		writeFramework(w, rs, f)
	}
	writeCore(w, rs)
	writeLoad(w, r, load)
	writeImplementations(w)
	writeClosingNote(w, r)

	fmt.Fprintf(w, "## Appendix: benchstat output\n\n")
	fmt.Fprintf(w, "The tables above are computed from these medians. In the first table,\n")
	fmt.Fprintf(w, "\"vs base\" compares each implementation with impl=bare.\n\n")
	for _, text := range appendix {
		fmt.Fprintf(w, "<details><summary>%s</summary>\n\n```\n%s\n```\n\n</details>\n\n",
			appendixTitle(text), text)
	}
	return nil
}

func appendixTitle(text string) string {
	if strings.Contains(text, "impl=") || strings.Contains(text, "│ bare") {
		return "BenchmarkAuth: every implementation side by side"
	}
	return "The other benchmarks: core and the adapters' own tests"
}

func writeIntro(w *bytes.Buffer, r run) {
	fmt.Fprintf(w, "# Benchmarks\n\n")
	fmt.Fprintf(w, "What API-key authentication costs per request with this library, next to\n")
	fmt.Fprintf(w, "the same route without authentication, the framework's own key-auth\n")
	fmt.Fprintf(w, "middleware where there is one, and a minimal hand-written middleware.\n\n")
	fmt.Fprintf(w, "`make bench` wrote this page from one run (`.ci/bench`, then\n")
	fmt.Fprintf(w, "`docs/benchgen`); edit those, not this file. Run it again to measure your\n")
	fmt.Fprintf(w, "own machine.\n\n")

	fmt.Fprintf(w, "| | |\n|---|---|\n")
	fmt.Fprintf(w, "| Date (UTC) | %s |\n", r.Date)
	fmt.Fprintf(w, "| CPU | %s, %s cores |\n", r.CPU, r.Cores)
	fmt.Fprintf(w, "| Go | %s |\n", r.Go)
	fmt.Fprintf(w, "| Load average (1, 5, 15 min) at start / end | %s |\n", r.LoadAverage)
	fmt.Fprintf(w, "| In-process runs | every benchmark %s times, `-benchtime %s`, test binaries run in turn |\n", r.Count, r.BenchTime)
	fmt.Fprintf(w, "| Summary | benchstat from golang.org/x/perf %s: median and 95%% confidence interval |\n", r.BenchstatVersion)
	if r.LoadSettings != "" {
		fmt.Fprintf(w, "| Load run | %s |\n", r.LoadSettings)
	}
	fmt.Fprintf(w, "\n")
	fmt.Fprintf(w, "The benchmarks run on one goroutine, so a load average above 1 means\n")
	fmt.Fprintf(w, "that other processes shared the cores during the run and widened the\n")
	fmt.Fprintf(w, "confidence intervals. Differences smaller than those intervals are noise.\n\n")
}

func writeTargets(w *bytes.Buffer, checks []check) {
	met := 0
	for _, ch := range checks {
		if ch.Met {
			met++
		}
	}
	fmt.Fprintf(w, "## Targets\n\n")
	fmt.Fprintf(w, "%d of %d checks met. Overhead is the median time per request minus the\n", met, len(checks))
	fmt.Fprintf(w, "median of impl=bare for the same request; the ratio divides this\n")
	fmt.Fprintf(w, "library's overhead by the other implementation's.\n\n")
	fmt.Fprintf(w, "| Target | Where | Measured | Result |\n|---|---|---|---|\n")
	for _, ch := range checks {
		result := ch.Verdict
		if !ch.Met {
			result = "**" + ch.Verdict + "**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", ch.Target, ch.Where, ch.Measured, result)
	}
	fmt.Fprintf(w, "\n")
}

// writeCauses splits this library's success-path overhead into the part
// that the FixedKeys validator takes and the rest, and compares
// allocations with the floor, for each framework.
func writeCauses(w *bytes.Buffer, rs results) {
	fmt.Fprintf(w, "## Where this library's time goes\n\n")
	fmt.Fprintf(w, "impl=apikey-compare is this library with the floor's validator (one\n")
	fmt.Fprintf(w, "constant-time compare) in place of FixedKeys. So apikey minus\n")
	fmt.Fprintf(w, "apikey-compare is the cost of FixedKeys. apikey-compare minus floor is the\n")
	fmt.Fprintf(w, "cost of everything else that the library does on the success path. The\n")
	fmt.Fprintf(w, "figures are for header-valid.\n\n")
	fmt.Fprintf(w, "| Framework | apikey overhead | FixedKeys (apikey − apikey-compare) | rest over floor (apikey-compare − floor) | allocs apikey / floor |\n")
	fmt.Fprintf(w, "|---|---|---|---|---|\n")
	for _, f := range frameworks {
		bare, ok1 := rs.get(f.Pkg, authName("bare", "header-valid"))
		lib, ok2 := rs.get(f.Pkg, authName("apikey", "header-valid"))
		compare, ok3 := rs.get(f.Pkg, authName("apikey-compare", "header-valid"))
		floor, ok4 := rs.get(f.Pkg, authName("floor", "header-valid"))
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %g / %g |\n", f.Name,
			formatDelta(lib.NsPerOp.Median-bare.NsPerOp.Median),
			formatDelta(lib.NsPerOp.Median-compare.NsPerOp.Median),
			formatDelta(compare.NsPerOp.Median-floor.NsPerOp.Median),
			lib.AllocsPerOp.Median, floor.AllocsPerOp.Median)
	}
	fmt.Fprintf(w, "\n")
	w.WriteString(causesText)
}

func writeFramework(w *bytes.Buffer, rs results, f framework) {
	impls := f.impls()
	fmt.Fprintf(w, "## %s\n\n", f.Name)
	fmt.Fprintf(w, "`%s`, BenchmarkAuth.\n\n", f.Pkg)

	fmt.Fprintf(w, "Time per request, median ± 95%% confidence interval:\n\n")
	writeMatrix(w, impls, func(impl, c string) string {
		r, ok := rs.get(f.Pkg, authName(impl, c))
		if !ok {
			return "–"
		}
		return formatNs(r.NsPerOp.Median) + " " + formatCI(r.NsPerOp)
	})

	fmt.Fprintf(w, "Overhead over bare, and for the accepted cases this library's overhead\n")
	fmt.Fprintf(w, "divided by it:\n\n")
	writeMatrix(w, impls[1:], func(impl, c string) string {
		bare, ok1 := rs.get(f.Pkg, authName("bare", c))
		r, ok2 := rs.get(f.Pkg, authName(impl, c))
		lib, ok3 := rs.get(f.Pkg, authName("apikey", c))
		if !ok1 || !ok2 || !ok3 {
			return "–"
		}
		over := r.NsPerOp.Median - bare.NsPerOp.Median
		cell := formatDelta(over)
		if impl != "apikey" && over > 0 && slices.Contains(successCases, c) {
			cell += fmt.Sprintf(" (%.2f×)", (lib.NsPerOp.Median-bare.NsPerOp.Median)/over)
		}
		return cell
	})

	fmt.Fprintf(w, "Memory per request, B/op and allocs/op:\n\n")
	writeMatrix(w, impls, func(impl, c string) string {
		r, ok := rs.get(f.Pkg, authName(impl, c))
		if !ok {
			return "–"
		}
		return fmt.Sprintf("%g B, %s", r.BytesPerOp.Median, formatAllocs(r.AllocsPerOp.Median))
	})
}

// writeMatrix writes a table with a row per case and a column per impl.
func writeMatrix(w *bytes.Buffer, impls []string, cell func(impl, c string) string) {
	fmt.Fprintf(w, "| case | %s |\n|---|%s\n", strings.Join(impls, " | "), strings.Repeat("---|", len(impls)))
	for _, c := range allCases {
		cells := make([]string, len(impls))
		for i, impl := range impls {
			cells[i] = cell(impl, c)
		}
		fmt.Fprintf(w, "| %s | %s |\n", c, strings.Join(cells, " | "))
	}
	fmt.Fprintf(w, "\n")
}

func writeCore(w *bytes.Buffer, rs results) {
	fmt.Fprintf(w, "## Core\n\n")
	fmt.Fprintf(w, "`%s`, with no framework. BenchmarkAuthenticateFixedKeys runs\n", corePkg)
	fmt.Fprintf(w, "Authenticate, and Render for a rejection, with FixedKeys holding 1, 10\n")
	fmt.Fprintf(w, "and 1,000 keys; BenchmarkExtract reads the key alone from each source.\n\n")
	fmt.Fprintf(w, "| benchmark | time/op | B/op | allocs/op |\n|---|---|---|---|\n")

	var names []string
	for _, n := range coreKeyCount {
		for _, c := range []string{"valid", "wrong", "missing"} {
			names = append(names, fmt.Sprintf("AuthenticateFixedKeys/keys=%d/%s", n, c))
		}
	}
	for _, source := range []string{"header", "bearer", "query", "query-escaped", "cookie"} {
		names = append(names, "Extract/"+source)
	}
	for _, name := range names {
		r, ok := rs.get(corePkg, name)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "| %s | %s %s | %g | %g |\n", name, formatNs(r.NsPerOp.Median),
			formatCI(r.NsPerOp), r.BytesPerOp.Median, r.AllocsPerOp.Median)
	}
	fmt.Fprintf(w, "\n")
}

func writeLoad(w *bytes.Buffer, r run, load []loadResult) {
	fmt.Fprintf(w, "## Load run over loopback\n\n")
	if len(load) == 0 {
		fmt.Fprintf(w, "This run left out the load run (BENCH_LOAD=0).\n\n")
		return
	}
	fmt.Fprintf(w, "`examples/loadtest` serves GET /bare and GET /protected (this library,\n")
	fmt.Fprintf(w, "X-API-Key header, FixedKeys with one key) on 127.0.0.1. wrk sends the same\n")
	fmt.Fprintf(w, "request with a valid key to each route in turn:\n`%s`.\n", r.LoadSettings)
	fmt.Fprintf(w, "wrk and the server share the machine's cores, so the client bounds the\n")
	fmt.Fprintf(w, "absolute figures too, and the ratio is the figure to compare. Each cell is\n")
	fmt.Fprintf(w, "the median of the rounds.\n\n")
	fmt.Fprintf(w, "| Framework | bare req/s | protected req/s | protected ÷ bare | bare p99 | protected p99 |\n")
	fmt.Fprintf(w, "|---|---|---|---|---|---|\n")

	for _, f := range frameworks {
		var rps, p99 [2][]float64
		for _, l := range load {
			if l.Framework != f.Load {
				continue
			}
			i := 0
			if l.Route == "protected" {
				i = 1
			}
			rps[i] = append(rps[i], l.RequestsPerSec)
			p99[i] = append(p99[i], l.P99Micros)
		}
		if len(rps[0]) == 0 || len(rps[1]) == 0 {
			continue
		}
		bare, protected := median(rps[0]), median(rps[1])
		fmt.Fprintf(w, "| %s | %.0f | %.0f | %.2f | %s | %s |\n", f.Name, bare, protected,
			protected/bare, formatMicros(median(p99[0])), formatMicros(median(p99[1])))
	}
	fmt.Fprintf(w, "\n")
}

// formatCI formats benchstat's confidence interval with a leading ±, which
// its CSV output leaves out.
func formatCI(s stat) string {
	ci := strings.TrimSpace(s.CI)
	if ci == "" || strings.HasPrefix(ci, "±") || ci == "∞" {
		return ci
	}
	return "± " + ci
}

func formatMicros(us float64) string {
	if us >= 1000 {
		return fmt.Sprintf("%.2f ms", us/1000)
	}
	return fmt.Sprintf("%.0f µs", us)
}

func writeImplementations(w *bytes.Buffer) {
	w.WriteString(implementationsText)
}

// writeClosingNote states how far the time figures can be trusted, from
// the load average at the start of the run, and what the run did to make
// them comparable.
func writeClosingNote(w *bytes.Buffer, r run) {
	fmt.Fprintf(w, "## Notes\n\n")
	start, _, _ := strings.Cut(r.LoadAverage, " ")
	if load, err := strconv.ParseFloat(start, 64); err == nil && load >= 1 {
		fmt.Fprintf(w, "- **This run shared the machine.** The load average at the start was %g,\n", load)
		fmt.Fprintf(w, "  so other processes were using the cores, and the time figures and every\n")
		fmt.Fprintf(w, "  time verdict above carry that noise. The allocation figures do not\n")
		fmt.Fprintf(w, "  depend on load. Run `make bench` on an idle machine before relying on a\n")
		fmt.Fprintf(w, "  time verdict.\n")
	}
	w.WriteString(closingText)
}
