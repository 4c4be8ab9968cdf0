# Commands for working on go-apikey. Run them from the repository root.

# ADDR is the address the example servers listen on.
ADDR ?= 127.0.0.1:8000
# SWAGGER_UI, when set, is the base URL of the Swagger UI assets that the
# examples' /docs page loads, such as a local copy of swagger-ui-dist;
# empty keeps the examples' public default.
SWAGGER_UI ?=
RUN_FLAGS = -addr $(ADDR) $(if $(SWAGGER_UI),-swagger-ui $(SWAGGER_UI))

.PHONY: test run-gin run-echo run-fiber run-nethttp

# test checks every module listed in go.work: gofmt, go vet, go test -race,
# and a build with GOWORK=off, which fails when a go.mod lacks a require.
test:
	bash .ci/test-modules

run-gin:
	go run ./examples/gin $(RUN_FLAGS)

run-echo:
	go run ./examples/echo $(RUN_FLAGS)

run-fiber:
	go run ./examples/fiber $(RUN_FLAGS)

run-nethttp:
	go run ./examples/nethttp $(RUN_FLAGS)

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
