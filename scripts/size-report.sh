#!/usr/bin/env bash
# Prints the raw and compressed sizes of what /pkg serves (the browser's download).
# Run after a release build: cargo leptos build --release
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=${1:-target/site/pkg}
[ -d "$pkg" ] || { echo "no $pkg: build first (cargo leptos build --release)" >&2; exit 1; }
printf '%-40s %10s %10s %10s\n' file raw gzip-9 brotli
total_raw=0 total_gz=0
for f in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
  [ -f "$f" ] || continue
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  if command -v brotli >/dev/null; then br=$(brotli -c -q 11 "$f" | wc -c); else br="-"; fi
  printf '%-40s %10s %10s %10s\n' "$(basename "$f")" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
printf '%-40s %10s %10s\n' total "$total_raw" "$total_gz"

# What weighs in the wasm: the largest functions and data, from the build before wasm-opt
# (names intact; wasm-opt shrinks every item, not the ranking). The bundle /pkg serves has lost
# its names, so this reads cargo's output for the wasm-release profile, which cargo-leptos puts
# under <target>/front.
target_dir=${CARGO_TARGET_DIR:-target}
raw_wasm=$target_dir/front/wasm32-unknown-unknown/wasm-release/frontend.wasm
top=${TWIGGY_TOP:-25}
echo
if ! command -v twiggy >/dev/null; then
  echo "size breakdown: twiggy is not installed (cargo install twiggy --locked), skipped"
elif [ ! -f "$raw_wasm" ]; then
  echo "size breakdown: no $raw_wasm (cargo leptos build --release makes it), skipped"
else
  echo "size breakdown of $raw_wasm ($(wc -c <"$raw_wasm") bytes before wasm-bindgen and wasm-opt):"
  echo "-- top $top items by shallow size"
  twiggy top -n "$top" "$raw_wasm"
  echo "-- top $top by retained size (what goes if the item goes)"
  twiggy dominators -d 3 -r "$top" "$raw_wasm" 2>/dev/null || twiggy dominators "$raw_wasm" | head -n "$top"
fi
