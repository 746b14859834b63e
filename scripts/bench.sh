#!/usr/bin/env bash
# The one benchmark command. Builds the release server and parta-bench, then for each dataset
# seeds a fresh database, starts `parta serve` on a free port and runs parta-bench against it.
#
#   scripts/bench.sh                      # SQLite: `single` (demo school) and `scale` (20 schools, 4 regions)
#   BENCH_CONCURRENCY=16 BENCH_SECONDS=5 scripts/bench.sh
#   scripts/bench.sh --only journal       # arguments go to parta-bench (here: only the journal's numbers)
#   scripts/bench.sh --only sweep         # only the sweep of every page route as each role
#   BENCH_DATASETS=single scripts/bench.sh  # only these datasets (single, scale, single-postgres)
#   PARTA_BENCH_POSTGRES_URL=postgres://user:pw@localhost/parta_bench scripts/bench.sh
#                                         # `single` on that PostgreSQL (an empty database);
#                                         # without it, on a throwaway cluster (scripts/pg.sh)
#
# Results go to stdout; JSON copies to target/bench/<dataset>.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

concurrency="${BENCH_CONCURRENCY:-64}"
datasets="${BENCH_DATASETS:-single scale single-postgres}"
bench_args=("$@")
seconds="${BENCH_SECONDS:-10}"
server_bin=target/release/parta
bench_bin=target/release/parta-bench

server_pid=""
tmp_dirs=()

stop_server() {
    if [[ -n "$server_pid" ]]; then
        if kill -0 "$server_pid" 2>/dev/null; then
            kill "$server_pid" 2>/dev/null || true
            # Give it 10 s to shut down gracefully, then insist.
            for _ in $(seq 1 100); do
                kill -0 "$server_pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -9 "$server_pid" 2>/dev/null || true
        fi
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}

cleanup() {
    stop_server
    if ((${#tmp_dirs[@]})); then
        rm -rf "${tmp_dirs[@]}"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build, once --------------------------------------------------------------------------------
if [[ -f scripts/setup.sh ]]; then
    bash scripts/setup.sh
fi
source scripts/tools/path.sh
cargo leptos build --release --precompress
cargo build --release -p parta-bench
for bin in "$server_bin" "$bench_bin"; do
    [[ -x "$bin" ]] || { echo "bench.sh: $bin was not built" >&2; exit 1; }
done
mkdir -p target/bench
# The router's own list of page routes, for the sweep of every page as each role.
"$server_bin" routes >target/bench/routes.txt

# --- one dataset --------------------------------------------------------------------------------
# run_dataset <label> <database-url or "sqlite"> [extra arguments for `parta demo`...]
run_dataset() {
    local label="$1" db="$2"
    shift 2
    [[ " $datasets " == *" $label "* ]] || return 0
    local tmp
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/parta-bench.XXXXXX")"
    tmp_dirs+=("$tmp")
    if [[ "$db" == sqlite ]]; then
        db="sqlite://$tmp/parta.db?mode=rwc"
    fi

    echo
    echo "=== dataset: $label (${db%%:*}) ==="
    echo "--- seeding: parta demo${*:+ $*}"
    PARTA_DATABASE_URL="$db" PARTA_DATA_DIR="$tmp" RUST_LOG=warn \
        "$server_bin" demo "$@"

    : >"$tmp/server.out"
    : >"$tmp/server.err"
    PARTA_DATABASE_URL="$db" PARTA_DATA_DIR="$tmp" PARTA_BIND=127.0.0.1:0 \
        LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
        "$server_bin" serve >"$tmp/server.out" 2>"$tmp/server.err" &
    server_pid=$!

    local addr="" waited=0
    while [[ -z "$addr" ]]; do
        addr="$(sed -n 's|^.*Parta listening on http://\([^[:space:]]*\).*$|\1|p' "$tmp/server.out" | head -n 1)"
        [[ -n "$addr" ]] && break
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "bench.sh: parta serve exited before listening; its output:" >&2
            cat "$tmp/server.out" "$tmp/server.err" >&2 || true
            exit 1
        fi
        if ((waited >= 600)); then
            echo "bench.sh: parta serve printed no 'Parta listening on http://…' line within 60 s; its output:" >&2
            cat "$tmp/server.out" "$tmp/server.err" >&2 || true
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    echo "--- server listening on http://$addr"

    if ! "$bench_bin" --url "http://$addr" --concurrency "$concurrency" --seconds "$seconds" \
        --routes target/bench/routes.txt --json "target/bench/$label.json" "${bench_args[@]}"; then
        echo "bench.sh: parta-bench failed on dataset $label; server stderr:" >&2
        tail -n 50 "$tmp/server.err" >&2 || true
        exit 1
    fi
    # Time to interactive of a first visit on a throttled phone, in Chromium (one school is enough).
    if [[ "$label" == single && ( -z "${bench_args[*]:-}" || " ${bench_args[*]:-} " == *" first-load "* ) ]]; then
        node end2end/support/first-load.mjs --url "http://$addr" || echo "bench.sh: the first-load measurement failed" >&2
    fi
    stop_server
}

run_dataset single sqlite
run_dataset scale sqlite --schools 20 --regions 4
# PostgreSQL too: the given server, or a throwaway cluster from Debian's packages.
pg_dir=""
if [[ " $datasets " == *" single-postgres "* && -z "${PARTA_BENCH_POSTGRES_URL:-}" ]]; then
    pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/parta-bench-pg.XXXXXX")"
    PARTA_BENCH_POSTGRES_URL="$(scripts/pg.sh start "$pg_dir/pg")"
    trap 'cleanup; scripts/pg.sh stop "$pg_dir/pg" >/dev/null 2>&1; rm -rf "$pg_dir"' EXIT
fi
run_dataset single-postgres "${PARTA_BENCH_POSTGRES_URL:-}"
