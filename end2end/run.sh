#!/usr/bin/env bash
# Starts the built release server in sandbox mode on a free port with a fresh database, waits
# until it is ready, runs Playwright against it, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=target/release/liner
[ -x "$bin" ] || { echo "run.sh: $bin is missing; run 'make build' first" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
tmp=$(mktemp -d)
log="$tmp/liner.log"

LINER_MODE=sandbox \
LEPTOS_SITE_ADDR="127.0.0.1:$port" \
LEPTOS_SITE_ROOT=target/site \
LEPTOS_SITE_PKG_DIR=pkg \
LEPTOS_OUTPUT_NAME=liner \
LEPTOS_ENV=PROD \
LEPTOS_HASH_FILES=true \
DATABASE_URL="$tmp/liner.db" \
LINER_SANDBOX_RECORD="$tmp/discord.jsonl" \
LINER_SIGN_IN_PER_MINUTE=1000 \
RUST_LOG="${RUST_LOG:-info,sqlx=warn,apalis=warn}" \
  "$bin" >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -n "${LINER_E2E_KEEP:-}" ] && echo "run.sh: kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "run.sh: the server exited:" >&2; cat "$log" >&2; exit 1; fi
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { echo "run.sh: the server never became ready" >&2; cat "$log" >&2; exit 1; }

status=0
report="$tmp/playwright.txt"
# The worker's own requests are visible to routes only with this set (the offline suite cuts them).
# The database is named for the tests that run `liner` commands on it as an operator would.
(cd end2end && LINER_BASE_URL="http://127.0.0.1:$port" LINER_E2E_DATABASE="$tmp/liner.db" PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1 \
  npx playwright test "$@") 2>&1 | tee "$report" || status=$?
if [ "$status" -ne 0 ]; then
  mkdir -p end2end/test-results
  cp "$log" end2end/test-results/server.log
  cp "$report" end2end/test-results/playwright.txt
  # Warnings and errors only: request logs would bury the failures. The failures come last,
  # because CI keeps only the tail of what a run prints.
  echo "---- server warnings and errors (whole log: end2end/test-results/server.log) ----" >&2
  grep -E "WARN|ERROR|panicked" "$log" | tail -n 30 >&2 || true
  echo "---- failed tests ----" >&2
  grep -E "^\s+✘|^\s+[0-9]+\) |Error:|expect\(|Expected|Received|at .*spec\.ts" "$report" | head -n 60 >&2 || true
  tail -n 15 "$report" >&2
fi
exit "$status"
