#!/usr/bin/env bash
# Runs every check and test of Vitae: formatting, clippy for the server and the browser builds,
# every cargo test (SQLite and a throwaway PostgreSQL cluster), then the Playwright suite in
# Debian's Chromium against a release build on a free port with a fresh data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# Where cargo puts binaries (a shared CARGO_TARGET_DIR is honoured).
target_dir=${CARGO_TARGET_DIR:-$root/target}

scripts/setup.sh test
# One build per run: incremental caches only cost disk and time here.
export CARGO_INCREMENTAL=0
export PATH="$root/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "clippy: server build (ssr)"
cargo clippy -p app -p vitae -p resume --all-targets --features app/ssr,resume/parse -- -D warnings
step "clippy: browser build (hydrate, wasm32)"
cargo clippy -p frontend -p resume --target wasm32-unknown-unknown -- -D warnings

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

step "cargo test (SQLite, and PostgreSQL: TEST_DATABASE_URL or a throwaway cluster)"
cargo test -p resume --features parse
# The app's and the server's database tests share one cluster (each test binary starts its own
# pgbouncer in front of it unless TEST_PGBOUNCER_URL names one).
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  cargo test -p app --features ssr
  cargo test -p vitae
else
  scripts/with-postgres.sh sh -c 'cargo test -p app --features ssr && cargo test -p vitae'
fi

step "release build"
cargo leptos build --release --precompress
scripts/size-report.sh

step "Playwright against the release build"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
mkdir -p "$tmp/site-data"
(
  cd "$tmp/site-data"
  # Started from another directory: LEPTOS_SITE_ROOT and LEPTOS_SITE_ADDR are all it needs.
  env -i PATH="$PATH" HOME="$HOME" LEPTOS_SITE_ROOT="$root/target/site" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    RUST_LOG=warn "$target_dir/release/vitae" serve
) >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/healthz" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log"; echo "the server did not start" >&2; exit 1; }
  sleep 0.1
done
# The public-site spec seeds people with `vitae users import` against the server's own database.
(cd end2end && VITAE_URL="http://127.0.0.1:$port" VITAE_BIN="$target_dir/release/vitae" \
  VITAE_DATA_DIR="$tmp/site-data" npx playwright test) || {
  echo "--- server log ---"; tail -50 "$tmp/server.log"; exit 1
}
