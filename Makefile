# torg — build, run and test.
#
#   make build   compile bin/torg
#   make run     build and start a demo server on 127.0.0.1:8080
#   make deps    install test prerequisites (PostgreSQL, Chromium, e2e/node_modules)
#   make test    deps + lint + go test ./... against SQLite, a throwaway PostgreSQL and Chromium
#   make bench   the synthetic nation, the load harness, the machine's limits and Request
#                Tracker side by side; writes docs/bench/latest.md (TORG_BENCH_SCALE=small: 100k)
#   make bench-go  the go test benchmarks under ./internal/...
#   make drill   crash drill (100 SIGKILLs under write load) and the access matrix, long
#   make fuzz    run every fuzz target for FUZZTIME (default 10m) each
#   make lint    gofmt check + go vet
#   make clean   remove build and test artefacts

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

GO        ?= go
BIN       := bin/torg
DATA      ?= ./data
ADDR      ?= 127.0.0.1:8080
CHROMIUM  ?= /usr/bin/chromium
TESTFLAGS ?= -count=1 -timeout 15m
# How long make fuzz runs each fuzz target, and make test.
FUZZTIME       ?= 10m
FUZZTIME_TEST  ?= 3s
# sudo only when not already root
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Files gofmt should look at (skip testdata, dependencies and VCS dirs).
GOFILES    = $(shell find . -type f -name '*.go' -not -path './.git/*' -not -path './e2e/node_modules/*' -not -path '*/testdata/*' -not -path './vendor/*')

.PHONY: build run deps deps-system deps-e2e test bench bench-go drill fuzz lint clean

build:
	$(GO) build -o $(BIN) ./cmd/torg

run: build
	./$(BIN) serve --demo --data $(DATA) --addr $(ADDR)

deps: deps-system deps-e2e

# PostgreSQL server + Chromium from Debian, only if missing.
deps-system:
	@if [ -x $(CHROMIUM) ] && compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then \
		echo "deps: chromium and postgresql already installed"; \
	else \
		echo "deps: installing postgresql and chromium via apt-get"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q postgresql chromium; \
	fi

# axe-core for the accessibility checks in the e2e tests.
deps-e2e:
	@if [ -d e2e/node_modules/axe-core ] && [ ! e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then \
		echo "deps: e2e/node_modules up to date"; \
	elif [ -f e2e/package-lock.json ]; then \
		cd e2e && npm ci --no-audit --no-fund; \
	else \
		cd e2e && npm install --no-audit --no-fund; \
	fi

# The test database is always stopped afterwards (also on failure or Ctrl-C);
# the exit status is that of go test.
test: deps lint
	@url=$$(scripts/testdb.sh start); \
	trap 'scripts/testdb.sh stop' EXIT; \
	trap 'exit 130' INT TERM; \
	status=0; \
	echo "TORG_TEST_POSTGRES=$$url TORG_E2E_CHROMIUM=$(CHROMIUM) $(GO) test $(TESTFLAGS) ./..."; \
	TORG_TEST_POSTGRES="$$url" TORG_E2E_CHROMIUM="$(CHROMIUM)" $(GO) test $(TESTFLAGS) ./... || status=$$?; \
	if [ $$status -eq 0 ]; then GO=$(GO) scripts/fuzz.sh $(FUZZTIME_TEST) || status=$$?; fi; \
	exit $$status

bench: deps-system
	scripts/bench.sh

bench-go:
	$(GO) test -p 1 -timeout 60m -run '^$$' -bench . -benchmem ./internal/...

# The long drills of docs/benchmarks.md; the short ones run in make test.
drill: build
	./$(BIN) drill crash --kills 100 --json bin/drill-crash.json
	TORG_DRILL_LONG=1 $(GO) test -count=1 -run AccessMatrix ./internal/app/

fuzz:
	GO=$(GO) scripts/fuzz.sh $(FUZZTIME)

lint:
	@files=$$(gofmt -l $(GOFILES) </dev/null); \
	if [ -n "$$files" ]; then echo "gofmt needed for:"; echo "$$files"; exit 1; fi
	$(GO) vet ./...

clean:
	-@scripts/testdb.sh stop 2>/dev/null
	rm -rf bin .testdb e2e/screenshots
	rm -f coverage.out coverage.html *.coverprofile
