#!/usr/bin/env bash
# Builds and runs Vitae with the embedded defaults (SQLite in ./data, built-in accounts, the
# built-in parser) at http://127.0.0.1:3000. Configuration: see README.md or `vitae --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
exec cargo leptos serve --release --precompress
