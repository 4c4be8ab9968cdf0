// Command benchgen writes docs/BENCHMARKS.md from one benchmark run: the
// CSV that benchstat prints for the run's output, benchstat's text tables,
// and the load run's results. .ci/bench runs it, and that script shows how
// the inputs are made.
//
// Usage:
//
//	go run ./docs/benchgen -benchstat FILE -load FILE -o docs/BENCHMARKS.md [flags]
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

// run describes the machine and settings of the run, for the page's header.
type run struct {
	CPU              string
	Cores            string
	Go               string
	Date             string
	LoadAverage      string
	Count            string
	BenchTime        string
	LoadSettings     string
	BenchstatVersion string
}

func main() {
	var r run
	benchstatCSV := flag.String("benchstat", "", "`file` with benchstat -format csv output of the run")
	benchstatText := flag.String("benchstat-text", "", "comma-separated `files` with benchstat text tables, copied into the appendix")
	loadTSV := flag.String("load", "", "`file` with the load run's results, tab-separated; empty or header-only when there was no load run")
	out := flag.String("o", "docs/BENCHMARKS.md", "`file` to write")
	flag.StringVar(&r.CPU, "cpu", "unknown", "CPU model")
	flag.StringVar(&r.Cores, "cores", "unknown", "number of CPU cores")
	flag.StringVar(&r.Go, "go", "unknown", "Go version and platform")
	flag.StringVar(&r.Date, "date", "unknown", "UTC date and time when the run started")
	flag.StringVar(&r.LoadAverage, "loadavg", "unknown", "load averages (1, 5, 15 min) at the start and the end of the run")
	flag.StringVar(&r.Count, "count", "unknown", "runs of each benchmark")
	flag.StringVar(&r.BenchTime, "benchtime", "unknown", "-benchtime of each run")
	flag.StringVar(&r.LoadSettings, "load-settings", "", "wrk settings of the load run")
	flag.StringVar(&r.BenchstatVersion, "benchstat-version", "unknown", "version of golang.org/x/perf that ran benchstat")
	flag.Parse()

	if err := generate(r, *benchstatCSV, *benchstatText, *loadTSV, *out); err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
}

func generate(r run, csvPath, textPaths, loadPath, outPath string) error {
	if csvPath == "" {
		return errors.New("missing -benchstat: pass the file with benchstat's CSV output")
	}
	csvFile, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer csvFile.Close()
	results, err := parseBenchstat(csvFile)
	if err != nil {
		return fmt.Errorf("read %s: %w", csvPath, err)
	}

	var load []loadResult
	if loadPath != "" {
		data, err := os.ReadFile(loadPath)
		if err != nil {
			return err
		}
		if load, err = parseLoad(data); err != nil {
			return fmt.Errorf("read %s: %w", loadPath, err)
		}
	}

	var appendix []string
	for path := range strings.SplitSeq(textPaths, ",") {
		if path == "" {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		appendix = append(appendix, strings.TrimRight(string(data), "\n"))
	}

	var page bytes.Buffer
	if err := writePage(&page, r, results, load, appendix); err != nil {
		return err
	}
	return os.WriteFile(outPath, page.Bytes(), 0o644)
}
