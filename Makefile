# Commands for working on go-apikey. Run them from the repository root.

# ADDR is the address the example servers listen on.
ADDR ?= 127.0.0.1:8000

.PHONY: test run-gin run-echo run-fiber run-nethttp

# test checks every module listed in go.work: gofmt, go vet, go test -race,
# and a build with GOWORK=off, which fails when a go.mod lacks a require.
test:
	bash .ci/test-modules

run-gin:
	go run ./examples/gin -addr $(ADDR)

run-echo:
	go run ./examples/echo -addr $(ADDR)

run-fiber:
	go run ./examples/fiber -addr $(ADDR)

run-nethttp:
	go run ./examples/nethttp -addr $(ADDR)

.PHONY: bench bench-quick

# bench runs every benchmark BENCH_COUNT times (default 6), the load run
# over loopback with wrk, and writes docs/BENCHMARKS.md; see .ci/bench for
# its settings.
bench:
	bash .ci/bench

# bench-quick runs every benchmark for one iteration, with no load run, so
# that CI notices a broken benchmark.
bench-quick:
	bash .ci/bench --quick
