# Pagewright — run `make help` for the targets.
.DEFAULT_GOAL := help
SHELL := bash

GO        ?= go
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X github.com/pagewright/pagewright/internal/cli.Version=$(VERSION)
BIN       := bin/pagewright
WEB_SRC   := $(shell find web/src web/public web/index.html web/package.json web/vite.config.ts web/tsconfig*.json -type f 2>/dev/null)
GO_SRC    := $(shell find cmd internal web -name '*.go' -type f 2>/dev/null)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# nodynamic: the WebP encoder runs its bundled WebAssembly libwebp rather
# than looking for a system one, so the binary stays static and behaves
# the same everywhere.
export GOFLAGS += -tags=nodynamic

.PHONY: help run build ui test test-go test-web bench lint fmt api-types clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: ui ## start Pagewright on http://localhost:8080 (SQLite and files in ./data; builds the UI when needed)
	CGO_ENABLED=0 $(GO) run -ldflags "$(LDFLAGS)" ./cmd/pagewright serve

build: $(BIN) ## build the single binary into bin/pagewright

$(BIN): ui $(GO_SRC) go.mod go.sum
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/pagewright

ui: web/dist/index.html ## build the web UI into web/dist (embedded by the Go build)

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && npm run build

test: ui test-go test-web ## run every test: Go (SQLite; PostgreSQL, Redis and Chromium when available) and web unit tests

test-go:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...

test-web: web/node_modules/.package-lock.json
	cd web && npm test

bench: build ## run the benchmarks and print their figures
	$(GO) test -p 1 -run '^$$' -bench . -benchmem ./... # -p 1: one benchmark at a time, each with the whole machine
	bash bench/server.sh
	bash bench/sites.sh
	bash bench/lighthouse.sh
	bash bench/templates.sh

lint: ## gofmt, go vet and staticcheck
	@out=$$(gofmt -l cmd internal web/*.go); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

fmt: ## format the Go code
	gofmt -w cmd internal web/*.go

api-types: ## regenerate the web client's types from the OpenAPI document
	cd web && npm run gen:api

clean: ## remove build output (not ./data)
	rm -rf bin web/dist/assets web/dist/index.html
