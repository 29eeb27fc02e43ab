# Liner: `make run` builds and starts the app in sandbox mode; `make test` runs every check.
# Both install what they need first, skipping what is already there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

CARGO_LEPTOS_VERSION := 0.3.10
CARGO_DENY_VERSION := 0.20.2
# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/,"",$$3); print $$3; exit}' Cargo.lock)
# Build tools are installed once per machine; their own release profile (fat LTO, one codegen
# unit) makes the install the longest step of a fresh `make test`, for no gain at build time.
TOOL_PROFILE := CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=2
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

SERVE_ENV := LINER_MODE=sandbox LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
             LEPTOS_OUTPUT_NAME=liner LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true

.PHONY: run test bench perf perf-tools soak build tools rust-tools node-tools browser lint deny unit size e2e fmt

run: tools build
	$(SERVE_ENV) LEPTOS_SITE_ADDR=$${LEPTOS_SITE_ADDR:-127.0.0.1:3000} ./target/release/liner

test: tools lint deny unit build size e2e

build: tools
	cargo leptos build --release --precompress

tools: rust-tools node-tools browser

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || \
	  $(TOOL_PROFILE) cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || \
	  $(TOOL_PROFILE) cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@cargo deny --version 2>/dev/null | grep -q "$(CARGO_DENY_VERSION)" || \
	  $(TOOL_PROFILE) cargo install cargo-deny --version $(CARGO_DENY_VERSION) --locked

node-tools:
	@[ -x node_modules/.bin/tailwindcss ] && [ -x node_modules/.bin/wasm-opt ] || npm ci --no-audit --no-fund
	@[ -d end2end/node_modules/@playwright/test ] && [ -d end2end/node_modules/@axe-core/playwright ] || (cd end2end && npm ci --no-audit --no-fund)

browser:
	@[ -x /usr/bin/chromium ] || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

lint:
	python3 scripts/module-loops.py server/src app/src
	cargo fmt --all --check
	cargo clippy -p liner --all-targets -- -D warnings
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# Supply chain (deny.toml says why each licence is allowed): crates.io only, permissive licences,
# no OpenSSL. Advisories need the RustSec git database, out of these machines' reach: see README.
deny:
	cargo deny --workspace check bans licenses sources

# Same profile as the release build, so dependencies compile once. The core apart: its
# dev-dependencies (proptest, criterion) would otherwise change the features the server's
# dependencies are built with, and the release build would build them again.
unit:
	cargo test --release -p liner
	cargo test --release -p app -p server

# The first load's brotli bytes against their budget (a ratchet: see the script).
size:
	python3 scripts/size-guard.py

e2e:
	./end2end/run.sh

# Measurements, not tests: the domain core's per-keystroke work (criterion), then
# keystroke-to-preview in Chromium on a maximal post (figures in end2end/test-results/).
bench: tools build
	cargo bench -p liner --bench render
	cargo test --release -p server --test it -- lookup:: --ignored --nocapture
	./end2end/run.sh --config playwright.bench.config.ts

# Every speed figure Liner promises, in one table beside its target (scripts/perf.py): first
# load per page, Lighthouse, throughput and latency, memory, keystroke-to-preview, publish delay.
perf: tools build perf-tools
	python3 scripts/perf.py

perf-tools:
	@command -v wrk >/dev/null && command -v brotli >/dev/null || \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk brotli; }
	@[ -x perf/node_modules/.bin/lighthouse ] || (cd perf && npm ci --no-audit --no-fund)

# The heavy publishing runs (minutes each), against the fakes, and the full fuzzing run (10,000
# generated inputs per property, and 10,000 requests; `make test` runs 1,000 of each); figures
# printed as they finish.
soak:
	cargo test --release -p server --test it -- rate_limits:: faults:: timing:: --ignored --nocapture --test-threads 1
	LINER_FUZZ_CASES=10000 cargo test --release -p liner --test fuzz
	LINER_FUZZ_CASES=10000 cargo test --release -p server --test it -- fuzz:: --nocapture

fmt:
	cargo fmt --all
