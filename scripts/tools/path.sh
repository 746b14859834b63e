# Sourced by run.sh, test.sh and bench.sh after setup.sh: the pinned build tools from npm
# (binaryen's wasm-opt, see setup.sh) come before anything else of the same name on PATH.
PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/node_modules/.bin:$PATH"
export PATH
