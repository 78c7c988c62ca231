#!/usr/bin/env bash
# Installs what building (and, with `test`, testing) Vitae needs, skipping whatever is present.
#   scripts/setup.sh run    the Rust wasm target, cargo-leptos, wasm-bindgen-cli, npm packages
#   scripts/setup.sh test   the same, plus Debian's chromium, postgresql and pgbouncer
# Everything comes from package registries (crates.io, npm, Debian): nothing is downloaded from
# GitHub, so it works behind a firewall that only lets those through.
set -euo pipefail
cd "$(dirname "$0")/.."

purpose=${1:-run}
CARGO_LEPTOS_VERSION=0.3.10 # 0.3.11 needs rustc 1.96

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null && command -v rustup >/dev/null ||
  die "Rust is not installed. Install rustup (https://rustup.rs), open a new shell, and run this again."
command -v npm >/dev/null ||
  die "Node.js with npm is not installed. Install Node 20 or newer (https://nodejs.org or your package manager), then run this again."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (once; about 13 minutes on 2 cores)"
  cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION"
fi

# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$wasm_bindgen_version" ] || die "cannot find the wasm-bindgen version in Cargo.lock"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wasm_bindgen_version\$"; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version (once; about 4 minutes)"
  # No --locked: one of its pinned dependencies is no longer on crates.io.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

# Playwright, and binaryen's wasm-opt (npm's; Debian's older one breaks hydration).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -x end2end/node_modules/.bin/playwright ] ||
  [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing npm packages in end2end/"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

if [ "$purpose" = test ]; then
  packages=()
  if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi
  if [ -z "${TEST_DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    packages+=(postgresql)
  fi
  # The stand-in for Supabase's Supavisor: the store and scale-out tests run through it.
  if [ -z "${TEST_PGBOUNCER_URL:-}" ] && ! command -v pgbouncer >/dev/null 2>&1 &&
    [ ! -x /usr/sbin/pgbouncer ]; then
    packages+=(pgbouncer)
  fi
  if [ ${#packages[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null; then
      sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      say "installing Debian packages: ${packages[*]}"
      $sudo apt-get update -qq
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
    else
      die "this system has no apt-get. Install ${packages[*]} with your package manager; or point the tests at what you have: CHROMIUM_PATH=/path/to/chromium, TEST_DATABASE_URL=postgres://user:pass@host/db (a server where that user may create databases), TEST_PGBOUNCER_URL=postgres://user:pass@host:port/db (a pgbouncer in pool_mode=transaction in front of it)."
    fi
  fi
fi
