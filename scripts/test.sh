#!/usr/bin/env bash
# The one test command: unit tests, black-box integration tests on SQLite and PostgreSQL,
# and the Playwright end-to-end suite in Debian's Chromium at two viewports, with and without
# JavaScript. Set PARTA_TEST_POSTGRES_URL to use an existing server instead of a throwaway one.
set -euo pipefail
cd "$(dirname "$0")/.."

# A timing line per phase, printed at the end (also when a phase fails).
phase_name=""; phase_start=$(date +%s); run_start=$phase_start; timings=()
phase() {
  local now; now=$(date +%s)
  [ -n "$phase_name" ] && timings+=("$(printf '%5d s  %s' $((now - phase_start)) "$phase_name")")
  phase_name="$1"; phase_start=$now
  [ -n "$1" ] && echo "test: $1"
  return 0
}
print_timings() {
  phase ""
  echo "test: time per phase"
  for line in "${timings[@]}"; do echo "  $line"; done
  printf '  %5d s  in all\n' $(($(date +%s) - run_start))
}

phase "setup (tools missing on this machine)"
scripts/setup.sh
source scripts/tools/path.sh
# A test run builds each crate once; incremental caches would only fill the disk (tens of GB
# over a day of runs on this project).
export CARGO_INCREMENTAL=0

work=$(mktemp -d /tmp/parta-test.XXXXXX)
server_pid=""
mailbox_pid=""
live_pids=()
# cargo-leptos writes the site to target/site (site-root in Cargo.toml, relative to the
# workspace) whatever CARGO_TARGET_DIR says; the server binary goes to the cargo target dir.
# The browsers test the release build: what a school runs (optimised WASM included).
bin="${CARGO_TARGET_DIR:-target}/release/parta"
cleanup() {
  print_timings
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$mailbox_pid" ] && kill "$mailbox_pid" 2>/dev/null && wait "$mailbox_pid" 2>/dev/null || true
  for pid in "${live_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

phase "starting PostgreSQL"
if [ -z "${PARTA_TEST_POSTGRES_URL:-}" ]; then
  PARTA_TEST_POSTGRES_URL=$(scripts/pg.sh start "$work/pg")
  export PARTA_TEST_POSTGRES_URL
  echo "test: throwaway PostgreSQL at $PARTA_TEST_POSTGRES_URL"
fi

phase "building the release site and server"
# --precompress writes the .br/.gz siblings the server prefers, as bench.sh and a deployment do.
cargo leptos build --release --precompress

phase "unit and integration tests (SQLite and PostgreSQL)"
cargo test -p app -p server -p parta-bench --features app/ssr

phase "end-to-end in Chromium (release build)"
mkdir -p "$work/e2e"
# A real SMTP listener and SMS gateway on loopback (end2end/support/mailbox.mjs): the server's
# outbox worker delivers to it, the tests read what arrived through its HTTP API.
node end2end/support/mailbox.mjs --ports "$work/e2e/mailbox.ports" >"$work/e2e/mailbox.out" 2>&1 &
mailbox_pid=$!
for _ in $(seq 1 100); do [ -s "$work/e2e/mailbox.ports" ] && break; sleep 0.1; done
smtp_port=$(sed -n 's/^smtp=\([0-9]*\) .*/\1/p' "$work/e2e/mailbox.ports")
mailbox_port=$(sed -n 's/.* http=\([0-9]*\)$/\1/p' "$work/e2e/mailbox.ports")
[ -n "$smtp_port" ] && [ -n "$mailbox_port" ] || { echo "test: the mailbox did not start" >&2; cat "$work/e2e/mailbox.out" >&2; exit 1; }
# Gosuslugi (ESIA) sign-in: the server starts the ESIA sandbox on its own loopback port (its
# GOST keys are made in the data directory) and signs in through it; esia.spec.ts uses it.
export PARTA_ESIA_SANDBOX=127.0.0.1:0
# Four browser projects share this server from one address: the per-address limit of access
# recovery is raised; the per-login and per-contact limits stay as they are.
PARTA_DEMO=1 PARTA_BIND=127.0.0.1:0 PARTA_DATA_DIR="$work/e2e" \
  PARTA_DATABASE_URL="sqlite://$work/e2e/parta.db?mode=rwc" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
  PARTA_SMTP_URL="smtp://127.0.0.1:$smtp_port" PARTA_SMS_URL="http://127.0.0.1:$mailbox_port/sms" \
  PARTA_RECOVERY_IP_LIMIT=100000 \
  "$bin" serve >"$work/e2e/server.out" 2>"$work/e2e/server.err" &
server_pid=$!
addr=""
for _ in $(seq 1 600); do
  addr=$(sed -n 's/^Parta listening on http:\/\///p' "$work/e2e/server.out" | head -n1)
  [ -n "$addr" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/e2e/server.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$addr" ] || { echo "test: the server did not start" >&2; cat "$work/e2e/server.err" >&2; exit 1; }
rm -rf end2end/screenshots
(cd end2end && PARTA_E2E_URL="http://$addr" PARTA_E2E_MAILBOX="http://127.0.0.1:$mailbox_port" \
  PARTA_E2E_DB="$work/e2e/parta.db" npx playwright test)
phase "live updates across two server processes on one PostgreSQL database"
# The journal's live tests again, with the second browser context on a second Parta process:
# a change saved through one process must reach a screen served by the other (LISTEN/NOTIFY).
psql "$PARTA_TEST_POSTGRES_URL" -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE parta_e2e_live"
live_db="${PARTA_TEST_POSTGRES_URL%/*}/parta_e2e_live"
mkdir -p "$work/live"
start_live_server() { # name → sets live_addr; both share the data directory (one server secret)
  PARTA_DEMO=1 PARTA_BIND=127.0.0.1:0 PARTA_DATA_DIR="$work/live" PARTA_DATABASE_URL="$live_db" \
    LEPTOS_SITE_ROOT=target/site RUST_LOG=warn PARTA_RECOVERY_IP_LIMIT=100000 \
    "$bin" serve >"$work/live/$1.out" 2>"$work/live/$1.err" &
  live_pids+=($!)
  live_addr=""
  for _ in $(seq 1 600); do
    live_addr=$(sed -n 's/^Parta listening on http:\/\///p' "$work/live/$1.out" | head -n1)
    [ -n "$live_addr" ] && return 0
    kill -0 "${live_pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "test: live server $1 did not start" >&2; cat "$work/live/$1.err" >&2; exit 1
}
start_live_server first   # seeds the demo school, then listens
first_addr=$live_addr
start_live_server second  # finds the data there
second_addr=$live_addr
(cd end2end && PARTA_E2E_URL="http://$first_addr" PARTA_E2E_URL2="http://$second_addr" \
  npx playwright test tests/journal.spec.ts --project desktop-js --grep @live)
echo "test: screenshots are in end2end/screenshots/"
