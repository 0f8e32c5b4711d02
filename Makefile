# Every target installs what it needs first (idempotently), then runs.
SHELL := /bin/bash
WASM := $(or $(CARGO_TARGET_DIR),target)/wasm32-unknown-unknown/release/lts_kafka.wasm
# The features rustc enables by default for wasm32-unknown-unknown; wasm-opt must keep them.
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	--enable-mutable-globals --enable-reference-types --enable-multivalue
# What wasm-opt may assume of this module: it never reads the first 1 KiB of memory (Rust's data
# starts at 1 MiB), and a fresh instance's memory is zeroed (it is never imported). It also drops
# the target_features section (a note for tools, read by no runtime: 105 B gzip).
WASM_OPT_ASSUME := --low-memory-unused --zero-filled-memory --strip-target-features
TARBALL := target/package/lts-kafka.tgz

.PHONY: all build pack demo test lint test-rust test-wasm test-node fuzz setup-build setup-test bench bench-smoke
FUZZ_SECONDS ?= 60

all: test

setup-build:
	.ci/setup.sh rust wasm-bindgen npm

setup-test: setup-build
	.ci/setup.sh chromium

## build: the npm package in pkg/ (one release build, wasm-bindgen's web glue, wasm-opt -Oz
## --converge from the npm binaryen package, the template)
build: setup-build
	cargo build --release --target wasm32-unknown-unknown
	rm -rf pkg
	wasm-bindgen --target web --omit-default-module-path --remove-name-section --remove-producers-section --out-dir pkg --out-name lts_kafka $(WASM)
	node_modules/.bin/wasm-opt -Oz $(WASM_OPT_ASSUME) --converge $(WASM_FEATURES) pkg/lts_kafka_bg.wasm -o pkg/lts_kafka_bg.wasm
	node .ci/build-pkg.mjs

## pack: the npm tarball, as target/package/lts-kafka.tgz
pack: build
	mkdir -p target/package
	rm -f target/package/*.tgz
	cd pkg && npm pack --silent --pack-destination ../target/package >/dev/null
	mv target/package/lts-kafka-*.tgz $(TARBALL)
	@echo "packed $(TARBALL) ($$(stat -c %s $(TARBALL)) bytes)"

## demo: a client from the region and the environment (no project id) onboards a stream by
## name, then an example instance is registered and a transfer round run, through the built
## package from Node (local endpoint, or the real service when LTS_REGION and credentials are
## set: CONTRIBUTING.md), then serve the admin console until Ctrl-C (DEMO_NO_SERVE=1: exit after
## the Node example)
demo: build
	node tests/demo.mjs
	@if [ -z "$$DEMO_NO_SERVE" ]; then node tests/console/serve.mjs --port $${DEMO_PORT:-8080}; fi

lint: setup-build
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -- -D warnings
	LTS_TEST_ENDPOINT=http://127.0.0.1:1 cargo clippy --target wasm32-unknown-unknown --tests -- -D warnings

test-rust: setup-build
	cargo test

test-wasm: setup-test
	.ci/wasm-tests.sh

## test-node: the local endpoint's tests, and the packed package in every runtime (Node
## 20/22/24, Deno, Bun, Chromium, Vite, workerd, Vercel edge), typings, exports, size budget,
## the signing property test and the fault-injection load test
test-node: pack setup-test
	node --test tests/local-lts/ tests/package/ tests/console/ tests/demo.test.mjs

## fuzz: both fuzz targets, FUZZ_SECONDS each (make fuzz FUZZ_SECONDS=600 for a long run)
fuzz: setup-build
	.ci/setup.sh fuzz
	mkdir -p fuzz/target
	cd fuzz && for target in validate response redact; do \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run $$target -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    > target/fuzz-$$target.log 2>&1; \
	  status=$$?; \
	  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY)" target/fuzz-$$target.log \
	    | sed "s/^/$$target: /"; \
	  if [ $$status -ne 0 ]; then tail -n 40 target/fuzz-$$target.log; exit 1; fi; \
	done

## bench: every benchmark section (about 3 minutes), written to bench/results.md and
## bench/results.json (git-ignored) and printed
bench: pack
	node bench/run.mjs

## bench-smoke: every section with small counts (under 30 s); fails unless each produced numbers
bench-smoke: pack
	BENCH_SMOKE=1 node bench/run.mjs

## test: everything, in order of speed, with a short fuzzing run and the benchmark's smoke run
test: lint test-rust test-wasm test-node
	$(MAKE) bench-smoke
	$(MAKE) fuzz FUZZ_SECONDS=10
