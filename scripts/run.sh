#!/usr/bin/env bash
# Runs Parta on http://127.0.0.1:3000 with an embedded SQLite database (data/parta.db) and the
# demo school seeded on first start. `scripts/run.sh --release` builds the optimised version.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/tools/path.sh
export PARTA_DEMO="${PARTA_DEMO:-1}"
# Gosuslugi (ESIA) sign-in: the ESIA sandbox on its own loopback port next to the demo, so every
# sign-in scenario can be tried from the sign-in page (its keys are made in data/esia-sandbox/).
export PARTA_ESIA_SANDBOX="${PARTA_ESIA_SANDBOX:-127.0.0.1:3100}"
exec cargo leptos serve "$@"
