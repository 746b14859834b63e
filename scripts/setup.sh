#!/usr/bin/env bash
# Installs whatever Parta's build and tests need and is missing; does nothing when all is there.
# Needs only the Rust toolchain (rustup, cargo) and root for Debian packages. No tool downloads
# a binary of its own: cargo-leptos is built with `no_downloads` and takes wasm-bindgen,
# wasm-opt from PATH (scripts/tools/path.sh puts the pinned wasm-opt first); Playwright drives
# Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

CARGO_LEPTOS_VERSION=0.3.5
# The wasm-bindgen CLI must equal the library version in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
: "${WASM_BINDGEN_VERSION:?cannot read the wasm-bindgen version from Cargo.lock}"

# 1. Debian packages: PostgreSQL for the second backend, Chromium for end-to-end tests,
#    fonts with Cyrillic for screenshots, OpenSSL headers for cargo-leptos,
#    sqlite3 for end-to-end tests that read a captcha's answer from the test database,
#    fet-data for the real school timetables (.fet) the timetable import is tested with.
APT_PACKAGES=(postgresql chromium fonts-dejavu-core libssl-dev pkg-config nodejs npm sqlite3 fet-data libengine-gost-openssl)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# nodejs/npm may come from elsewhere on this machine kind: only install what has no command.
filtered=()
for p in "${missing[@]}"; do
  case "$p" in
    nodejs) command -v node >/dev/null || filtered+=("$p") ;;
    npm) command -v npm >/dev/null || filtered+=("$p") ;;
    *) filtered+=("$p") ;;
  esac
done
if ((${#filtered[@]})); then
  say "installing Debian packages: ${filtered[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${filtered[@]}" >/dev/null
fi

# 2. The WASM target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Tools are built once per machine; a lighter release profile halves their build time and
# does not matter for what they do here.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

# 3. wasm-bindgen CLI, exactly the library's version.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "building wasm-bindgen-cli $WASM_BINDGEN_VERSION (once per machine, ~8 min)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 4. cargo-leptos, pinned, never downloading tools itself.
if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "building cargo-leptos $CARGO_LEPTOS_VERSION (once per machine, ~15 min)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads --force
fi

# 5. Playwright for the end-to-end suite (the browser is Debian's, nothing is downloaded).
if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing end-to-end test packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
# 6. wasm-opt for the release WASM: binaryen 132 from npm (pinned in scripts/tools/package-lock.json,
#    compiled to WASM, run by node; no compiler needed). Not Debian's binaryen 108: the module
#    rustc 1.95 and wasm-bindgen 0.2.130 emit has two tables (0: the funcref table of indirect
#    calls, 1: wasm-bindgen's externref table, exported as `__wbindgen_externrefs`), and 108
#    writes that export as table 0. The glue's `table.set(0, undefined)` then lands in the
#    funcref table and Chromium stops with «WebAssembly.Table.set(): Argument 1 is invalid for
#    table»: nothing hydrates. Binaryen 132 keeps the export on table 1.
if [ ! -x scripts/tools/node_modules/.bin/wasm-opt ] || [ scripts/tools/package-lock.json -nt scripts/tools/node_modules/.package-lock.json ]; then
  say "installing build tools from npm (binaryen's wasm-opt)"
  (cd scripts/tools && npm ci --no-audit --no-fund --loglevel=error)
fi
say "ready"
